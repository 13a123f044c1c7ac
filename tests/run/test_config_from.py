"""--config-from REF: a pull request cannot move its own gate (redteam M4 and the T4
residuals).  Each test builds a repository whose base branch ``main`` has a failing
SECURITY.md under a gate, then a ``pr`` branch that weakens the gate in its own
.safesec.yaml; with ``--config-from main`` the run keeps the base's gate (exit 1) and
reports the weakening as CONFIG-1."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main

BAD_POLICY = "# Security\n\nPlease report issues to the maintainers.\n"
GOOD_POLICY = "# Security\n\nEmail security@example.org; we answer within 2 business days.\n"
ONLY_GOV1 = "rules:\n  only: [GOV-1]\n"
WAIVER = """waivers:
  - id: W-OLD
    rule: GOV-1
    path: SECURITY.md
    reason: remediation-planned
    justification: rewrite planned
    owner: "@sec"
    approved_by: ["@lead"]
    expires: 2026-06-30
"""
OWN_PACK = """pack: mine
version: 0.1.0
title: A pack the change brings
rules:
  - id: MINE-1
    name: always-true
    title: A README may exist
    dimension: governance
    discipline: security
    severity: low
    applies_to: security_policy
    check: {type: exists}
"""
ORG_PACK = OWN_PACK.replace("pack: mine", "pack: org").replace("MINE-1", "ORG-1") \
    .replace("severity: low", "severity: high").replace(
        "check: {type: exists}",
        "check: {type: pattern, require: [{name: an email, any: ['@']}]}")


class Repo:
    """A git repository in a temp folder, with fixed identities and dates."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir()
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str) -> str:
        env = {**os.environ, "GIT_AUTHOR_NAME": "Ada", "GIT_AUTHOR_EMAIL": "a@x",
               "GIT_COMMITTER_NAME": "Ada", "GIT_COMMITTER_EMAIL": "a@x",
               "GIT_AUTHOR_DATE": "2026-01-01T12:00:00+00:00",
               "GIT_COMMITTER_DATE": "2026-01-01T12:00:00+00:00"}
        return subprocess.run(["git", *args], cwd=self.path, env=env, check=True,
                              capture_output=True, text=True).stdout

    def commit(self, files: dict[str, str]) -> None:
        for rel, text in files.items():
            (self.path / rel).parent.mkdir(parents=True, exist_ok=True)
            (self.path / rel).write_text(text, encoding="utf-8")
            self.git("add", "--", rel)
        self.git("commit", "-q", "--allow-empty", "-m", "change")


pytestmark = pytest.mark.usefixtures("isolated_git")


def pr_repo(tmp_path: Path, base: dict[str, str], pr: dict[str, str]) -> Repo:
    repo = Repo(tmp_path / "repo")
    repo.commit(base)
    repo.git("checkout", "-q", "-b", "pr")
    repo.commit(pr)
    return repo


def run(repo: Repo, *args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["check", str(repo.path), "--format", "json", *args],
                                catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout) if result.stdout.strip() else {}


def by_rule(doc: dict) -> dict[str, dict]:
    return {r["rule"]: r for r in doc["results"]}


def test_m4_as_of_in_the_change_cannot_revive_an_expired_base_waiver(tmp_path):
    repo = pr_repo(tmp_path, {"SECURITY.md": GOOD_POLICY, ".safesec.yaml": ONLY_GOV1 + WAIVER},
                   {"SECURITY.md": BAD_POLICY,
                    ".safesec.yaml": ONLY_GOV1 + "as_of: 2026-06-01\n" + WAIVER})
    for flag in ("--waivers-from", "--config-from"):  # the older name means the same
        code, doc = run(repo, flag, "main")
        results = by_rule(doc)
        assert code == 1, doc
        assert results["GOV-1"]["status"] == "fail"
        assert "expired on 2026-06-30" in results["GOV-1"]["message"]
        assert results["CONFIG-1"]["status"] == "fail"
        assert "as_of is set to 2026-06-01 (was today)" in results["CONFIG-1"]["message"]
        assert results["CONFIG-1"]["file"] == ".safesec.yaml"
        assert results["CONFIG-1"]["line"] == 3


T4 = {
    "severity": ("rules:\n  only: [GOV-1]\n  severity: {GOV-1: info}\n",
                 "rule GOV-1 is lowered from high to info"),
    "disable": ("rules:\n  disable: [GOV-1]\n", "rule GOV-1 is disabled"),
    "fail_on": (ONLY_GOV1 + "fail_on: critical\n", "fail_on is raised from high to critical"),
    "artifacts": (ONLY_GOV1 + "artifacts: {security_policy: [docs/ok/SECURITY.md]}\n",
                  "the artifacts globs of security_policy are changed"),
    "builtin": ("builtin: false\npacks: [policies/mine.yaml]\n",
                "the built-in pack is turned off (builtin: false)"),
    "exclude": (ONLY_GOV1 + "exclude: ['SECURITY.md']\n", "exclude glob 'SECURITY.md' is added"),
    "include_tests_and_examples": (ONLY_GOV1 + "include_tests_and_examples: true\n",
                                   "include_tests_and_examples is turned on"),
    "waiver": (ONLY_GOV1 + WAIVER.replace("2026-06-30", "2099-01-01"),
               "waiver W-OLD for rule GOV-1 at SECURITY.md (expires 2099-01-01)"),
}


@pytest.mark.parametrize("attack", sorted(T4))
def test_t4_a_change_cannot_weaken_its_gate_and_the_weakening_is_reported(tmp_path, attack):
    config, words = T4[attack]
    repo = pr_repo(tmp_path, {"SECURITY.md": GOOD_POLICY, ".safesec.yaml": ONLY_GOV1},
                   {"SECURITY.md": BAD_POLICY, ".safesec.yaml": config,
                    "docs/ok/SECURITY.md": GOOD_POLICY, "policies/mine.yaml": OWN_PACK})
    code, doc = run(repo, "--config-from", "main")
    results = by_rule(doc)
    assert code == 1, doc
    assert results["GOV-1"]["status"] == "fail" and results["GOV-1"]["severity"] == "high"
    assert "MINE-1" not in results  # the change's own pack is not the gate
    gate = results["CONFIG-1"]
    assert gate["status"] == "fail" and gate["severity"] == "high"
    assert words in gate["message"], gate["message"]
    assert "the change weakens the gate set at main" in gate["message"]


def test_repository_packs_are_read_from_the_base(tmp_path):
    base_config = "builtin: false\npacks: [policies/org.yaml]\n"
    repo = pr_repo(tmp_path, {"SECURITY.md": BAD_POLICY, ".safesec.yaml": base_config,
                              "policies/org.yaml": ORG_PACK},
                   {"policies/org.yaml": ORG_PACK.replace("severity: high", "severity: info")})
    assert run(repo)[0] == 0  # the change's own pack would pass it
    code, doc = run(repo, "--config-from", "main")
    assert code == 1 and by_rule(doc)["ORG-1"]["severity"] == "high"


def test_a_change_that_keeps_the_gate_passes_config_1(tmp_path):
    repo = pr_repo(tmp_path, {"SECURITY.md": BAD_POLICY, ".safesec.yaml": ONLY_GOV1},
                   {"SECURITY.md": GOOD_POLICY})
    code, doc = run(repo, "--config-from", "main")
    assert code == 0 and by_rule(doc)["CONFIG-1"]["status"] == "pass"


def test_the_weakening_reaches_every_report(tmp_path):
    repo = pr_repo(tmp_path, {"SECURITY.md": GOOD_POLICY, ".safesec.yaml": ONLY_GOV1},
                   {".safesec.yaml": "rules:\n  disable: [GOV-1]\n"})
    out = {name: tmp_path / f"report.{name}" for name in ("sarif", "junit-xml")}
    result = CliRunner().invoke(main, ["check", str(repo.path), "--config-from", "main",
                                       "--sarif", str(out["sarif"]),
                                       "--junit-xml", str(out["junit-xml"])])
    assert result.exit_code == 1
    assert "CONFIG-1" in result.stdout and "rule GOV-1 is disabled" in result.stdout
    sarif = json.loads(out["sarif"].read_text())
    assert "CONFIG-1" in {r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert "rule GOV-1 is disabled" in out["junit-xml"].read_text()


def test_a_base_pack_that_is_missing_is_a_clear_error(tmp_path):
    repo = pr_repo(tmp_path, {"SECURITY.md": GOOD_POLICY,
                              ".safesec.yaml": "packs: [policies/gone.yaml]\n"}, {})
    result = CliRunner().invoke(main, ["check", str(repo.path), "--config-from", "main"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "'policies/gone.yaml' does not exist at main" in result.stderr


def test_packs_typed_on_the_command_line_replace_the_base_packs(tmp_path):
    repo = pr_repo(tmp_path, {"SECURITY.md": BAD_POLICY,
                              ".safesec.yaml": "packs: [policies/gone.yaml]\n" + ONLY_GOV1}, {})
    code, doc = run(repo, "--config-from", "main", "--policy", "builtin")
    assert code == 1 and by_rule(doc)["GOV-1"]["status"] == "fail"
    assert by_rule(doc)["CONFIG-1"]["status"] == "pass"


def test_removing_a_base_pack_is_reported(tmp_path):
    base = "packs: [policies/org.yaml]\n" + ONLY_GOV1
    repo = pr_repo(tmp_path, {"SECURITY.md": GOOD_POLICY, "policies/org.yaml": ORG_PACK,
                              ".safesec.yaml": base}, {".safesec.yaml": ONLY_GOV1})
    code, doc = run(repo, "--config-from", "main")
    assert "pack policies/org.yaml is removed from packs" in by_rule(doc)["CONFIG-1"]["message"]
    repo.commit({".safesec.yaml": base})  # the same packs again: nothing weakened
    assert by_rule(run(repo, "--config-from", "main")[1])["CONFIG-1"]["status"] == "pass"


@pytest.mark.parametrize(("edit", "where", "words"), [
    (lambda p: p.replace("severity: high", "severity: info"), ("policies/org.yaml", 5),
     "rule ORG-1 of pack policies/org.yaml is lowered from high to info"),
    (lambda p: p.replace("any: ['@']", "any: ['.']"), ("policies/org.yaml", 5),
     "rule ORG-1 of pack policies/org.yaml is rewritten"),
    (lambda p: p.replace("ORG-1", "ORG-2"), ("policies/org.yaml", 1), "rule ORG-1 is removed from pack policies/org.yaml"),
    (lambda p: p.replace("title: A pack", "settings: {min_ratio: 0}\ntitle: A pack"),
     ("policies/org.yaml", 1), "pack policies/org.yaml changes its default min_ratio"),
    (lambda p: p.replace("rules:", "rules: [oops"), ("policies/org.yaml", 5),
     "pack policies/org.yaml no longer loads"),
])
def test_rule_edits_inside_a_repository_pack_are_reported(tmp_path, edit, where, words):
    """CONFIG-1 lists what the change did inside a pack file the base names, at the
    change's pack line; the run still judges with the base's rule."""
    config = "builtin: false\npacks: [policies/org.yaml]\n"
    repo = pr_repo(tmp_path, {"SECURITY.md": BAD_POLICY, ".safesec.yaml": config,
                              "policies/org.yaml": ORG_PACK},
                   {"policies/org.yaml": edit(ORG_PACK)})
    code, doc = run(repo, "--config-from", "main")
    gate = by_rule(doc)["CONFIG-1"]
    assert code == 1 and by_rule(doc)["ORG-1"]["status"] == "fail"
    assert gate["status"] == "fail" and words in gate["message"]
    assert [(f["file"], f["line"]) for f in gate["findings"]] == [where]


def test_an_unchanged_repository_pack_is_not_a_weakening(tmp_path):
    config = "builtin: false\npacks: [policies/org.yaml]\n"
    repo = pr_repo(tmp_path, {"SECURITY.md": GOOD_POLICY, ".safesec.yaml": config,
                              "policies/org.yaml": ORG_PACK},
                   {"policies/org.yaml": ORG_PACK.replace("title: A pack the change brings",
                                                          "title: Reworded")})
    code, doc = run(repo, "--config-from", "main")
    assert code == 0 and by_rule(doc)["CONFIG-1"]["status"] == "pass"


def test_rev_reads_the_repository_packs_of_that_revision(tmp_path):
    """``check --rev R`` judges R with R's config and R's packs, not the work tree's."""
    config = "builtin: false\npacks: [policies/org.yaml]\n"
    repo = pr_repo(tmp_path, {"SECURITY.md": BAD_POLICY, ".safesec.yaml": config,
                              "policies/org.yaml": ORG_PACK}, {})
    (repo.path / "policies/org.yaml").write_text(ORG_PACK.replace("severity: high",
                                                                  "severity: info"))
    assert run(repo)[0] == 0  # the edited pack on disk lets it through
    code, doc = run(repo, "--rev", "main")
    assert code == 1 and by_rule(doc)["ORG-1"]["severity"] == "high"
