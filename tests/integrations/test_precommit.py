"""The pre-commit hook, through the real ``pre-commit try-repo``.

try-repo installs a hook repository from a git commit, so the test commits a snapshot of
this project (package, built-in policies, packaging files, hook manifest) into a temporary
repository, then runs both hooks (``safesec`` on the files given, ``safesec-all`` on the whole
repository) with ``--all-files`` inside a temporary git repository copied from each example
fixture.  Building the hook's virtualenv needs the
package's dependencies from an index; without one the test is skipped, saying so.
"""
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
FIXTURES = ROOT / "fixtures"
PROJECT_FILES = ("checker", "policies", "pyproject.toml", ".pre-commit-hooks.yaml", "README.md",
                 "LICENSE", "MANIFEST.in", "setup.cfg", "setup.py")
OFFLINE_SIGNS = ("NewConnectionError", "Could not find a version", "No matching distribution",
                 "Temporary failure in name resolution", "Network is unreachable",
                 "Failed to establish a new connection", "ProxyError")
RULE_ID = re.compile(r"\b[A-Z]{2,5}-\d+\b")


def pre_commit() -> str:
    exe = Path(sys.executable).with_name("pre-commit")
    found = str(exe) if exe.exists() else shutil.which("pre-commit")
    if not found:
        pytest.skip("pre-commit is not installed (pip install -e '.[test]')")
    if not shutil.which("git"):
        pytest.skip("git is not on PATH")
    return found


def git(cwd: Path, *args: str) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")
    subprocess.run(["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
                   cwd=cwd, env=env, check=True, capture_output=True)


def commit_tree(path: Path) -> Path:
    git(path, "init", "-q")
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "snapshot")
    return path


def copy_project(dest: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build", "dist")
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=ignore)
        elif source.is_file():
            shutil.copy2(source, dest / name)
    if not (dest / "README.md").exists():  # pyproject names it as the readme
        (dest / "README.md").write_text("# safesec\n", encoding="utf-8")
    return commit_tree(dest)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> Path:
    if not (ROOT / ".pre-commit-hooks.yaml").is_file():
        pytest.skip(".pre-commit-hooks.yaml missing")
    return copy_project(tmp_path_factory.mktemp("hook-repo"))


def example(tmp_path: Path, name: str) -> Path:
    source = FIXTURES / name
    if not source.is_dir():
        pytest.skip(f"fixtures/{name} not present")
    repo = tmp_path / name
    shutil.copytree(source, repo)
    return commit_tree(repo)


def try_repo(hook_repo: Path, repo: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    """Both hooks of the manifest (``safesec`` and ``safesec-all``) on every file of ``repo``."""
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
               PRE_COMMIT_COLOR="never", SKIP="")
    env.pop("VIRTUAL_ENV", None)
    done = subprocess.run([pre_commit(), "try-repo", str(hook_repo), "--all-files", "--verbose"],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=900)
    output = done.stdout + done.stderr
    if done.returncode == 3 and "pip" in output and any(s in output for s in OFFLINE_SIGNS):
        pytest.skip("pre-commit could not build the hook environment offline (no package index)")
    return done


def hook_outputs(output: str) -> dict[str, tuple[str, str]]:
    """``{hook name: (Passed|Failed, its output)}`` from a pre-commit run."""
    parts = re.split(r"^(safesec \((?:[^()\n]*)\))\.+(Passed|Failed)$", output, flags=re.M)
    return {parts[i]: (parts[i + 1], parts[i + 2]) for i in range(1, len(parts) - 2, 3)}


SEVERITY_LINE = re.compile(r"^\s*(?:CRITICAL|HIGH|MEDIUM|LOW|INFO)\s+([A-Z]+(?:-[A-Z0-9]+)+)\s+"
                           r"(?:.*cannot run: ([A-Z0-9, -]+)$)?", flags=re.M)


def failed_rules(text: str) -> set[str]:
    """The rules a console report shows failing: a failure line's rule, and the rules a
    missing artifact's root cause (MISSING-<KIND>) blocks, which fail through it."""
    found = set()
    for rule, blocked in SEVERITY_LINE.findall(text):
        if rule.startswith("MISSING-"):
            found |= {b.strip() for b in blocked.split(",") if b.strip()}
        else:
            found.add(rule)
    return found


def expected_failures(name: str) -> set[str]:
    spec = yaml.safe_load((FIXTURES / name / "expected.yaml").read_text(encoding="utf-8"))
    failures = spec.get("failures") or {}
    return {rule for rule, items in failures.items()
            if not any(isinstance(i, dict) and i.get("git") for i in items or [])}


def test_hooks_pass_on_the_compliant_example(hook_repo, tmp_path):
    done = try_repo(hook_repo, example(tmp_path, "compliant"), tmp_path)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    hooks = hook_outputs(output)
    assert len(hooks) == 2 and {v[0] for v in hooks.values()} == {"Passed"}, output


def test_hooks_fail_on_the_noncompliant_example_naming_rules(hook_repo, tmp_path):
    done = try_repo(hook_repo, example(tmp_path, "noncompliant"), tmp_path)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    hooks = hook_outputs(output)
    changed = next(v for k, v in hooks.items() if "changed files" in k)
    whole = next(v for k, v in hooks.items() if "whole repository" in k)
    expected = expected_failures("noncompliant")
    assert expected, "fixtures/noncompliant/expected.yaml lists no failures"
    for status, text in (changed, whole):
        assert status == "Failed" and "- exit code: 1" in text, output  # findings, not exit 2
    # The staged-files hook runs the rules that read the files it is given: real failures only.
    shown = failed_rules(changed[1])
    assert len(shown) >= 10 and shown <= expected | {"INT-9"}, sorted(shown - expected)
    # The whole-repository hook reports every planted gap (history-based ones aside).
    missing = sorted(expected - failed_rules(whole[1]))
    assert not missing, f"rule IDs not shown by safesec-all: {missing}\n{whole[1]}"
