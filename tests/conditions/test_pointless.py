"""Conditions that cannot tell one value from another are refused when the pack is loaded
(issue 18 item 8): a `{path: ...}` operand, a constant path, an empty list, a regex that
matches everything."""
from __future__ import annotations

import pytest

from checker.conditions import compile_condition


@pytest.mark.parametrize("cond, message", [
    ({"path": "value", "gte": {"path": "interval[0]"}}, "{path: 'interval[0]'} is not an operand"),
    ({"path": "kind", "equals": {"path": "other"}}, "is not an operand"),
    ({"path": "`5`", "gte": 3}, "is a constant, not a field of the data"),
    ({"path": "'high'", "equals": "high"}, "is a constant"),
    ({"path": "a", "in": []}, "in: [] is an empty list"),
    ({"path": "a", "not_in": []}, "is an empty list"),
    ({"path": "a", "intersects": []}, "is an empty list"),
    ({"path": "a", "matches": "x*"}, "matches empty text"),
    ({"path": "a", "matches": ""}, "matches empty text"),
])
def test_a_condition_with_the_same_answer_for_every_value_is_refused(cond, message):
    with pytest.raises(ValueError) as caught:
        compile_condition(cond)
    assert message in str(caught.value)


@pytest.mark.parametrize("cond", [
    {"path": "value", "gte": {"setting": "min_value", "default": 1}},
    {"path": "id", "in": {"system": {"kind": "threat_model", "path": "threats[].id"}}},
    {"path": "a", "in": {"root": "assets[].id"}},  # may be empty at run time: that is data
    {"path": "a", "matches": "^x"},
    {"path": "a", "min_length": 0},  # still tells a list from a number
])
def test_operands_that_can_tell_values_apart_are_kept(cond):
    compile_condition(cond)


def test_a_pack_with_such_a_condition_is_a_policy_error_at_its_line(cli, tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text("""pack: team
version: 0.1.0
rules:
  - id: TEAM-1
    name: value-inside-interval
    title: The value lies in its interval
    dimension: problem-framing
    discipline: safety
    severity: high
    applies_to: eval_report
    check:
      type: each
      path: results
      require:
        - {path: value, gte: {path: "interval[0]"}}
""", encoding="utf-8")
    result = cli("policy", "validate", pack)
    assert result.exit_code == 2
    assert "pack.yaml:" in result.output and "is not an operand" in result.output
    assert "Traceback" not in result.output
