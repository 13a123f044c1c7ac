"""Packs from an installed distribution (issue 14, item 2): ``packs: [pkg:NAME]`` finds a
pack through the ``safesec.packs`` entry-point group, reads it as data (the package is
never imported), and its locked rules bind the repository.  The distribution is a real
wheel, built here and installed with pip into a folder on PYTHONPATH."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

PACK = """pack: acme
version: 2.1.0
title: ACME's AI policy
locked: true
rules:
  - id: ACME-1
    name: reporting-address
    title: The security policy gives an address
    dimension: governance
    discipline: security
    severity: high
    applies_to: security_policy
    check: {type: pattern, require: [{name: an email address, any: ['@']}]}
"""
# imported, the package would leave this marker: it must never appear
INIT = "import pathlib, os\npathlib.Path(os.environ['MARKER']).write_text('imported')\n"


def build_wheel(folder: Path) -> Path:
    wheel = folder / "acme_ai_policy-2.1.0-py3-none-any.whl"
    info = "acme_ai_policy-2.1.0.dist-info"
    files = {
        "acme_ai_policy/__init__.py": INIT,
        "acme_ai_policy/policies/acme.yaml": PACK,
        f"{info}/METADATA": "Metadata-Version: 2.1\nName: acme-ai-policy\nVersion: 2.1.0\n",
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n"
                         "Tag: py3-none-any\n",
        f"{info}/entry_points.txt": "[safesec.packs]\nacme-ai-policy = acme_ai_policy:policies\n",
    }
    with zipfile.ZipFile(wheel, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
        archive.writestr(f"{info}/RECORD", "".join(f"{n},,\n" for n in files) + f"{info}/RECORD,,\n")
    return wheel


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dist")
    target = folder / "site"
    done = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps",
                           "--no-index", "--disable-pip-version-check", "--target",
                           str(target), str(build_wheel(folder))], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"pip cannot install a local wheel here: {done.stderr.strip()[-200:]}")
    return target


def check(site: Path, root: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site), "MARKER": str(tmp_path / "marker")}
    return subprocess.run([sys.executable, "-m", "checker", "check", str(root), *args],
                          capture_output=True, text=True, env=env)


def repo(tmp_path: Path, config: str, policy: str) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "SECURITY.md").write_text(policy, encoding="utf-8")
    (root / ".safesec.yaml").write_text(config, encoding="utf-8")
    return root


def test_an_installed_pack_is_read_and_its_locks_hold(site: Path, tmp_path: Path) -> None:
    config = "builtin: false\npacks: [pkg:acme-ai-policy]\nrules:\n  disable: [ACME-1]\n"
    done = check(site, repo(tmp_path, config, "# Security\n\nTell the maintainers.\n"),
                 tmp_path, "--format", "json")
    assert done.returncode == 1, done.stderr
    results = {r["rule"]: r for r in json.loads(done.stdout)["results"]}
    assert results["ACME-1"]["status"] == "fail"
    assert results["ACME-1"]["pack"] == "acme"
    assert results["CONFIG-2"]["status"] == "fail"
    assert "rules.disable names locked rule ACME-1" in results["CONFIG-2"]["message"]
    assert not (tmp_path / "marker").exists(), "the pack's package was imported"


def test_a_passing_repository_passes(site: Path, tmp_path: Path) -> None:
    config = "builtin: false\npacks: [pkg:acme_ai_policy]\n"  # the distribution's own name
    done = check(site, repo(tmp_path, config, "# Security\n\nMail sec@acme.example.\n"),
                 tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_missing_installed_pack_is_a_clear_error(site: Path, tmp_path: Path) -> None:
    config = "builtin: false\npacks: [pkg:acme-other]\n"
    done = check(site, repo(tmp_path, config, "# Security\n"), tmp_path)
    assert done.returncode == 2
    assert "no installed distribution provides the pack 'acme-other'" in done.stderr
    assert "pkg:acme-ai-policy" in done.stderr  # what is installed
    assert "Traceback" not in done.stderr


def test_policy_validate_reads_an_installed_pack(site: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(site), "MARKER": str(tmp_path / "marker")}
    done = subprocess.run([sys.executable, "-m", "checker", "policy", "validate",
                           "pkg:acme-ai-policy"], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 rule" in done.stdout
