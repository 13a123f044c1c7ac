"""The project root (issue 18 item 4) and the config in pyproject.toml: a command run from
a subfolder checks the whole project, and ``[tool.safesec]`` is the config when there is no
``.safesec.yaml``."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.run.config import load_config
from checker.run.root import find_root

POLICY = "# Security\n\nEmail sec@example.org.\n"
PACK = (Path(__file__).resolve().parents[1] / "data" / "packs"
        / "org-timeline.yaml").read_text(encoding="utf-8")
PYPROJECT = """[project]
name = "demo"

[tool.safesec]
builtin = false
packs = ["org.yaml"]
fail_on = "high"
as_of = 2026-01-01
"""


def tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def run(*args: str) -> tuple[int, dict, str]:
    result = CliRunner().invoke(main, [*args, "--format", "json"], catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout) if result.stdout.strip() else {}, \
        result.stderr


def test_the_nearest_folder_with_a_config_is_the_root(tmp_path, monkeypatch):
    tree(tmp_path, {"a/.safesec.yaml": "{}\n", "a/b/c/x.txt": ""})
    monkeypatch.chdir(tmp_path / "a" / "b" / "c")
    root = find_root()
    assert Path(root.path).resolve() == (tmp_path / "a").resolve()
    assert root.path == "../.." and ".safesec.yaml" in root.why


@pytest.mark.usefixtures("isolated_git")
def test_the_git_work_tree_is_the_root_when_no_folder_has_a_config(tmp_path, monkeypatch):
    tree(tmp_path, {"repo/evals/x.yaml": "a: 1\n", ".safesec.yaml": "{}\n"})
    subprocess.run(["git", "init", "-q", str(tmp_path / "repo")], check=True)
    monkeypatch.chdir(tmp_path / "repo" / "evals")
    root = find_root()
    # the config above the work tree is not the project's
    assert Path(root.path).resolve() == (tmp_path / "repo").resolve()
    assert "git work tree" in root.why


def test_outside_any_project_the_start_is_the_root(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert find_root().path == "."


def test_check_from_a_subfolder_checks_the_whole_project(tmp_path, monkeypatch):
    tree(tmp_path, {".safesec.yaml": "builtin: false\npacks: [org.yaml]\n", "org.yaml": PACK,
                    "SECURITY.md": POLICY, "evals/notes.txt": ""})
    monkeypatch.chdir(tmp_path / "evals")
    code, doc, err = run("check")
    assert code == 1
    assert [(r["rule"], r["file"], r["status"]) for r in doc["results"]] == \
        [("ORG-1", "SECURITY.md", "fail")]
    assert "using the project at .. (found .safesec.yaml)" in err
    # an explicit PATH keeps its meaning: the subfolder alone, with no config of its own
    code, doc, err = run("check", ".")
    assert "ORG-1" not in {r["rule"] for r in doc["results"]}
    assert "using the project" not in err


def test_pyproject_tool_safesec_is_the_config(tmp_path, monkeypatch):
    tree(tmp_path, {"pyproject.toml": PYPROJECT, "org.yaml": PACK, "SECURITY.md": POLICY,
                    "src/pkg/__init__.py": ""})
    monkeypatch.chdir(tmp_path / "src" / "pkg")
    code, doc, err = run("check")
    assert code == 1, err
    assert {r["rule"] for r in doc["results"]} == {"ORG-1"}  # the built-in pack is off
    assert doc["as_of"] == "2026-01-01"
    assert "[tool.safesec] in pyproject.toml" in err


def test_yaml_config_wins_over_pyproject(tmp_path):
    tree(tmp_path, {"pyproject.toml": PYPROJECT, ".safesec.yaml": "fail_on: critical\n",
                    "org.yaml": PACK, "SECURITY.md": POLICY})
    code, doc, _err = run("check", str(tmp_path))
    assert "ORG-1" not in {r["rule"] for r in doc["results"]}


def test_a_pyproject_config_error_names_its_line(tmp_path):
    tree(tmp_path, {"pyproject.toml": "[project]\nname = 'x'\n\n[tool.safesec]\nfail_on = 'hgih'\n",
                    "SECURITY.md": POLICY})
    code, _doc, err = run("check", str(tmp_path))
    assert code == 2
    assert "pyproject.toml:5: fail_on: unallowed value hgih" in err


def test_config_pyproject_without_the_table_is_a_clear_error(tmp_path):
    tree(tmp_path, {"pyproject.toml": "[project]\nname = 'x'\n"})
    code, _doc, err = run("check", str(tmp_path), "--config", str(tmp_path / "pyproject.toml"))
    assert code == 2 and "has no [tool.safesec] table" in err and "Traceback" not in err


def test_pyproject_without_the_table_is_not_a_config(tmp_path):
    tree(tmp_path, {"pyproject.toml": "[project]\nname = 'x'\n", "SECURITY.md": POLICY})
    assert load_config(None, raw=b"fail_on: low\n", display="x.yaml").fail_on is not None
    code, doc, _err = run("check", str(tmp_path))
    assert doc["fail_on"] == "high"
