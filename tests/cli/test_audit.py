"""``safesec audit`` on standard output: a summary for a reader by default, the JSON document
with ``--json`` (alone or ``-``), the HTML page with ``--html -``, one report at a time."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest


def _git(root: Path, *args: str, date: str = "2026-01-01T12:00:00+00:00") -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.fixture
def history(tmp_path: Path, isolated_git: Path) -> tuple[Path, str]:
    """A repository of three commits: empty, then SECURITY.md, then a threat model."""
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "init", "-q", "-b", "main")
    _git(root, "commit", "-q", "--allow-empty", "-m", "start")
    first = _git(root, "rev-parse", "HEAD")
    for day, (name, text) in enumerate([("SECURITY.md", "# Security\n\nMail us.\n"),
                                        ("threat-model.yaml", "schema: threat-model/v1\nthreats: []\n")], start=2):
        (root / name).write_text(text, encoding="utf-8")
        _git(root, "add", name)
        _git(root, "commit", "-q", "-m", f"add {name}", date=f"2026-01-0{day}T12:00:00+00:00")
    return root, first


def test_by_default_a_summary_for_a_reader(cli, history):
    root, first = history
    result = cli("audit", root, "--range", f"{first}..HEAD")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"audit of range {first}..HEAD: 2 commits (")
    assert lines[1].split()[1:3] == ["2026-01-02", "failed:"]
    # the missing threat model is one root cause, not one failure per rule
    assert "MISSING-THREAT-MODEL" in lines[1] and "MISSING-THREAT-MODEL" not in lines[2]
    assert any(ln.startswith("changed at ") and "fixed MISSING-THREAT-MODEL" in ln for ln in lines)
    assert lines[-1].startswith("sign-off trail: 1 change to threat models and eval reports")
    with pytest.raises(json.JSONDecodeError):
        json.loads(result.stdout)


@pytest.mark.parametrize("option", [["--json"], ["--json", "-"]])
def test_json_alone_or_dash_prints_the_document(cli, history, option):
    root, first = history
    result = cli("audit", root, "--range", f"{first}..HEAD", *option)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert [c["summary"] for c in doc["commits"]] == ["add SECURITY.md", "add threat-model.yaml"]


def test_json_to_a_file_keeps_the_summary_on_stdout(cli, history, tmp_path):
    root, first = history
    out = tmp_path / "audit.json"
    result = cli("audit", root, "--range", f"{first}..HEAD", "--json", out)
    assert len(json.loads(out.read_text(encoding="utf-8"))["commits"]) == 2
    assert result.stdout.startswith("audit of range ")


def test_html_dash_prints_the_page_and_two_dashes_are_refused(cli, history, tmp_path,
                                                              monkeypatch):
    root, first = history
    monkeypatch.chdir(tmp_path)
    page = cli("audit", root, "--range", f"{first}..HEAD", "--html", "-")
    assert page.exit_code == 0 and page.stdout.startswith("<!DOCTYPE html>")
    both = cli("audit", root, "--range", f"{first}..HEAD", "--json", "-", "--html", "-")
    assert both.exit_code == 2 and "only one report can go there" in both.stderr
    assert not (tmp_path / "-").exists()
