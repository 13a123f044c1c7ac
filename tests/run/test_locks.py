"""Locked organisation rules (issue 14, item 2): a repository's .safesec.yaml cannot
disable, narrow away, lower, waive or out-gate a rule its pack locks.  Each attempt is
ignored, and listed in one failing CONFIG-2 result at the config line that made it."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main

BAD_POLICY = "# Security\n\nPlease report issues to the maintainers.\n"
GOOD_POLICY = "# Security\n\nEmail security@example.org with details.\n"
ORG_PACK = """pack: org
version: 1.0.0
title: The organisation's rules
{pack_lock}rules:
  - id: ORG-1
    name: reporting-address
    title: The security policy gives an address
    dimension: governance
    discipline: security
    severity: high
{rule_lock}    applies_to: security_policy
    check: {{type: pattern, require: [{{name: an email address, any: ['@']}}]}}
  - id: ORG-2
    name: policy-exists
    title: A security policy exists
    dimension: governance
    discipline: security
    severity: medium
    applies_to: security_policy
    check: {{type: exists, files: [SECURITY.md]}}
"""
WAIVER = """waivers:
  - id: W-1
    rule: ORG-1
    path: SECURITY.md
    reason: risk-accepted
    justification: we take the risk
    owner: "@dev"
    approved_by: ["@dev"]
    expires: 2099-01-01
"""


def repo(tmp_path: Path, config: str, *, policy: str = BAD_POLICY, rule_lock: bool = True,
         pack_lock: bool = False) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "SECURITY.md").write_text(policy, encoding="utf-8")
    (root / "org.yaml").write_text(ORG_PACK.format(
        rule_lock="    locked: true\n" if rule_lock else "",
        pack_lock="locked: true\n" if pack_lock else ""), encoding="utf-8")
    (root / ".safesec.yaml").write_text("builtin: false\npacks: [org.yaml]\n" + config,
                                        encoding="utf-8")
    return root


def run(root: Path, *args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["check", str(root), "--format", "json", *args],
                                catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout)


def result_of(report: dict, rule: str) -> dict:
    found = [r for r in report["results"] if r["rule"] == rule]
    assert len(found) == 1, [r["rule"] for r in report["results"]]
    return found[0]


@pytest.mark.parametrize(("config", "line", "words"), [
    ("rules:\n  disable: [ORG-1]\n", 4, "rules.disable names locked rule ORG-1"),
    ("rules:\n  only: [ORG-2]\n", 3, "rules.only leaves out locked rule ORG-1"),
    ("rules:\n  severity: {ORG-1: low}\n", 4, "lowers locked rule ORG-1 from high to low"),
    (WAIVER, 4, "waiver W-1 waives locked rule ORG-1"),
    ("fail_on: critical\n", 3, "fail_on: critical would let locked rule ORG-1 (high) fail"),
])
def test_an_attempt_on_a_locked_rule_is_ignored_and_reported(
        tmp_path: Path, config: str, line: int, words: str) -> None:
    code, report = run(repo(tmp_path, config))
    assert code == 1
    locked = result_of(report, "ORG-1")
    assert locked["status"] == "fail" and locked["severity"] == "high"
    assert locked.get("waiver") is None
    gate = result_of(report, "CONFIG-2")
    assert gate["status"] == "fail" and gate["severity"] == "high"
    assert [(f["line"], words in f["message"]) for f in gate["findings"]] == [(line, True)]
    assert gate["file"] == ".safesec.yaml"


def test_unlocked_rules_still_follow_the_config(tmp_path: Path) -> None:
    code, report = run(repo(tmp_path, "rules:\n  disable: [ORG-2]\n", policy=GOOD_POLICY))
    assert code == 0
    assert {r["rule"] for r in report["results"]} == {"ORG-1", "CONFIG-2"}
    gate = result_of(report, "CONFIG-2")
    assert gate["status"] == "pass" and "1 locked rule" in gate["message"]


def test_a_locked_pack_locks_every_rule(tmp_path: Path) -> None:
    root = repo(tmp_path, "rules:\n  disable: [ORG-2]\n", rule_lock=False, pack_lock=True)
    code, report = run(root)
    assert code == 1
    assert result_of(report, "ORG-2")["status"] == "pass"  # evaluated despite disable
    assert "locked rule ORG-2" in result_of(report, "CONFIG-2")["message"]


def test_no_locked_rule_means_no_lock_result(tmp_path: Path) -> None:
    code, report = run(repo(tmp_path, "rules:\n  disable: [ORG-1]\n", rule_lock=False))
    assert code == 0
    assert {r["rule"] for r in report["results"]} == {"ORG-2"}


def test_the_command_line_gate_is_the_callers(tmp_path: Path) -> None:
    """--fail-on is typed by whoever runs the check, not written by the repository."""
    code, report = run(repo(tmp_path, ""), "--fail-on", "critical")
    assert code == 0
    assert result_of(report, "CONFIG-2")["status"] == "pass"


def test_locked_must_be_a_boolean(tmp_path: Path) -> None:
    root = repo(tmp_path, "")
    pack = root / "org.yaml"
    pack.write_text(pack.read_text().replace("locked: true", "locked: yes please"))
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 2
    assert "org.yaml:" in result.output and "locked" in result.output
    assert "Traceback" not in result.output
