"""The registry of check types (checker/checks/__init__.py): every module declares what a
check type is and what its answer depends on, and the engine and the audit read that."""
from __future__ import annotations

import pytest

from checker.checks import (CHECKS, DATE, FILES, GIT, SYSTEM, compile_check, depends_on,
                            subchecks, watched_globs)
from checker.checks.base import DEPENDENCIES
from checker.model import Rule, Severity
from checker.run.audit import is_local


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_every_check_type_declares_its_properties(name: str) -> None:
    module = CHECKS[name]
    assert module.ID == name
    assert isinstance(module.DESCRIPTION, str) and module.DESCRIPTION
    assert isinstance(module.SCHEMA, dict) and "type" not in module.SCHEMA
    assert isinstance(module.DEPENDS_ON, frozenset) and module.DEPENDS_ON <= DEPENDENCIES
    assert callable(module.compile) and callable(module.check)
    inner = subchecks(module)
    assert inner is None or inner in module.SCHEMA
    hook = getattr(module, "watched_globs", None)
    assert hook is None or callable(hook)


def test_what_the_check_types_depend_on() -> None:
    assert {name for name, m in CHECKS.items() if GIT in m.DEPENDS_ON} == {"freshness", "signoff"}
    assert {name for name, m in CHECKS.items() if FILES in m.DEPENDS_ON} == {
        "codeowners", "exists", "raw_source", "evaluated_files", "release_evidence"}
    # evaluated_files: their bytes; release_evidence: the weight files in the system's folder
    assert {name for name, m in CHECKS.items() if DATE in m.DEPENDS_ON} == {"freshness", "threshold"}
    assert {name for name, m in CHECKS.items() if SYSTEM in m.DEPENDS_ON} == \
        {"freshness", "ai_bom", "evaluated_stack", "evaluated_files", "release_evidence"}
    # they read the system's card, threat model or files


def test_a_combined_check_depends_on_what_its_checks_depend_on() -> None:
    spec = {"type": "all", "checks": [{"type": "schema", "schema": {}},
                                      {"type": "any", "checks": [{"type": "signoff",
                                                                  "trailers": ["A"]}]}]}
    assert depends_on(spec) == {GIT}
    assert depends_on({"type": "any", "checks": [{"type": "schema", "schema": {}}]}) == set()


def test_watched_globs_come_from_the_check_and_the_checks_inside_it() -> None:
    after = {"type": "freshness", "after": {"setting": "critical", "default": ["a/**"]}}
    assert watched_globs(after, {}) == ["a/**"]
    assert watched_globs(after, {"critical": "b/**"}) == ["b/**"]
    assert watched_globs({"type": "all", "checks": [{"type": "schema", "schema": {}}, after]},
                         {}) == ["a/**"]
    assert watched_globs({"type": "freshness", "max_age_days": 3}, {}) == []


def test_inner_checks_are_compiled_with_their_position_in_errors() -> None:
    module, compiled = compile_check({"type": "all", "checks": [{"type": "schema",
                                                                 "schema": {}}]})
    assert module is CHECKS["all"] and compiled[0][0] is CHECKS["schema"]
    with pytest.raises(ValueError, match=r"^checks\[1\]: unknown check type 'nope'"):
        compile_check({"type": "any", "checks": [{"type": "schema", "schema": {}},
                                                 {"type": "nope"}]})


def _rule(check: dict, **fields: object) -> Rule:
    return Rule(id="T-1", name="t", title="t", dimension="d", discipline="safety",
                severity=Severity.parse("high"), applies_to=("threat_model",), check=check,
                pack="p", **fields)


@pytest.mark.parametrize("check, local", [
    ({"type": "schema", "schema": {}}, True),
    ({"type": "coverage", "require": [{"name": "n", "path": "a"}]}, True),
    ({"type": "coverage", "require": [{"name": "n", "path": "a", "kind": "eval_report"}]}, False),
    ({"type": "threshold", "value": "a", "max": 1}, False),
    ({"type": "exists", "files": ["a"]}, False),
    ({"type": "all", "checks": [{"type": "schema", "schema": {}},
                                {"type": "signoff", "trailers": ["A"]}]}, False),
])
def test_the_audit_reuses_only_results_that_depend_on_the_artifact_alone(check: dict,
                                                                          local: bool) -> None:
    assert is_local(_rule(check)) is local
    assert is_local(_rule(check, scope="system")) is False
