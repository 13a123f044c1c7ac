"""The engine: nothing passes vacuously, conditions, crashes and unreadable files are visible."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from checker.engine import evaluate
from checker.model import Artifact, LoadFailure, RunResult, Status
from checker.policy.loader import load_packs

NONCOMPLIANT = Path(__file__).resolve().parents[1] / "fixtures" / "noncompliant"
AS_OF = dt.date(2026, 11, 27)
HEAD = "pack: test\nversion: 1.0.0\nrules:\n"
RULE = """\
  - id: {id}
    name: {name}
    title: {title}
    dimension: threat-models
    discipline: security
    severity: high
    applies_to: {kind}
{extra}    check: {check}
"""
HAS_THREATS = "{type: coverage, require: [{name: threats, path: 'threats[].id'}]}"


def rule_text(rule_id: str, *, kind: str = "threat_model", check: str = HAS_THREATS,
              extra: str = "") -> str:
    return RULE.format(id=rule_id, name=rule_id.lower(), title=f"Title of {rule_id}", kind=kind,
                       check=check, extra=extra)


@pytest.fixture
def rules(tmp_path):
    def load(*texts: str) -> list:
        pack = tmp_path / "pack.yaml"
        pack.write_text(HEAD + "".join(texts), encoding="utf-8")
        return load_packs([pack])[0]
    return load


def tm(path: str = "models/a/threat-model.yaml", threats: list | None = None,
       system: str = "models/a") -> Artifact:
    data = {"threats": [{"id": "T-1"}] if threats is None else threats}
    return Artifact(path=path, kind="threat_model", format="threat-model/v1", data=data,
                    system=system)


def run(rules: list, items: list, systems: tuple = ("models/a",)) -> list:
    return evaluate(rules, items, systems, settings={}, as_of=AS_OF)


def test_a_rule_with_nothing_to_check_is_blocked_by_a_failing_root_cause(rules):
    cause, blocked = run(rules(rule_text("X-1")), [])
    assert (blocked.rule, blocked.status, blocked.blocked_by) == (
        "X-1", Status.BLOCKED, "MISSING-THREAT-MODEL")
    assert blocked.message == ("blocked: no threat model found for system models/a "
                               "(root cause MISSING-THREAT-MODEL)")
    assert (cause.rule, cause.status, cause.blocks, cause.system) == (
        "MISSING-THREAT-MODEL", Status.FAIL, ("X-1",), "models/a")
    assert cause.message == "no threat model found for system models/a, so 1 rule cannot run: X-1"
    assert cause.file == "" and cause.artifact == "" and blocked.file == ""


def test_in_a_repository_without_systems_the_message_has_no_system(rules):
    cause, blocked = run(rules(rule_text("X-1")), [], systems=(".",))
    assert cause.message == "no threat model found, so 1 rule cannot run: X-1"
    assert blocked.message == "blocked: no threat model found (root cause MISSING-THREAT-MODEL)"


def test_missing_not_applicable(rules):
    [result] = run(rules(rule_text("X-1", extra="    missing: not-applicable\n")), [])
    assert result.status is Status.NOT_APPLICABLE


def test_one_result_per_rule_and_artifact_and_pass_when_clean(rules):
    items = [tm(), tm("models/a/more/threat-model.yaml", threats=[])]
    results = run(rules(rule_text("X-1")), items)
    assert [(r.artifact, r.status) for r in results] == [
        ("models/a/more/threat-model.yaml", Status.FAIL),
        ("models/a/threat-model.yaml", Status.PASS)]
    assert results[1].message == "Title of X-1: ok"


def test_scope_system_gives_one_result_per_system(rules):
    items = [tm(), tm("models/a/more/threat-model.yaml")]
    results = run(rules(rule_text("X-1", extra="    scope: system\n")), items)
    assert len(results) == 1


WHEN_TOOLS = ("    when: {kind: config, path: channels.tools, truthy: true, "
              "reason: the system has no tools}\n")


def test_when_false_is_not_applicable_with_its_reason(rules):
    [result] = run(rules(rule_text("X-1", extra=WHEN_TOOLS)), [tm(threats=[])])
    assert result.status is Status.NOT_APPLICABLE
    assert result.message == "not applicable: the system has no tools"


def test_when_false_and_nothing_to_check_is_not_applicable(rules):
    [result] = run(rules(rule_text("X-1", extra=WHEN_TOOLS)), [])
    assert result.status is Status.NOT_APPLICABLE
    assert "no tools" in result.message


def test_when_true_evaluates_the_rule(rules):
    config = Artifact(path="models/a/serving/config.yaml", kind="config", format="yaml",
                      data={"channels": {"tools": True}}, system="models/a")
    [result] = run(rules(rule_text("X-1", extra=WHEN_TOOLS)), [tm(threats=[]), config])
    assert result.status is Status.FAIL


def test_a_crashing_check_is_an_error_naming_the_rule_and_exit_3(rules, monkeypatch):
    def boom(*_args):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("checker.checks.coverage.check", boom)
    loaded = rules(rule_text("X-1"), rule_text("X-2", check="{type: exists, files: [a]}"))
    results = run(loaded, [tm()])
    crashed = {r.rule: r for r in results}["X-1"]
    assert crashed.status is Status.ERROR
    assert crashed.message.startswith("internal error in check 'coverage': ZeroDivisionError")
    assert {r.rule: r.status for r in results}["X-2"] is Status.FAIL  # others still run
    assert RunResult(root=".", rules=(), artifacts=(), results=tuple(results)).exit_code() == 3


def test_an_unreadable_artifact_is_an_error_for_rules_of_its_kind(rules):
    broken = LoadFailure(path="models/a/evals/e.yaml", kind="eval_report", line=5,
                         message="invalid YAML: oops", system="models/a")
    loaded = rules(rule_text("X-1"), rule_text("X-2", kind="eval_report",
                                               check="{type: exists, files: ['**']}"))
    results = run(loaded, [tm(), broken])
    by_rule = {r.rule: r for r in results}
    assert by_rule["X-1"].status is Status.PASS  # other artifacts are still evaluated
    error = by_rule["X-2"]
    assert error.status is Status.ERROR
    assert (error.file, error.line) == ("models/a/evals/e.yaml", 5)
    assert error.message == "cannot read models/a/evals/e.yaml: invalid YAML: oops"
    assert len(results) == 2  # no "no eval report found" on top of the error
    run_result = RunResult(root=".", rules=(), artifacts=(), results=tuple(results))
    assert run_result.exit_code() == 2


def test_systems_see_only_their_own_and_shared_artifacts(rules):
    items = [tm(), tm("models/b/threat-model.yaml", threats=[], system="models/b")]
    results = run(rules(rule_text("X-1")), items, systems=("models/a", "models/b"))
    assert [(r.system, r.status) for r in results] == [("models/a", Status.PASS),
                                                       ("models/b", Status.FAIL)]


def test_results_are_sorted_and_reruns_are_identical_bytes(cli, tmp_path):
    first, second = tmp_path / "1.json", tmp_path / "2.json"
    cli("check", NONCOMPLIANT, "--json", first)
    cli("check", NONCOMPLIANT, "--json", second)
    assert first.read_bytes() == second.read_bytes()
    stdout = [cli("check", NONCOMPLIANT, "--format", "json").stdout for _ in range(2)]
    assert stdout[0] == stdout[1] == first.read_text(encoding="utf-8")


def test_json_is_identical_across_processes_with_different_hash_seeds(tmp_path):
    import os
    import subprocess
    import sys

    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"{seed}.json"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "checker", "check", str(NONCOMPLIANT), "--json",
                        str(out)], env=env, capture_output=True, check=False,
                       cwd=Path(__file__).resolve().parents[1])
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
