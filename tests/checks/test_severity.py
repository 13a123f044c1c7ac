"""``severity``: derived from likelihood x impact on the documented rubric."""
from __future__ import annotations

import pytest

from checker.checks import severity

SPEC = {"type": "severity", "items": ["hazards", "threats"]}


@pytest.mark.parametrize("likelihood, impact, want", [
    ("rare", "severe", "medium"), ("possible", "major", "high"), ("likely", "major", "critical"),
    ("unlikely", "minor", "medium"), ("rare", "moderate", "low"), (5, 5, "critical"), (2, "moderate", "medium"),
])
def test_the_rubric(likelihood, impact, want):
    assert severity.derived(likelihood, impact) == want


def test_a_downgraded_severity_is_a_finding_naming_the_derived_one(check, art):
    tm = art("threat_model", {"threats": [{"id": "T-1", "likelihood": "likely", "impact": "major",
                                            "severity": "low"}]})
    [finding] = check(SPEC, tm)
    assert finding.message.startswith("T-1: severity 'low' disagrees with likelihood likely x "
                                      "impact major, which gives critical")


def test_missing_or_off_rubric_values_fail(check, art):
    tm = art("threat_model", {"hazards": [{"id": "H-1", "severity": "low"},
                                          {"id": "H-2", "likelihood": "often", "impact": True,
                                           "severity": "low"}]})
    first, second = check(SPEC, tm)
    assert "states no likelihood or impact" in first.message
    assert "not on the rubric" in second.message


def test_an_agreeing_severity_passes(check, art):
    tm = art("threat_model", {"hazards": [{"id": "H-1", "likelihood": "possible", "impact": "major",
                                           "severity": "High"}]})
    assert check(SPEC, tm) == []
