"""`rules`, `explain` and `policy docs` see the packs a check of the project uses: the
built-in pack and the packs .safesec.yaml names, found from any folder of the project."""
from __future__ import annotations

import json
from pathlib import Path



def tree(root, files):
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


PACK = (Path(__file__).resolve().parents[1] / "data" / "packs"
        / "org-timeline.yaml").read_text(encoding="utf-8")


def _project(tmp_path, config="packs: [policies/org.yaml]\n"):
    return tree(tmp_path, {".safesec.yaml": config, "policies/org.yaml": PACK, "src/x.txt": ""})


def test_rules_lists_the_project_packs_from_a_subfolder(cli, tmp_path, monkeypatch):
    _project(tmp_path)
    monkeypatch.chdir(tmp_path / "src")
    result = cli("rules", "--json")
    assert result.exit_code == 0, result.output
    ids = {r["id"] for r in json.loads(result.stdout)}
    assert "ORG-1" in ids and "GOV-1" in ids


def test_rules_honours_the_configs_rule_selection(cli, tmp_path, monkeypatch):
    _project(tmp_path, "builtin: false\npacks: [policies/org.yaml]\n")
    monkeypatch.chdir(tmp_path)
    assert [r["id"] for r in json.loads(cli("rules", "--json").stdout)] == ["ORG-1"]


def test_explain_finds_a_project_rule_in_any_case(cli, tmp_path, monkeypatch):
    _project(tmp_path)
    monkeypatch.chdir(tmp_path / "src")
    for spelling in ("ORG-1", "org-1", "policy-names-timeline"):
        result = cli("explain", spelling)
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("## ORG-1 policy-names-timeline")


def test_explain_suggests_the_nearest_rule(cli, tmp_path, monkeypatch):
    _project(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = cli("explain", "ORG-11")
    assert result.exit_code == 2
    assert "no rule 'ORG-11' in the packs in use (did you mean ORG-1?" in result.output


def test_policy_docs_without_a_path_documents_the_project_packs(cli, tmp_path, monkeypatch):
    _project(tmp_path)
    monkeypatch.chdir(tmp_path / "src")
    result = cli("policy", "docs")
    assert result.exit_code == 0, result.output
    assert "Pack `org` version 0.1.0" in result.stdout
    assert "## ORG-1 policy-names-timeline" in result.stdout
    assert "## GOV-1 " in result.stdout
