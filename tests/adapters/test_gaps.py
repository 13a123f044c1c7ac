"""Fields a format cannot express: one informational note per report, never a failure per result."""
from __future__ import annotations

import shutil
from pathlib import Path

from checker.adapters.gaps import cannot_express, collapse
from checker.model import Finding

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"


class _Artifact:
    kind = "eval_report"
    format = "promptfoo"
    unsupported = ("results[].attack.budget", "results[].covers", "model.revision")


def test_findings_about_an_unexpressible_field_become_one_note():
    findings = [Finding(f"RT-{i}: gives no attack budget", path=("results", i, "attack", "budget"))
                for i in range(12)] + [Finding("RT-3: averages over attacks",
                                               path=("results", 3, "aggregation"))]
    out = collapse(_Artifact(), findings)
    assert [f.message for f in out if not f.not_applicable] == ["RT-3: averages over attacks"]
    (note,) = [f for f in out if f.not_applicable]
    assert note.message == ("promptfoo cannot express results[].attack.budget (12 places); "
                            "state the missing fields in a native eval report that names this "
                            "file as its source (source: {path, sha256})")


def test_a_top_level_list_the_format_fills_is_not_a_gap():
    # research: "(lm-eval cannot express results)" on a report whose results were all there
    assert cannot_express(_Artifact(), ("results",)) is None
    assert cannot_express(_Artifact(), ("results", 0, "covers")) == \
        "promptfoo cannot express results[].covers"
    assert cannot_express(_Artifact(), ("model",)) is None


def test_promptfoo_red_team_output_does_not_fail_pf2_once_per_result(check_json, make_repo,
                                                                      tmp_path):
    repo = make_repo(tmp_path, {"README.md": "# x\n"})
    (repo / "evals").mkdir()
    shutil.copy(CORPUS / "eval-reports" / "promptfoo-redteam-output.json",
                repo / "evals" / "eval-report-redteam.json")
    _result, report = check_json(repo)
    assert report is not None
    pf2 = [r for r in report["results"] if r["rule"] == "PF-2"]
    assert len(pf2) == 1
    (result,) = pf2
    # promptfoo writes no suite version and no budget: one note, whatever the result count
    assert result["status"] == "not-applicable"
    assert result["message"] == (
        "promptfoo cannot express results[].attack.budget (8 places), "
        "results[].attack.suite_version (8 places); state the missing fields in a native eval "
        "report that names this file as its source (source: {path, sha256})")
