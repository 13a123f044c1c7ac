"""Helpers for the tooling tests: run the CLI in-process, locate the repository's files."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parents[2]
DEMO_PACK = Path(__file__).resolve().parent / "data" / "demo-pack"


class Cli:
    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str):
        from checker.cli import main

        return self.runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def cli() -> Cli:
    return Cli()


@pytest.fixture
def repo_root() -> Path:
    return REPO


@pytest.fixture
def demo_pack(tmp_path) -> Path:
    """A private copy of the two-rule demo pack and its three cases, free to edit."""
    import shutil

    target = tmp_path / "demo-pack"
    shutil.copytree(DEMO_PACK, target)
    return target
