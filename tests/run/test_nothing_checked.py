"""Nothing checked is not a pass: a run that evaluates no rule exits 2 and says why,
except a pre-commit or PR run whose files no rule reads (the gate keeps its rules)."""
from __future__ import annotations

import shutil
from pathlib import Path

FIXTURE = Path(__file__).parents[2] / "fixtures" / "compliant"


def compliant(tmp_path: Path, config: str | None = None) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    if config is not None:
        (root / ".safesec.yaml").write_text(config)
    return root


def test_builtin_off_and_no_pack_exits_2_and_says_why(cli, tmp_path):
    root = compliant(tmp_path, "builtin: false\n")
    result = cli("check", root)
    assert result.exit_code == 2
    assert "nothing was checked: no rule is selected" in result.stdout
    assert "Gate (fail on high): ERROR (nothing was checked)" in result.stdout


def test_every_rule_disabled_exits_2(cli, tmp_path, check_json):
    root = compliant(tmp_path, "builtin: false\npacks: [pack.yaml]\n"
                     "rules: {disable: [DEMO-1, DEMO-2]}\n")
    shutil.copy(Path(__file__).parent / "data" / "demo-pack" / "demo.yaml", root / "pack.yaml")
    result, doc = check_json(root)
    assert result.exit_code == 2
    assert doc is not None and doc["results"] == []


def test_files_no_rule_reads_is_nothing_to_do_not_an_error(cli, tmp_path, monkeypatch):
    root = compliant(tmp_path)
    monkeypatch.chdir(root)
    result = cli("check", ".", "--files", "README.md")
    assert result.exit_code == 0
    assert "0 results: nothing checked" in result.stdout


def test_files_with_no_rule_selected_is_still_an_error(cli, tmp_path, monkeypatch):
    root = compliant(tmp_path, "builtin: false\n")
    monkeypatch.chdir(root)
    result = cli("check", ".", "--files", "README.md")
    assert result.exit_code == 2
    assert "nothing was checked" in result.stdout
