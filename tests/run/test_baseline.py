"""The baseline (issue 18 item 6): ``--write-baseline`` records today's failures,
``--baseline`` gates only on new ones, says how many are baselined and which are fixed, and
under ``--config-from`` is read from the base so a change cannot baseline its own failures.

The repositories use a small pack of their own (the built-in pack off), so the tests say
what a baseline does whatever the built-in rules find."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.model import Result, Severity, Status
from checker.run.baseline import finding_key, keys_of, parse, render

PACK = """pack: org
version: 0.1.0
rules:
  - id: ORG-1
    name: policy-names-contacts
    title: The security policy names an email, a timeline and a scope
    dimension: governance
    discipline: security
    severity: high
    applies_to: security_policy
    check:
      type: pattern
      require:
        - {name: an email address, any: ['@']}
        - {name: a response timeline, any: ['days']}
        - {name: a scope section, any: ['Scope']}
  - id: ORG-2
    name: incident-plan-names-rollback
    title: The incident plan says how to roll back
    dimension: governance
    discipline: safety
    severity: high
    applies_to: incident_response
    check:
      type: pattern
      require: [{name: a rollback step, any: ['roll back']}]
"""
CONFIG = "builtin: false\npacks: [org.yaml]\n"
GOOD_POLICY = "# Security\n\nEmail sec@example.org; we answer within 2 days.\n\n## Scope\n\nAll.\n"
NO_SCOPE = "# Security\n\nEmail sec@example.org; we answer within 2 days.\n"
BARE = "# Security\n\nAsk the maintainers.\n"
PLAN = "# Incident response\n\nWe roll back the release.\n"
NO_ROLLBACK = "# Incident response\n\nWe call the on-call engineer.\n"


def tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def check(root: Path, *args: str) -> tuple[int, dict, str]:
    result = CliRunner().invoke(main, ["check", str(root), "--format", "json", *map(str, args)],
                                catch_exceptions=False)
    doc = json.loads(result.stdout) if result.stdout.strip() else {}
    return result.exit_code, doc, result.stderr


def statuses(doc: dict) -> dict[str, str]:
    return {r["rule"]: r["status"] for r in doc["results"]}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with two failures: ORG-1 (no scope) and ORG-2 (no rollback)."""
    return tree(tmp_path / "repo", {".safesec.yaml": CONFIG, "org.yaml": PACK,
                                    "SECURITY.md": NO_SCOPE, "INCIDENT_RESPONSE.md": NO_ROLLBACK})


def test_a_baseline_records_todays_failures_and_the_run_then_passes(repo):
    baseline = repo / "safesec-baseline.json"
    assert check(repo)[0] == 1
    code, doc, err = check(repo, "--write-baseline", baseline)
    assert code == 0, err
    assert "recorded 2 findings of 2 failing results" in err
    entries = json.loads(baseline.read_text(encoding="utf-8"))["failures"]
    assert {(e["rule"], e["file"]) for e in entries} == {("ORG-1", "SECURITY.md"),
                                                          ("ORG-2", "INCIDENT_RESPONSE.md")}
    assert not any("line" in e for e in entries)  # fingerprints carry no line numbers
    code, doc, err = check(repo, "--baseline", baseline)
    assert code == 0, err
    assert statuses(doc) == {"ORG-1": "waived", "ORG-2": "waived"}
    assert {r["waiver"]["reason"] for r in doc["results"]} == {"baselined"}
    assert "2 failing results baselined (not gating)" in err


def test_a_new_failure_is_reported_and_fails_the_gate(repo):
    baseline = repo / "b.json"
    check(repo, "--write-baseline", baseline)
    (repo / "SECURITY.md").write_text(BARE, encoding="utf-8")  # email and timeline go too
    code, doc, err = check(repo, "--baseline", baseline)
    assert code == 1
    org1 = next(r for r in doc["results"] if r["rule"] == "ORG-1")
    assert org1["status"] == "fail"
    # only the new findings are listed; the baselined one is counted in the message
    assert len(org1["findings"]) == 2
    assert not any("scope" in f["message"] for f in org1["findings"])
    assert "(1 more finding in the baseline)" in org1["message"]
    assert statuses(doc)["ORG-2"] == "waived"


def test_moving_a_finding_to_another_line_keeps_it_baselined(repo):
    baseline = repo / "b.json"
    check(repo, "--write-baseline", baseline)
    (repo / "INCIDENT_RESPONSE.md").write_text("\n\n\n" + NO_ROLLBACK + "\nMore words.\n",
                                               encoding="utf-8")
    code, doc, _err = check(repo, "--baseline", baseline)
    assert code == 0
    assert statuses(doc)["ORG-2"] == "waived"


def test_a_fixed_failure_is_reported_and_the_file_is_left_alone(repo):
    baseline = repo / "b.json"
    check(repo, "--write-baseline", baseline)
    before = baseline.read_bytes()
    (repo / "SECURITY.md").write_text(GOOD_POLICY, encoding="utf-8")
    code, doc, err = check(repo, "--baseline", baseline)
    assert code == 0
    assert statuses(doc) == {"ORG-1": "pass", "ORG-2": "waived"}
    assert "1 baselined finding is fixed: remove it with `safesec check --write-baseline" in err
    assert baseline.read_bytes() == before  # --baseline never writes
    check(repo, "--write-baseline", baseline)
    assert [e["rule"] for e in json.loads(baseline.read_text())["failures"]] == ["ORG-2"]


def test_the_baseline_file_is_deterministic(repo, tmp_path):
    check(repo, "--write-baseline", tmp_path / "a.json")
    check(repo, "--write-baseline", tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


@pytest.mark.parametrize("text, expected", [
    ("{not json", "b.json:1: invalid JSON"),
    ('{"failures": []}', "is not a safesec baseline"),
    ('{"safesec_baseline": 1, "failures": [{"rule": "ORG-1"}]}', "failures[0]: expected rule"),
])
def test_a_malformed_baseline_is_one_line_and_exit_2(repo, text, expected):
    (repo / "b.json").write_text(text, encoding="utf-8")
    code, doc, err = check(repo, "--baseline", repo / "b.json")
    assert code == 2
    assert expected in err and "Traceback" not in err


def test_write_baseline_refuses_a_partial_run_and_both_options(repo):
    code, _doc, err = check(repo, "--write-baseline", repo / "b.json", "--files",
                            repo / "SECURITY.md")
    assert code == 2 and "whole-tree run" in err
    assert not (repo / "b.json").exists()
    code, _doc, err = check(repo, "--write-baseline", repo / "b.json", "--baseline",
                            repo / "b.json")
    assert code == 2 and "cannot be used together" in err


def test_finding_keys_ignore_what_moves_while_the_problem_stays():
    assert finding_key("see line 12 of x.yaml:40") == finding_key("see  line 3 of x.yaml:7")
    # a measurement, a date or a commit moves every day for a stale report
    assert finding_key("x is 95 days old, last changed on 2026-09-01 (3f2a9c1ab)") == \
        finding_key("x is 96 days old, last changed on 2026-09-02 (77aa01bc2)")
    assert finding_key("RT-1: value is 0.15") == finding_key("RT-1: value is 0.16")
    # identifiers keep their digits: two results are two findings
    assert finding_key("RT-1: value is 0.15") != finding_key("RT-2: value is 0.15")
    assert finding_key("threat T-1 lacks LLM01:2025") != finding_key("threat T-1 lacks LLM02:2025")
    result = Result(rule="R-1", pack="p", system="s", artifact="a.yaml", status=Status.FAIL,
                    severity=Severity.HIGH, message="m", file="a.yaml", line=3,
                    dimension="governance", discipline="safety")
    assert keys_of(result) == [("R-1", "s", "a.yaml", "m")]
    assert parse(render(keys_of(result) * 2).encode(), "b.json")[("R-1", "s", "a.yaml", "m")] == 2


# --- under --config-from: the baseline is part of the gate --------------------------------

def git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Ada", "GIT_AUTHOR_EMAIL": "a@x",
           "GIT_COMMITTER_NAME": "Ada", "GIT_COMMITTER_EMAIL": "a@x"}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


@pytest.mark.usefixtures("isolated_git")
def test_a_change_cannot_baseline_its_own_new_failure(repo):
    """The base baselines ORG-2; the change breaks ORG-1 and adds it to its own baseline."""
    baseline = repo / "safesec-baseline.json"
    (repo / "SECURITY.md").write_text(GOOD_POLICY, encoding="utf-8")
    check(repo, "--write-baseline", baseline)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    git(repo, "checkout", "-q", "-b", "pr")
    (repo / "SECURITY.md").write_text(NO_SCOPE, encoding="utf-8")
    check(repo, "--write-baseline", baseline)  # the change rewrites its baseline
    git(repo, "commit", "-qam", "pr")
    assert check(repo, "--baseline", baseline)[0] == 0  # the work tree's baseline hides it
    code, doc, err = check(repo, "--baseline", baseline, "--config-from", "main")
    assert code == 1, err
    assert statuses(doc)["ORG-1"] == "fail" and statuses(doc)["ORG-2"] == "waived"
    assert "as of main: 1 failing result baselined" in err


@pytest.mark.usefixtures("isolated_git")
def test_a_baseline_missing_at_the_base_baselines_nothing(repo):
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    check(repo, "--write-baseline", repo / "b.json")
    code, doc, err = check(repo, "--baseline", repo / "b.json", "--config-from", "main")
    assert code == 1
    assert "does not exist at main: no failure is baselined" in err


@pytest.mark.usefixtures("isolated_git")
def test_the_gates_own_rule_is_never_baselined(repo):
    """CONFIG-1 (the change weakens the base's gate) cannot be recorded away."""
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    (repo / ".safesec.yaml").write_text(CONFIG + "rules: {disable: [ORG-2]}\n", encoding="utf-8")
    code, doc, err = check(repo, "--config-from", "main", "--write-baseline", repo / "b.json")
    assert statuses(doc)["CONFIG-1"] == "fail" and code == 1, err
    assert "CONFIG-1" not in (repo / "b.json").read_text(encoding="utf-8")
