"""``each``: every (selected) item of a list meets a schema and/or conditions."""
from __future__ import annotations

import pytest

from checker.checks import compile_check

TM = """\
threats:
  - id: T-1
    severity: high
    actor: {goal: steal, budget: {queries: 1000}}
  - id: T-2
    severity: high
    actor: {goal: inject}
  - id: T-3
    severity: low
    actor: {goal: spam}
"""
BUDGET = {"path": "actor.budget", "exists": True, "message": "states no actor budget"}


def each(**options):
    return {"type": "each", "path": "threats", **options}


def test_every_item_meeting_the_conditions_passes(check, art):
    tm = art("threat_model", text=TM)
    assert check(each(require=[{"path": "actor.goal", "exists": True, "message": "no goal"}]),
                 tm) == []


def test_an_item_failing_a_condition_is_named_and_located(check, art):
    tm = art("threat_model", text=TM)
    found = check(each(require=[BUDGET]), tm)
    assert [f.message for f in found] == ["T-2: states no actor budget (found nothing)",
                                          "T-3: states no actor budget (found nothing)"]
    assert tm.line(found[0].path) == 7  # the actor line of T-2


def test_where_selects_the_items_to_check(check, art):
    tm = art("threat_model", text=TM)
    found = check(each(where={"path": "severity", "in": ["high", "critical"]}, require=[BUDGET]), tm)
    assert [f.message.split(":")[0] for f in found] == ["T-2"]


def test_schema_per_item_reports_field_and_line(check, art):
    tm = art("threat_model", text=TM)
    found = check(each(schema={"severity": {"allowed": ["high", "critical"]}}), tm)
    assert [f.message for f in found] == ["T-3: severity: unallowed value low (expected one of high, critical)"]
    assert tm.line(found[0].path) == 9


def test_schema_on_a_non_mapping_item_fails(check, art):
    tm = art("threat_model", {"threats": ["T-1"]})
    [finding] = check(each(schema={"id": {"required": True}}), tm)
    assert "expected a mapping, found str" in finding.message


def test_items_without_an_id_are_named_by_position(check, art):
    tm = art("threat_model", {"threats": [{"actor": {}}]})
    [finding] = check(each(require=[BUDGET]), tm)
    assert finding.message.startswith("item 1:")


def test_nothing_to_check_fails_by_default(check, art):
    tm = art("threat_model", {"threats": []})
    [finding] = check(each(require=[BUDGET]), tm)
    assert finding.message == "nothing to check: no items at threats"
    assert not finding.not_applicable


def test_nothing_to_check_may_be_not_applicable(check, art):
    tm = art("threat_model", text=TM)
    [finding] = check(each(where={"path": "severity", "equals": "critical"}, require=[BUDGET],
                           if_empty="not-applicable", empty_message="no critical threats"), tm)
    assert finding.not_applicable
    assert finding.message == "nothing to check: no critical threats"


@pytest.mark.parametrize("options, problem", [
    ({"require": [BUDGET]}, "path"),
    ({"path": "threats"}, "needs 'schema', 'require' or 'native'"),
    ({"path": "threats", "schema": {"a": {"type": "bogus"}}}, "invalid Cerberus schema"),
    ({"path": "threats", "require": [{"path": "a", "frobnicate": 1}]}, "unknown condition key"),
    ({"path": "threats[", "require": [BUDGET]}, "invalid JMESPath"),
    ({"path": "threats", "require": [BUDGET], "if_empty": "pass"}, "if_empty"),
])
def test_bad_options_are_value_errors(options, problem):
    with pytest.raises(ValueError, match=problem):
        compile_check({"type": "each", **options})


# ---- native: closed vocabularies and typos named with the nearest valid name

NATIVE = {"when": {"path": "schema", "equals": "eval-report/v1"},
          "schema": {"id": {"type": "string"}, "threshold": {"type": "dict"},
                     "actor": {"type": "dict", "schema": {
                         "knowledge": {"type": "string", "allowed": ["black-box", "defense-aware"]}}}}}


def test_a_typo_in_a_native_key_names_the_nearest_key(check, art):
    doc = art("eval_report", {"schema": "eval-report/v1",
                              "results": [{"id": "E-1", "thresold": {"max": 0.1}}]})
    [finding] = check({"type": "each", "path": "results", "native": NATIVE}, doc)
    assert finding.message == "E-1: thresold: unknown key 'thresold' (did you mean 'threshold'?)"


def test_a_value_outside_a_closed_vocabulary_names_the_nearest_value(check, art):
    doc = art("eval_report", {"schema": "eval-report/v1",
                              "results": [{"id": "E-1", "actor": {"knowledge": "blackbox"}}]})
    [finding] = check({"type": "each", "path": "results", "native": NATIVE}, doc)
    assert "expected one of black-box, defense-aware; did you mean 'black-box'?" in finding.message


def test_the_native_schema_does_not_judge_other_formats(check, art):
    doc = art("eval_report", {"results": [{"id": "E-1", "from_garak": True}]})
    assert check({"type": "each", "path": "results", "native": NATIVE}, doc) == []


def test_a_native_hint_follows_each_closed_schema_finding_only(check, art):
    """``native.hint`` names what newly asks for the closed form (the migration step); a
    ``require`` finding, which 1.x already made, does not get it."""
    doc = art("eval_report", {"schema": "eval-report/v1",
                              "results": [{"id": "E-1", "thresold": {"max": 0.1}}]})
    spec = {"type": "each", "path": "results", "native": {**NATIVE, "hint": "(see step 7)"},
            "require": [{"path": "value", "exists": True, "message": "gives no value"}]}
    found = [f.message for f in check(spec, doc)]
    assert found == ["E-1: thresold: unknown key 'thresold' (did you mean 'threshold'?) "
                     "(see step 7)", "E-1: gives no value (found nothing)"]
