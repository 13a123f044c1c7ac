"""Per-framework views (``--crosswalk``): results grouped clause by clause, and the EU AI Act
view limited to the articles that bind the card's declared risk tier."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.reporters import html, json_report
from checker.reporters.crosswalk import view, view_names
from checker.run import check
from checker.run.options import RunOptions

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture(scope="module")
def compliant():
    return check(RunOptions(root=str(FIXTURES / "compliant")))


def _with_tier(tmp_path: Path, tier: str | None) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "compliant", repo)
    card = repo / "models" / "support-bot" / "MODEL_CARD.md"
    text = card.read_text(encoding="utf-8")
    line = "  risk_tier: high-risk\n"
    assert line in text
    card.write_text(text.replace(line, f"  risk_tier: {tier}\n" if tier else ""), encoding="utf-8")
    return repo


def _articles(doc: dict) -> list[str]:
    return [c["clause"] for c in doc["systems"][0]["clauses"]]


def test_the_compliant_fixture_sees_only_the_articles_of_its_high_risk_tier(compliant):
    doc = view(compliant, "eu-ai-act")
    system = doc["systems"][0]
    assert system["risk_tier"] == "high-risk"
    assert {c["scope"] for c in system["clauses"]} <= {"high-risk", "any"}
    assert "Art. 9(8)" in _articles(doc) and "Art. 15(5)" in _articles(doc)
    assert not any(a.startswith("Art. 55") for a in _articles(doc))
    assert "Art. 55(1)(b)" in system["not_applicable_to_tier"]


@pytest.mark.parametrize("tier", ["systemic", "gpai-systemic"])
def test_a_systemic_gpai_sees_article_55_and_not_the_high_risk_articles(tmp_path, tier):
    run = check(RunOptions(root=str(_with_tier(tmp_path, tier))))
    articles = _articles(view(run, "eu-ai-act"))
    assert "Art. 55(1)(b)" in articles and "Art. 50(2)" in articles
    assert not any(a.startswith(("Art. 9", "Art. 15")) for a in articles)


def test_an_undeclared_tier_shows_every_article_marked_with_whom_it_binds(tmp_path):
    run = check(RunOptions(root=str(_with_tier(tmp_path, None))))
    system = view(run, "eu-ai-act")["systems"][0]
    scopes = {c["clause"]: c["scope"] for c in system["clauses"]}
    assert system["risk_tier"] is None and system["not_applicable_to_tier"] == []
    assert scopes["Art. 55(1)(b)"] == "gpai-systemic" and scopes["Art. 15(5)"] == "high-risk"


def test_a_clause_lists_the_results_of_every_rule_citing_it(compliant):
    doc = view(compliant, "nist-ai-600-1")
    clauses = {c["clause"]: c for c in doc["systems"][0]["clauses"]}
    assert {r["rule"] for r in clauses["MS-2.7-007"]["results"]} >= {"INT-3", "PF-2"}
    assert clauses["MS-2.6-007"]["title"] == ("Regularly evaluate GAI system vulnerabilities to "
                                              "possible circumvention of safety measures.")
    assert "600-1" in doc["source"]
    cop = {c["clause"]: c for c in view(compliant, "eu-gpai-cop")["systems"][0]["clauses"]}
    assert cop["Safety and Security 6.1"]["title"] == "Security Goal"
    assert cop["Transparency 1.2"]["title"] == "Providing relevant information"
    rmf = {c["clause"]: c for c in view(compliant, "nist-ai-rmf")["systems"][0]["clauses"]}
    assert rmf["MEASURE 2.7"]["title"].startswith("AI system security and resilience")


def test_views_are_listed_in_framework_order():
    assert view_names(["eu-ai-act", "nist-ai-rmf"]) == ["nist-ai-rmf", "eu-ai-act"]
    assert len(view_names("all")) == 7 and view_names(()) == []


def test_json_has_a_crosswalk_only_when_asked(compliant):
    plain = json.loads(json_report.render(compliant))
    assert "crosswalk" not in plain
    text = json_report.render(compliant, crosswalk=("eu-ai-act",))
    doc = json.loads(text)
    assert text == json.dumps(doc, indent=2, sort_keys=True) + "\n"
    assert list(doc["crosswalk"]) == ["eu-ai-act"]


def test_html_has_a_section_per_asked_framework(compliant):
    page = html.render(compliant, crosswalk=("eu-ai-act", "iso-42001"))
    assert "Crosswalk: EU AI Act" in page and "Crosswalk: ISO/IEC 42001:2023" in page
    assert "Not applicable to risk tier high-risk:" in page and "Art. 55(1)(b)" in page
    assert "Crosswalk:" not in html.render(compliant)


def test_the_cli_writes_the_eu_view_of_the_declared_tier(tmp_path):
    out = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["check", str(FIXTURES / "compliant"), "--json", str(out),
                                       "--crosswalk", "eu-ai-act"])
    assert result.exit_code == 0, result.output
    system = json.loads(out.read_text(encoding="utf-8"))["crosswalk"]["eu-ai-act"]["systems"][0]
    assert system["risk_tier"] == "high-risk"
    assert all(c["scope"] in ("high-risk", "any") for c in system["clauses"])
    bad = CliRunner().invoke(main, ["check", str(FIXTURES / "compliant"), "--crosswalk", "cwe"])
    assert bad.exit_code == 2 and "cwe" in bad.output


def test_parallel_runs_give_the_same_crosswalk(tmp_path):
    """Worker processes send back bare artifacts; the model card keeps the tier the view reads."""
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"j{jobs}.json"
        result = CliRunner().invoke(main, ["check", str(FIXTURES / "two-systems"), "--json",
                                           str(out), "--crosswalk", "eu-ai-act", "-j", jobs])
        assert result.exit_code in (0, 1), result.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    systems = json.loads(outputs[0])["crosswalk"]["eu-ai-act"]["systems"]
    assert [s["risk_tier"] for s in systems] == ["limited", "limited"]
    assert all(c["scope"] == "any" for s in systems for c in s["clauses"])
