"""``all``: several checks on one artifact; every one must pass."""
from __future__ import annotations

import pytest

from checker.checks import compile_check

HAS_OWNER = {"type": "schema", "schema": {"owner": {"required": True}}}
HAS_DATE = {"type": "schema", "schema": {"date": {"required": True}}}
NOTHING = {"type": "each", "path": "items", "require": [{"path": "id", "exists": True}],
           "if_empty": "not-applicable"}


def test_all_passing_passes(check, art):
    tm = art("threat_model", {"owner": "@a", "date": "2026-01-01"})
    assert check({"type": "all", "checks": [HAS_OWNER, HAS_DATE]}, tm) == []


def test_every_failure_of_every_check_is_reported(check, art):
    tm = art("threat_model", {})
    found = check({"type": "all", "checks": [HAS_OWNER, HAS_DATE]}, tm)
    assert [f.message for f in found] == ["owner: required field", "date: required field"]


def test_not_applicable_parts_do_not_hide_a_failure(check, art):
    tm = art("threat_model", {})
    found = check({"type": "all", "checks": [NOTHING, HAS_OWNER]}, tm)
    assert [f.message for f in found] == ["owner: required field"]


def test_not_applicable_when_every_part_is(check, art):
    tm = art("threat_model", {"items": []})
    [finding] = check({"type": "all", "checks": [NOTHING, NOTHING]}, tm)
    assert finding.not_applicable


@pytest.mark.parametrize("options, problem", [
    ({}, "checks"),
    ({"checks": []}, "checks"),
    ({"checks": [{"type": "schema"}]}, r"checks\[0\]: schema: schema: required field"),
    ({"checks": [HAS_OWNER, {"type": "teleport"}]}, r"checks\[1\]: unknown check type"),
])
def test_bad_options_are_value_errors(options, problem):
    with pytest.raises(ValueError, match=problem):
        compile_check({"type": "all", **options})
