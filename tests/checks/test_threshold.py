"""``threshold``: numbers or ages of dates against limits from the rule, the item or settings."""
from __future__ import annotations

import pytest

from checker.checks import compile_check

REPORT = """\
date: 2026-05-04
results:
  - id: SAF-1
    value: 0.004
    threshold: {max: 0.01}
  - id: SAF-2
    value: 0.041
    threshold: {max: 0.03}
  - id: SAF-3
    threshold: {max: 0.03}
"""


def threshold(**options):
    return {"type": "threshold", **options}


def test_values_within_limits_pass(check, art):
    report = art("eval_report", text=REPORT)
    assert check(threshold(items="results", value="value", max=0.05, if_missing="skip"),
                 report) == []


def test_limit_from_the_item_fails_at_the_value_line(check, art):
    report = art("eval_report", text=REPORT)
    found = check(threshold(items="results", value="value", limit="threshold"), report)
    assert [f.message for f in found] == [
        "SAF-2: value is 0.041; expected at most 0.03",
        "SAF-3: no usable value (expected a number)",
    ]
    assert report.line(found[0].path) == 7


def test_min_limit_from_a_setting(check, art, ctx):
    report = art("eval_report", {"results": [{"id": "S", "samples": 50}]})
    rule = threshold(items="results", value="samples", min={"setting": "min_eval_samples"})
    assert check(rule, report, ctx(report, settings={"min_eval_samples": 50})) == []
    [finding] = check(rule, report, ctx(report, settings={"min_eval_samples": 100}))
    assert finding.message == "S: samples is 50; expected at least 100"


def test_age_in_days_against_as_of(check, art, ctx):
    report = art("eval_report", text=REPORT)
    rule = threshold(value="date", measure="age_days", max=90, name="report date")
    [finding] = check(rule, report)  # as_of 2026-11-27
    assert finding.message == "report date: report date is 207 days old; expected at most 90"
    assert report.line(finding.path) == 1
    assert check({**rule, "max": 365}, report) == []


def test_where_and_if_empty(check, art):
    report = art("eval_report", text=REPORT)
    rule = threshold(items="results", value="value", max=0.01,
                     where={"path": "id", "equals": "SAF-9"}, if_empty="not-applicable")
    [finding] = check(rule, report)
    assert finding.not_applicable
    [failing] = check({**rule, "if_empty": "fail"}, report)
    assert not failing.not_applicable


def test_booleans_and_nan_are_not_numbers(check, art):
    report = art("eval_report", {"results": [{"id": "A", "value": True},
                                             {"id": "B", "value": float("nan")}]})
    found = check(threshold(items="results", value="value", max=1), report)
    assert [f.message.split(":")[0] for f in found] == ["A", "B"]


@pytest.mark.parametrize("options, problem", [
    ({"value": "value"}, "needs 'max', 'min' or 'limit'"),
    ({"max": 1}, "value"),
    ({"value": "v", "max": "ten"}, "max"),
    ({"value": "v", "max": 1, "measure": "age_years"}, "measure"),
    ({"value": "v", "max": 1, "if_missing": "ignore"}, "if_missing"),
])
def test_bad_options_are_value_errors(options, problem):
    with pytest.raises(ValueError, match=problem):
        compile_check(threshold(**options))
