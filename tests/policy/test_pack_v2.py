"""Pack 2.0 closes the free passes of 1.x (research/domain-review.md §4): the junk repository
fails, and a 1.x repository's findings name the migration step that fixes them."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner

from checker.cli import main
from checker.git.fixture import commit_all

ROOT = Path(__file__).resolve().parents[2]
JUNK = ROOT / "tests" / "data" / "pack2" / "junk"
COMPLIANT = ROOT / "fixtures" / "compliant"
CARD = "models/support-bot/MODEL_CARD.md"


def _check(repo: Path) -> dict:
    result = CliRunner().invoke(main, ["check", str(repo), "--format", "json", "--as-of", "2026-11-27"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def _failed(run: dict, severities: tuple[str, ...]) -> set[str]:
    return {r["rule"] for r in run["results"] if r["status"] == "fail" and r["severity"] in severities}


def test_the_pack_is_version_2():
    pack = yaml.safe_load((ROOT / "policies" / "unified-safety-security.yaml").read_text())
    assert pack["version"] == "2.0.0"


def test_the_junk_repository_fails_at_least_six_high_or_critical_rules(tmp_path):
    """~250 words of filler, every actor field 'x', all severities low, no switches declared
    and one red-team result at 100% attack success: 1.x passed it (0 failures)."""
    repo = tmp_path / "junk"
    shutil.copytree(JUNK, repo)
    commit_all(repo, [{"date": "2026-11-20", "paths": ["."], "message": "junk"}])
    run = _check(repo)
    failed = _failed(run, ("high", "critical"))
    assert len(failed) >= 6, failed
    # off switches, closed vocabularies, acceptance criteria, derived severity, worst case
    assert {"INT-4", "TM-2", "TM-4", "INT-6", "INT-10", "PF-3", "TM-7", "PF-2"} <= failed
    assert "OBJ-4" in _failed(run, ("medium",))  # filler sections cite no evidence


def _as_1x(repo: Path) -> None:
    """The compliant example as a 1.x repository wrote it: tier 'high', no revision in the
    serving config, and a Security section that cites nothing."""
    card = repo / CARD
    text = card.read_text(encoding="utf-8").replace("risk_tier: high-risk", "risk_tier: high")
    card.write_text(text, encoding="utf-8")
    serving = repo / "models/support-bot/serving/config.yaml"
    serving.write_text(serving.read_text(encoding="utf-8").replace(
        "model: {name: support-bot, revision: 3f2a9c1}", "model: {name: support-bot}"), encoding="utf-8")
    for report in (repo / "models/support-bot/evals").glob("*.yaml"):  # no evaluated.files
        text = report.read_text(encoding="utf-8")
        if "\nevaluated:" in text:
            start = text.index("\nevaluated:")
            report.write_text(text[:start] + text[text.index("\nresults:", start):],
                              encoding="utf-8")


def test_a_1x_repository_is_told_which_migration_step_fixes_each_gap(tmp_path):
    repo = tmp_path / "old"
    shutil.copytree(COMPLIANT, repo)
    _as_1x(repo)
    commit_all(repo, [{"date": "2026-11-20", "paths": ["."], "message": "1.x repository",
                       "trailers": {"Safety-Reviewed-by": "@acme/ai-safety",
                                    "Security-Reviewed-by": "@acme/ai-security"}}])
    run = _check(repo)
    messages = {r["rule"]: r["message"] for r in run["results"] if r["status"] == "fail"}
    assert set(messages) == {"GOV-7", "INT-10", "INT-9"}
    assert "docs/migrating-to-2.md, step 2" in messages["GOV-7"]
    assert "no longer accepts 'high'" in messages["GOV-7"]
    assert "docs/migrating-to-2.md, step 3" in messages["INT-10"]
    assert "docs/migrating-to-2.md, step 13" in messages["INT-9"]


def test_every_step_a_finding_names_exists_in_the_migration_guide():
    guide = (ROOT / "docs" / "migrating-to-2.md").read_text(encoding="utf-8")
    pack = (ROOT / "policies" / "unified-safety-security.yaml").read_text(encoding="utf-8")
    steps = {int(part.split(")")[0]) for part in pack.split("docs/migrating-to-2.md, step ")[1:]}
    assert steps
    for step in steps:
        assert f"## Step {step}:" in guide


def test_a_1x_repository_is_told_the_steps_of_the_evidence_cross_checks(tmp_path):
    """A 1.x repository modelled injection for retrieval only, red-teamed below the actor's
    budget, had its external red team skip a safeguard threat and declared release api
    under an open licence: each finding names its step (13 to 16)."""
    repo = tmp_path / "old"
    shutil.copytree(COMPLIANT, repo)
    tm = repo / "models/support-bot/security/threat-model.yaml"
    tm.write_text(tm.read_text(encoding="utf-8").replace("access: tool-output,", "access: public-api,"),
                  encoding="utf-8")
    rt = repo / "models/support-bot/evals/redteam.yaml"
    text = rt.read_text(encoding="utf-8").replace("budget: {queries: 20000,", "budget: {queries: 1000,")
    rt.write_text(text[:text.index("  - id: RT-7\n")], encoding="utf-8")
    card = repo / CARD
    card.write_text(card.read_text(encoding="utf-8").replace("release: open-weights", "release: api"),
                    encoding="utf-8")
    run = _check(repo)
    messages = {}
    for result in run["results"]:
        for finding in result["findings"] if result["status"] == "fail" else ():
            messages.setdefault(result["rule"], []).append(finding["message"])
    assert any("license: apache-2.0" in m and "step 14" in m for m in messages["INT-4"])
    assert any("tools channel" in m and "step 15" in m for m in messages["TM-4"])
    assert any("1,000 queries is below" in m and "step 16" in m for m in messages["PF-2"])
    assert any("T-10 (threat against a safeguard)" in m and "step 17" in m for m in messages["GOV-7"])
