"""Freshness: a date in the future beyond a day of clock skew fails (redteam L3)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parents[2] / "fixtures" / "compliant"
TM = "models/support-bot/security/threat-model.yaml"
REDTEAM = "models/support-bot/evals/redteam.yaml"


def dated(tmp_path: Path, tm_date: str, eval_date: str) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    for rel, old, new in ((TM, "date: 2026-11-02", f"date: {tm_date}"),
                          (REDTEAM, "date: 2026-11-18", f"date: {eval_date}")):
        path = root / rel
        path.write_text(path.read_text().replace(old, new))
    return root


def by_rule(doc: dict, rule: str) -> list[dict]:
    """The rule's applicable results; for PF-4 those on the red-team report whose date moved."""
    return [r for r in doc["results"] if r["rule"] == rule and r["status"] != "not-applicable"
            and (rule != "PF-4" or r["file"] == REDTEAM)]


def test_dates_in_the_future_fail_gov6_and_pf4(tmp_path, check_json):
    root = dated(tmp_path, "2999-01-01", "2999-12-31")
    _result, doc = check_json(root, "--as-of", "2026-11-28")
    gov6, pf4 = by_rule(doc, "GOV-6"), by_rule(doc, "PF-4")
    assert [r["status"] for r in gov6] == ["fail"]
    assert [r["status"] for r in pf4] == ["fail"]
    assert ("is dated 2999-01-01 (its reviewed.date is 2999-01-01), after the check date "
            "2026-11-28: a future date cannot show freshness (allowed clock skew: 1 day)"
            in gov6[0]["message"])
    assert "dated 2999-12-31" in pf4[0]["message"]
    assert pf4[0]["line"] == 4


@pytest.mark.parametrize("day", ["2026-11-28", "2026-11-29"])
def test_a_day_of_clock_skew_still_passes(tmp_path, check_json, day):
    root = dated(tmp_path, day, day)
    _result, doc = check_json(root, "--as-of", "2026-11-28")
    assert [r["status"] for r in by_rule(doc, "PF-4")] == ["pass"]
    assert [r["status"] for r in by_rule(doc, "GOV-6")] == ["pass"]


def test_past_dates_keep_their_verdicts(tmp_path, check_json):
    root = dated(tmp_path, "2020-01-01", "2020-01-01")
    _result, doc = check_json(root, "--as-of", "2026-11-28")
    assert "days old" in by_rule(doc, "PF-4")[0]["message"]
    assert by_rule(doc, "GOV-6")[0]["status"] == "fail"
