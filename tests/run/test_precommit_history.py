"""pre-commit and CI agree on INT-9 (issue 18 item 9): a pre-commit run (``--files``, the
staged files) hashes the safety-critical files as the commit being made will hold them, so
it fails INT-9 exactly when CI will after the commit, and passes when the re-run
evaluation's report, recording the new hashes, is committed with the change."""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "compliant"
SYSTEM = "models/support-bot"
SERVING = f"{SYSTEM}/serving/config.yaml"
REDTEAM = f"{SYSTEM}/evals/redteam.yaml"

pytestmark = pytest.mark.usefixtures("isolated_git")


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_DATE": "2026-11-20T12:00:00+00:00",
                        "GIT_COMMITTER_DATE": "2026-11-20T12:00:00+00:00"})


def int9(root: Path, *args: str) -> dict:
    result = CliRunner().invoke(main, ["check", str(root), "--format", "json", *args],
                                catch_exceptions=False)
    found = [r for r in json.loads(result.stdout)["results"] if r["rule"] == "INT-9"]
    assert len(found) == 1, result.output
    return found[0]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "everything, evaluated")
    monkeypatch.chdir(root)  # pre-commit passes paths relative to the repository
    return root


def _change(root: Path, rel: str) -> None:
    with open(root / rel, "a", encoding="utf-8") as handle:
        handle.write("# changed\n")


def _record(root: Path) -> list[str]:
    """Every eval report that records SERVING's hash now records its current one (what a
    re-run evaluation writes); the reports changed."""
    digest = hashlib.sha256((root / SERVING).read_bytes()).hexdigest()
    changed = []
    for report in sorted((root / SYSTEM / "evals").glob("*.yaml")):
        text = report.read_text(encoding="utf-8")
        new = re.sub(rf"(\{{path: {re.escape(SERVING)}, sha256: )[0-9a-f]{{64}}", rf"\g<1>{digest}",
                     text)
        if new != text:
            report.write_text(new, encoding="utf-8")
            changed.append(str(report.relative_to(root)))
    assert changed
    return changed


def test_a_staged_safety_critical_change_fails_int9_as_ci_will(repo):
    assert int9(repo, "--files", SERVING)["status"] == "pass"  # nothing staged yet
    _change(repo, SERVING)
    git(repo, "add", SERVING)
    before = int9(repo, "--files", SERVING)
    assert before["status"] == "fail"
    assert before["message"].startswith(f"{SERVING} changed since ")
    assert f"record its hash (sha256sum {SERVING})" in before["message"]
    git(repo, "commit", "-qm", "raise the rate limit")
    assert int9(repo)["status"] == "fail"  # CI, after the commit, agrees


def test_committing_the_evaluation_with_the_change_passes(repo):
    _change(repo, SERVING)
    reports = _record(repo)
    git(repo, "add", SERVING, *reports)
    assert int9(repo, "--files", SERVING, *reports)["status"] == "pass"
    git(repo, "commit", "-qm", "raise the rate limit, re-run the red team")
    assert int9(repo)["status"] == "pass"


def test_touching_the_report_without_recording_the_new_hash_still_fails(repo):
    """The commit-time rule passed when the eval file was re-committed after the change."""
    _change(repo, SERVING)
    _change(repo, REDTEAM)
    git(repo, "add", SERVING, REDTEAM)
    assert int9(repo, "--files", SERVING, REDTEAM)["status"] == "fail"


def test_a_named_file_that_is_unchanged_is_not_a_change(repo):
    """`--files` on a clean tree (pre-commit run --all-files, or by hand) changes nothing."""
    assert int9(repo, "--files", SERVING)["status"] == "pass"
    assert int9(repo, "--files", SERVING, f"{SYSTEM}/guardrails/rails.yaml")["status"] == "pass"


def test_a_new_safety_critical_file_counts_too(repo):
    (repo / SYSTEM / "guardrails" / "extra.yaml").write_text("kind: guardrails\n",
                                                              encoding="utf-8")
    git(repo, "add", "-A")
    result = int9(repo, "--files", f"{SYSTEM}/guardrails/extra.yaml")
    assert result["status"] == "fail", result["message"]
    assert f"{SYSTEM}/guardrails/extra.yaml (matching settings.safety_critical_paths) is not " \
           "among the files" in result["message"]
