"""action.yml, this project's workflows, the pre-commit manifest and the CI recipes in docs:
valid against the schemas their platforms use (check-jsonschema's built-in copies, which work
offline), free of script injection, and the action's run step works end to end."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
ACTION = ROOT / "action.yml"
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
CI_DOC = ROOT / "docs" / "ci.md"


def check_jsonschema(*args: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("check-jsonschema")
    if not exe.exists():
        pytest.skip("check-jsonschema is not installed (pip install -e '.[test]')")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=120)


def assert_valid(schema: str, *files: Path) -> None:
    done = check_jsonschema("--builtin-schema", schema, *map(str, files))
    assert done.returncode == 0, done.stdout + done.stderr


def test_action_is_a_valid_github_action():
    assert_valid("vendor.github-actions", ACTION)


def test_workflows_are_valid_and_have_timeouts():
    assert WORKFLOWS, "no workflow in .github/workflows"
    assert_valid("vendor.github-workflows", *WORKFLOWS)
    assert_valid("custom.github-workflows-require-timeout", *WORKFLOWS)


def test_ci_workflow_runs_the_project_script():
    ci = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    runs = [s.get("run", "") for job in ci["jobs"].values() for s in job["steps"]]
    assert any("bash .ci/run" in r for r in runs)


def action_steps() -> list[dict]:
    return yaml.safe_load(ACTION.read_text(encoding="utf-8"))["runs"]["steps"]


def test_action_inputs_and_safe_run_steps():
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    assert {"path", "policy", "fail-on", "junit-xml", "sarif"} <= set(action["inputs"])
    for step in action_steps():
        if "run" in step:
            assert step.get("shell"), f"step {step.get('name')!r} has no shell"
            assert "${{" not in step["run"], f"step {step.get('name')!r} expands an expression " \
                                             "inside its script (script injection): pass it via env"


def run_action_step(tmp_path: Path, fixture: str, **inputs: str) -> tuple:
    """Execute the action's "Run safesec" script with bash, as the runner would."""
    if not shutil.which("bash"):
        pytest.skip("bash is not on PATH")
    if not (ROOT / "fixtures" / fixture).is_dir():
        pytest.skip(f"fixtures/{fixture} not present")
    script = next(s["run"] for s in action_steps() if s.get("id") == "check")
    output, summary = tmp_path / "github_output", tmp_path / "step_summary.md"
    env = dict(os.environ, SAFESEC_PYTHON=sys.executable, PYTHONPATH=str(ROOT),
               GITHUB_OUTPUT=str(output), GITHUB_STEP_SUMMARY=str(summary),
               INPUT_PATH=str(ROOT / "fixtures" / fixture), INPUT_POLICY="", INPUT_CONFIG="",
               INPUT_FAIL_ON="", INPUT_JUNIT_XML="junit.xml", INPUT_SARIF="out.sarif", INPUT_HTML="")
    env.update({f"INPUT_{k.upper()}": v for k, v in inputs.items()})
    done = subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
    return done, outputs, summary


def test_action_run_step_on_the_noncompliant_example(tmp_path):
    done, outputs, summary = run_action_step(tmp_path, "noncompliant", html="report.html")
    assert done.returncode == 1, done.stdout + done.stderr
    assert outputs == {"exit-code": "1", "junit-xml": "junit.xml", "sarif": "out.sarif"}
    assert (tmp_path / "out.sarif").stat().st_size and (tmp_path / "report.html").stat().st_size
    assert re.search(r"^::error file=[^,]+,line=\d+,title=", done.stdout, re.M), done.stdout
    assert "## safesec: " in summary.read_text(encoding="utf-8")


def test_action_run_step_passes_policies_one_per_line(tmp_path):
    done, outputs, _summary = run_action_step(
        tmp_path, "compliant", policy="  builtin  \n\n", sarif="", fail_on="critical")
    assert outputs["exit-code"] == str(done.returncode) and outputs["sarif"] == ""
    assert done.returncode in (0, 1), done.stdout + done.stderr  # the policy line was accepted


def test_pre_commit_manifest_is_valid():
    clientlib = pytest.importorskip("pre_commit.clientlib")
    hooks = {h["id"]: h for h in clientlib.load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))}
    assert hooks["safesec"]["require_serial"] and hooks["safesec"]["entry"].endswith("--files")
    assert hooks["safesec"]["language"] == "python"
    assert hooks["safesec-all"]["pass_filenames"] is False and hooks["safesec-all"]["always_run"]


def doc_blocks(lang: str, marker: str) -> list[str]:
    """Fenced ``lang`` blocks of docs/ci.md whose first line is the comment ``marker``."""
    if not CI_DOC.is_file():
        pytest.fail("docs/ci.md missing")
    blocks = re.findall(rf"```{lang}\n(.*?)```", CI_DOC.read_text(encoding="utf-8"), re.S)
    return [b for b in blocks if b.startswith(f"# {marker}")]


@pytest.mark.parametrize("marker, schema", [
    ("github-workflow", "vendor.github-workflows"),
    ("gitlab-ci", "vendor.gitlab-ci"),
])
def test_ci_recipes_in_the_docs_are_valid(tmp_path, marker, schema):
    blocks = doc_blocks("yaml", marker)
    assert blocks, f"docs/ci.md has no yaml block starting '# {marker}'"
    files = []
    for index, block in enumerate(blocks):
        files.append(tmp_path / f"{marker}-{index}.yml")
        files[-1].write_text(block, encoding="utf-8")
    assert_valid(schema, *files)


def test_pre_commit_recipe_in_the_docs_is_valid(tmp_path):
    clientlib = pytest.importorskip("pre_commit.clientlib")
    blocks = doc_blocks("yaml", "pre-commit-config")
    assert blocks, "docs/ci.md has no .pre-commit-config.yaml recipe"
    for block in blocks:
        config = tmp_path / ".pre-commit-config.yaml"
        config.write_text(block, encoding="utf-8")
        loaded = clientlib.load_config(str(config))
        assert any(h["id"].startswith("safesec") for r in loaded["repos"] for h in r["hooks"])


def test_action_removes_a_planted_report_when_safesec_stops_early(tmp_path):
    # red team M7: a committed all-green JUnit file and a broken config
    planted = tmp_path / "junit.xml"
    planted.write_text('<testsuites tests="1" failures="0"/>\n', encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text("fail_on: nonsense\n", encoding="utf-8")
    done, outputs, _summary = run_action_step(tmp_path, "compliant", config=str(broken))
    assert done.returncode == 2, done.stdout + done.stderr
    assert outputs["junit-xml"] == "" and not planted.exists()


def _fake_safesec(tmp_path: Path) -> Path:
    fake = tmp_path / "fake-python"
    fake.write_text('#!/bin/sh\nprintf "%s\\n" "$@" > "$ARGS_FILE"\n', encoding="utf-8")
    fake.chmod(0o755)
    return fake


@pytest.mark.parametrize("given, expected", [("", "origin/main"), ("origin/release", "origin/release"),
                                             ("none", None)])
def test_action_reads_waivers_from_the_base_branch_on_pull_requests(tmp_path, given, expected):
    # red team M3: on pull_request the base's waivers are used unless the input says otherwise
    if not shutil.which("bash") or not shutil.which("git"):
        pytest.skip("bash or git is not on PATH")
    repo = tmp_path / "repo"
    repo.mkdir()
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(git + ["init", "-q"], check=True)
    subprocess.run(git + ["commit", "-q", "--allow-empty", "-m", "base"], check=True)
    subprocess.run(git + ["update-ref", "refs/remotes/origin/main", "HEAD"], check=True)
    script = next(s["run"] for s in action_steps() if s.get("id") == "check")
    args = tmp_path / "args"
    env = dict(os.environ, SAFESEC_PYTHON=str(_fake_safesec(tmp_path)), ARGS_FILE=str(args),
               GITHUB_OUTPUT=str(tmp_path / "out"), GITHUB_EVENT_NAME="pull_request",
               GITHUB_BASE_REF="main", INPUT_PATH=str(repo), INPUT_POLICY="", INPUT_CONFIG="",
               INPUT_FAIL_ON="", INPUT_JUNIT_XML="", INPUT_SARIF="", INPUT_HTML="",
               INPUT_WAIVERS_FROM=given)
    done = subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    passed = args.read_text(encoding="utf-8").splitlines()
    if expected is None:
        assert "--config-from" not in passed
    else:
        assert passed[passed.index("--config-from") + 1] == expected
