"""`safesec init`: scaffold the native templates; they parse and fail only on placeholders."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from checker.scaffold import manifest, read_manifest, templates_dir

EXPECTED_KINDS = {
    ".safesec.yaml": None,  # the project config, not an artifact
    "MODEL_CARD.md": "model_card",
    "security/threat-model.yaml": "threat_model",
    "evals/safety.yaml": "eval_report",
    "evals/redteam.yaml": "eval_report",
    "serving/config.yaml": "config",
    "SECURITY.md": "security_policy",
    "INCIDENT_RESPONSE.md": "incident_response",
    ".github/CODEOWNERS": "codeowners",
}
PLACEHOLDER = re.compile(r"placeholder|TODO|TBD|<[^>]+>|fill", re.I)


def test_init_creates_every_template_in_an_empty_folder(cli, tmp_path):
    result = cli("init", tmp_path)
    assert result.exit_code == 0, result.output
    created = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert created == sorted(EXPECTED_KINDS)
    for dest in EXPECTED_KINDS:
        assert f"created  {tmp_path}/{dest}" in result.output


def _check(cli, folder):
    report = folder.parent / f"{folder.name}.json"
    result = cli("check", folder, "--json", report)
    return result, json.loads(report.read_text(encoding="utf-8"))


def test_init_then_check_fails_on_placeholders_without_errors(cli, tmp_path):
    """The issue's must-show: exit 1, findings on the placeholders, no error results."""
    folder = tmp_path / "repo"
    assert cli("init", folder).exit_code == 0
    result, data = _check(cli, folder)
    assert result.exit_code == 1, result.output
    assert data["summary"]["errors"] == 0
    assert [r["rule"] for r in data["results"] if r["status"] == "error"] == []
    kinds = {a["path"]: a["kind"] for a in data["artifacts"]}
    for dest, kind in EXPECTED_KINDS.items():
        if kind:
            assert kinds.get(dest) == kind, f"{dest} not read as {kind}: {data['artifacts']}"
    # a placeholder is a finding, never a pass
    assert [r["rule"] for r in data["results"] if r["status"] == "pass"] == []
    failed = [r for r in data["results"] if r["status"] == "fail"]
    blamed = {r["file"] for r in failed} | {f["file"] for r in failed for f in r["findings"]}
    assert blamed >= {d for d, k in EXPECTED_KINDS.items() if k}
    texts = [" ".join([r["message"]] + [f["message"] for f in r["findings"]]) for r in failed]
    assert sum(bool(PLACEHOLDER.search(t)) for t in texts) >= 5, texts


def test_scaffold_in_a_fresh_git_repository_has_no_errors_either(cli, tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    folder = tmp_path / "repo"
    assert cli("init", folder).exit_code == 0
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    result, data = _check(cli, folder)
    assert result.exit_code == 1, result.output
    assert data["summary"]["errors"] == 0
    # nothing committed yet: the sign-off is missing, the templates still fail
    assert {r["rule"] for r in data["results"] if r["status"] == "fail"} >= {"GOV-6", "OBJ-1",
                                                                            "OBJ-4", "TM-2"}


def test_init_keeps_existing_files_and_says_which(cli, tmp_path):
    """An existing repository has its own SECURITY.md and CODEOWNERS: they are kept."""
    mine = {"SECURITY.md": "# our policy\n", ".github/CODEOWNERS": "* @team\n"}
    for rel, text in mine.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    result = cli("init", tmp_path)
    assert result.exit_code == 0, result.output
    for rel, text in mine.items():
        assert (tmp_path / rel).read_text(encoding="utf-8") == text
        assert f"kept     {tmp_path}/{rel} (it exists; --force replaces it)" in result.output
    for dest in set(EXPECTED_KINDS) - set(mine):
        assert (tmp_path / dest).is_file()
        assert f"created  {tmp_path}/{dest}" in result.output


def test_init_ends_with_the_next_three_steps(cli, tmp_path):
    result = cli("init", tmp_path)
    steps = result.output.split("Next steps:\n", 1)[1].splitlines()
    assert [line.split(".", 1)[0].strip() for line in steps] == ["1", "2", "3"]
    assert "TODO" in steps[0] and f"safesec check {tmp_path}" in steps[1]
    assert "--write-baseline" in steps[2] and "--baseline" in steps[2]


SYSTEM_FILES = [d for d, k in EXPECTED_KINDS.items()
                if k in ("model_card", "threat_model", "eval_report", "config")]
REPO_FILES = sorted(set(EXPECTED_KINDS) - set(SYSTEM_FILES))


def _files(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")
                  if p.is_file() and ".git" not in p.parts)


def test_init_system_puts_one_system_in_its_folder_and_the_rest_at_the_root(cli, tmp_path,
                                                                            monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli("init", "--system", "models/bot-a").exit_code == 0
    assert cli("init", "--system", "models/bot-b").exit_code == 0
    assert _files(tmp_path) == sorted(REPO_FILES + [f"models/{s}/{d}" for s in ("bot-a", "bot-b")
                                                    for d in SYSTEM_FILES])


def test_init_inside_a_git_repository_scaffolds_a_system_of_it(cli, tmp_path, monkeypatch):
    """`init models/x` in a repository: repository-wide files go to the root, not models/x."""
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "models").mkdir()
    monkeypatch.chdir(tmp_path / "models")
    result = cli("init", "x")
    assert result.exit_code == 0, result.output
    assert "scaffolding system models/x of the project at .." in result.output
    assert _files(tmp_path) == sorted(REPO_FILES + [f"models/x/{d}" for d in SYSTEM_FILES])
    result, data = _check(cli, tmp_path)
    # the repository-wide files init wrote are found for the system
    kinds = {a["kind"] for a in data["artifacts"]}
    assert {"security_policy", "codeowners", "incident_response"} <= kinds
    assert {a["system"] for a in data["artifacts"] if a["kind"] == "model_card"} == {"models/x"}


def test_init_system_outside_the_project_is_a_usage_error(cli, tmp_path):
    (tmp_path / "repo").mkdir()
    result = cli("init", tmp_path / "repo", "--system", tmp_path / "elsewhere")
    assert result.exit_code == 2
    assert "is outside the project" in result.output
    assert not (tmp_path / "elsewhere").exists()


def test_init_force_replaces_existing_files(cli, tmp_path):
    (tmp_path / "SECURITY.md").write_text("old\n", encoding="utf-8")
    result = cli("init", tmp_path, "--force")
    assert result.exit_code == 0, result.output
    assert f"replaced {tmp_path}/SECURITY.md" in result.output
    assert "TODO" in (tmp_path / "SECURITY.md").read_text(encoding="utf-8")


def test_init_creates_a_missing_target_folder(cli, tmp_path):
    target = tmp_path / "new" / "repo"
    assert cli("init", target).exit_code == 0
    assert (target / ".safesec.yaml").is_file()


def test_manifest_names_every_template_and_no_dotfile():
    """Package-data globs skip dotfiles: a dot-named template would be missing from the wheel."""
    root = Path(str(templates_dir()))
    on_disk = {str(p.relative_to(root)) for p in root.rglob("*")
               if p.is_file() and p.name != "MANIFEST.txt" and "__pycache__" not in p.parts}
    listed = {e.template for e in manifest()}
    assert listed == on_disk
    assert not [t for t in listed if any(part.startswith(".") for part in t.split("/"))]
    assert len({e.dest for e in manifest()}) == len(manifest())


def test_manifest_rejects_paths_outside_the_target():
    for bad in ("x -> ../escape.md", "x -> /etc/passwd", "no arrow here"):
        try:
            read_manifest(bad)
        except ValueError as exc:
            assert "MANIFEST.txt:1" in str(exc)
        else:
            raise AssertionError(f"accepted {bad!r}")


def test_init_keeps_a_pyproject_config_and_adds_no_second_one(cli, tmp_path):
    """A .safesec.yaml would take the place of [tool.safesec]: init does not create one."""
    (tmp_path / "pyproject.toml").write_text("[tool.safesec]\nfail_on = 'critical'\n",
                                             encoding="utf-8")
    result = cli("init", tmp_path)
    assert result.exit_code == 0, result.output
    assert not (tmp_path / ".safesec.yaml").exists()
    assert "its [tool.safesec] table is the project's config" in result.output
    assert (tmp_path / "MODEL_CARD.md").is_file()
