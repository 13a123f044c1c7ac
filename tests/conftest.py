"""Shared test helpers: the CLI runner, repositories written at test time, JSON runs.

Sub-folders may define fixtures of the same name (``tests/git`` has its own
``make_repo`` building git history); pytest uses the nearest definition.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Callable

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

# CI (CI=true) runs every property test with a fixed seed, so a verdict on a commit does not
# depend on luck; runs elsewhere draw new examples and keep finding what CI would not.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
TEST_DATA = Path(__file__).resolve().parent / "data"
SHARED = REPO / ".." / "shared"


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``{relpath: text or bytes}`` under ``root`` (folders created); return root."""
    root.mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return root


class Cli:
    """``cli("check", path, ...)`` runs ``checker.cli:main`` in-process; exceptions propagate."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: Any) -> Result:
        from checker.cli import main

        return self.runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def cli() -> Cli:
    return Cli()


@pytest.fixture
def make_repo() -> Callable[[Path, dict], Path]:
    """``make_repo(tmp_path, {"SECURITY.md": "..."})``: a file tree to check."""
    return write_tree


@pytest.fixture
def check_json(cli: Cli, tmp_path_factory: pytest.TempPathFactory) -> Callable[..., tuple]:
    """``check_json(path, *options)`` -> (CliRunner result, parsed ``--json`` report).

    The report is written to a fresh temporary file; it is ``None`` when the run
    stopped before reporting (a usage, config or policy error).
    """
    def run(path: Path | str, *options: Any) -> tuple[Result, dict | None]:
        out = tmp_path_factory.mktemp("report") / "report.json"
        result = cli("check", path, "--json", out, *options)
        data = json.loads(out.read_text(encoding="utf-8")) if out.exists() else None
        return result, data

    return run


@pytest.fixture
def fixtures_dir() -> Path:
    """``fixtures/`` (the example repositories: compliant, noncompliant, two-systems)."""
    return FIXTURES


@pytest.fixture
def shared_corpus() -> Path:
    """``../shared/corpus`` beside the repository; skips the test when it is absent."""
    path = SHARED / "corpus"
    if not path.is_dir():
        pytest.skip("../shared/corpus not present")
    return path


GIT_IDENT = {"GIT_AUTHOR_NAME": "Ada", "GIT_AUTHOR_EMAIL": "ada@example.org",
             "GIT_COMMITTER_NAME": "Ada", "GIT_COMMITTER_EMAIL": "ada@example.org"}


@pytest.fixture
def isolated_git(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No user or system git config leaks in (and none is written)."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    for key in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(key, raising=False)
    for key, value in GIT_IDENT.items():
        monkeypatch.setenv(key, value)
    return home
