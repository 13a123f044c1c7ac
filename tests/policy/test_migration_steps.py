"""A 1.x repository is told which step of docs/migrating-to-2.md fixes each new requirement
(issue 16, "a check of a 1.x repository names the migration step in its messages").

``tests/data/pack2/v1/repo`` is fixtures/compliant as pack 1.x knew it (commit cd7c55d) and
``tests/data/pack2/v1/pack`` the 1.x built-in pack.  The test makes the repository 1.x-shaped
in the ways 2.0 newly refuses (a 90-day response time, jailbreaks listed as out of scope, a
denied safe harbour and a denied rollback, an actor knowledge outside the vocabulary), shows
that 1.x passed each of those rules, and that every 2.0 finding of them names a step that the
guide has."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main

ROOT = Path(__file__).resolve().parents[2]
V1 = ROOT / "tests" / "data" / "pack2" / "v1"
GUIDE = (ROOT / "docs" / "migrating-to-2.md").read_text(encoding="utf-8")
TM = "models/support-bot/security/threat-model.yaml"
# the rule -> the step of the guide that says what 2.0 newly asks of it
STEPS = {"OBJ-4": 5, "PF-5": 5, "GOV-1": 6, "GOV-2": 6, "GOV-3": 6, "GOV-4": 6, "TM-2": 7}
STEP = re.compile(r"docs/migrating-to-2\.md, step (\d+)\)")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _between(path: Path, start: str, end: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    a = text.index(start)
    b = text.index(end, a)
    path.write_text(text[:a] + new + text[b:], encoding="utf-8")


@pytest.fixture(scope="module")
def old_repo(tmp_path_factory) -> Path:
    repo = tmp_path_factory.mktemp("v1") / "repo"
    shutil.copytree(V1 / "repo", repo)
    security, plan = repo / "SECURITY.md", repo / "INCIDENT_RESPONSE.md"
    _between(security, "We acknowledge every report", "\n## Scope",
             "We answer every report within 90 days.\n")
    _between(security, "In scope are", "## Safe harbour",
             "In scope are the hosted support-bot assistant, its API and the released weights:\n"
             "system prompt extraction, training data extraction, model theft or extraction, and\n"
             "watermark evasion (removing the AI-content watermark or spoofing it).\n\n"
             "## Out of scope\n\nJailbreaks and guardrail bypass, and prompt injection, direct or "
             "indirect.\n\n")
    text = security.read_text(encoding="utf-8")
    security.write_text(text[:text.index("We will not pursue legal action")] +
                        "We offer no safe harbour. Security research and safety red teaming "
                        "against the\nproduction assistant are not authorised.\n",
                        encoding="utf-8")
    _between(plan, "1. Kill switch", "## Notification",
             "We never roll back a release: the assistant stays up while we investigate.\n\n")
    _replace(repo / TM, "knowledge: black-box, access: retrieval-content",
             "knowledge: black box, access: retrieval-content")
    return repo


def _statuses(repo: Path, *args: str) -> dict[str, list[dict]]:
    result = CliRunner().invoke(main, ["check", str(repo), "--format", "json",
                                       "--as-of", "2026-11-27", *args], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    found: dict[str, list[dict]] = {}
    for item in json.loads(result.stdout)["results"]:
        found.setdefault(item["rule"], []).append(item)
    return found


def test_pack_1x_passed_each_of_these_rules(old_repo):
    results = _statuses(old_repo, "--policy", str(V1 / "pack"))
    for rule in STEPS:
        assert {r["status"] for r in results[rule]} == {"pass"}, (rule, results[rule])


def test_every_2x_finding_of_them_names_the_step_that_fixes_it(old_repo):
    results = _statuses(old_repo)
    for rule, step in STEPS.items():
        failed = [r for r in results[rule] if r["status"] == "fail"]
        assert failed, f"{rule} does not fail on the 1.x repository"
        said = [f["message"] for r in failed for f in r["findings"]]
        assert said
        for message in said:
            named = STEP.findall(message)
            assert named == [str(step)], (rule, message)
            assert f"## Step {step}:" in GUIDE


def test_the_new_requirements_are_the_ones_reported(old_repo):
    """Each rule fails on what 2.0 added, said in words."""
    results = _statuses(old_repo)
    text = {rule: " ".join(f["message"] for r in results[rule] for f in r["findings"])
            for rule in STEPS}
    assert "response timeline of at most 30 days" in text["GOV-1"]
    assert "no statement of jailbreak or guardrail bypass" in text["GOV-2"]
    assert "no statement of prompt injection" in text["GOV-2"]
    assert "no statement of safe harbour" in text["GOV-3"]
    assert "no statement of containment" in text["GOV-4"]
    assert "value black box" in text["TM-2"] and "did you mean 'black-box'" in text["TM-2"]
    assert "does not refer to any of the system's" in text["OBJ-4"]
    assert "cites no result" in text["PF-5"]
