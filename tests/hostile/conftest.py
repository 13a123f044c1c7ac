"""Fixtures of the hostile-input tests: the team pack and a repository with one good file."""
from __future__ import annotations

from pathlib import Path

import pytest

from hostile_helpers import GOOD_TM, GOOD_TM_PATH, write, write_pack


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    return write_pack(tmp_path / "pack")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return write(tmp_path / "repo", {GOOD_TM_PATH: GOOD_TM})
