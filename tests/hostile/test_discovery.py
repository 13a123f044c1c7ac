"""Discovery errors are results, never skips or crashes (redteam L4, L2 file names): a
folder that cannot be listed and a file name that is not UTF-8 are named in an error,
exit 2; the rest of the tree is still evaluated."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parents[2] / "fixtures" / "compliant"
FAILING_EVAL = "schema: eval-report/v1\ndate: 2026-11-01\nresults: [}\n"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    return root


def run(cli, root: Path, tmp_path: Path, *extra: str) -> tuple[int, dict, str]:
    out = tmp_path / "report.json"
    result = cli("check", root, "--json", out, *extra)
    return result.exit_code, json.loads(out.read_text(encoding="utf-8")), result.stdout


def test_an_unlistable_folder_is_an_error_naming_it(cli, tree, tmp_path, monkeypatch):
    hidden = tree / "models" / "support-bot" / "evals" / "deep"
    hidden.mkdir()
    (hidden / "bad.yaml").write_text(FAILING_EVAL)
    real = os.scandir

    def scandir(path):  # as for a folder of mode 000 (tests run as root) or ENAMETOOLONG
        if str(path).endswith("/deep"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, doc, stdout = run(cli, tree, tmp_path)
    assert code == 2
    assert ("models/support-bot/evals/deep:1: cannot list this folder: Permission denied"
            in doc["errors"])
    assert "Gate (fail on high): ERROR" in stdout
    assert any(r["rule"] == "TM-1" and r["status"] == "pass" for r in doc["results"])


def test_a_folder_too_deep_to_list_is_an_error(cli, tree, tmp_path, monkeypatch):
    """A PR can commit a failing report 4,000+ characters deep: git clones it, but the
    absolute path is over PATH_MAX (ENAMETOOLONG)."""
    monkeypatch.chdir(tree)
    for _ in range(40):  # created step by step, each step a short relative path
        os.mkdir("d" * 120)
        os.chdir("d" * 120)
    Path("bad.yaml").write_text(FAILING_EVAL)
    monkeypatch.chdir(tmp_path)
    code, doc, _stdout = run(cli, tree.resolve(), tmp_path)
    too_long = [e for e in doc["errors"] if "cannot list this folder" in e]
    assert code == 2 and "File name too long" in too_long[0]


def test_a_non_utf8_file_name_is_an_error_shown_escaped(cli, tree, tmp_path):
    evals = os.fsencode(tree / "models" / "support-bot" / "evals")
    with open(os.path.join(evals, b"x\xff.yaml"), "w") as handle:
        handle.write(FAILING_EVAL)
    code, doc, stdout = run(cli, tree, tmp_path)
    assert code == 2
    [error] = [e for e in doc["errors"] if "UTF-8" in e]
    assert error.startswith("models/support-bot/evals/x\\xff.yaml:1: the file name is not valid")
    assert "\\xff" in stdout and "\udcff" not in stdout
    assert any(r["rule"] == "TM-1" and r["status"] == "pass" for r in doc["results"])


@pytest.mark.parametrize("extra", [("--jobs", "2"), ("--files", "README.md")])
def test_discovery_errors_in_jobs_and_files_modes(cli, tree, tmp_path, extra, monkeypatch):
    evals = os.fsencode(tree)
    with open(os.path.join(evals, b"x\xff.yaml"), "w") as handle:
        handle.write(FAILING_EVAL)
    monkeypatch.chdir(tree)
    code, doc, _stdout = run(cli, tree, tmp_path, *extra)
    assert code == 2
    assert "x\\xff.yaml:1: the file name is not valid UTF-8, so it is not read; " \
        "rename it" in doc["errors"]
