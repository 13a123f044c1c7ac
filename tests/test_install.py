"""A fresh virtualenv, ``pip install .``, then the ``safesec`` command on the example repositories.

This is what a new user does; it proves the wheel ships the built-in pack and its data.
Installing needs the dependencies from an index; without one the test is skipped, saying so.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# the rules of the built-in pack (46 with pack 2.0); counted so that new rules need no edit here
BUILTIN_RULES = (Path(__file__).resolve().parents[1] / "policies" / "unified-safety-security.yaml").read_text(encoding="utf-8").count("\n  - id: ")
PROJECT = ("checker", "policies", "pyproject.toml", "README.md", "LICENSE", "MANIFEST.in")
OFFLINE_SIGNS = ("NewConnectionError", "Could not find a version", "No matching distribution",
                 "Temporary failure in name resolution", "Network is unreachable",
                 "Failed to establish a new connection", "ProxyError")


@pytest.fixture(scope="module")
def safesec(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("install")
    source = base / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build", "dist")
    for name in PROJECT:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=ignore)
        elif path.is_file():
            source.mkdir(exist_ok=True)
            shutil.copy2(path, source / name)
    venv = base / "venv"
    # a venv without pip of its own (quicker); this interpreter's pip installs into it
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   capture_output=True)
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"),
                           "install", "--quiet", "--disable-pip-version-check", str(source)],
                          capture_output=True, text=True, cwd=base)
    if done.returncode != 0:
        if any(sign in done.stderr + done.stdout for sign in OFFLINE_SIGNS):
            pytest.skip("no package index reachable to install the dependencies")
        pytest.fail(f"pip install . failed:\n{done.stdout}\n{done.stderr}")
    return venv / "bin" / "safesec"


def run(safesec: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(safesec), *args], capture_output=True, text=True, cwd=cwd)


def test_installed_command_passes_the_compliant_example(safesec, tmp_path):
    done = run(safesec, "check", str(ROOT / "fixtures" / "compliant"), cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Gate (fail on high): passed" in done.stdout


def test_installed_command_fails_the_noncompliant_example_at_path_line(safesec, tmp_path):
    done = run(safesec, "check", str(ROOT / "fixtures" / "noncompliant"), cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "models/support-bot/threat-model.yaml:10" in done.stdout  # OBJ-1
    assert "models/support-bot/evals/safety.yaml:19" in done.stdout  # PF-3


def test_installed_command_ships_every_builtin_rule(safesec, tmp_path):
    done = run(safesec, "rules", cwd=tmp_path)
    assert done.returncode == 0
    assert len(done.stdout.strip().splitlines()) == BUILTIN_RULES
