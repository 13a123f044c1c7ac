"""The project root: where a command run from inside a repository looks for its config,
its packs and its artifacts.

From the starting folder upward, the nearest folder with ``.safesec.yaml`` (or a
``pyproject.toml`` with a ``[tool.safesec]`` table) is the root; the search stops at the
top of the git work tree, which is the root when no folder on the way has a config.
Outside a repository the nearest folder with a config is the root, else the start.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from checker.git.locate import find_work_tree
from checker.git.model import NotARepository
from checker.run.config import CONFIG_NAME, PYPROJECT, pyproject_has_config


@dataclass(frozen=True)
class Root:
    path: str  # the root folder, as a path from the current folder when it lies above it
    why: str  # how it was found, in words ("found .safesec.yaml", "the git work tree")


def find_root(start: str = ".") -> Root:
    """The project root of ``start`` (see the module's docstring)."""
    here = os.path.realpath(start)
    try:
        tree = find_work_tree(here)
    except NotARepository:
        tree = None
    top = tree[0] if tree else None
    folder = here
    while True:
        if os.path.isfile(os.path.join(folder, CONFIG_NAME)):
            return Root(_shown(folder, here, start), f"found {CONFIG_NAME}")
        if pyproject_has_config(os.path.join(folder, PYPROJECT)):
            return Root(_shown(folder, here, start), f"found [tool.safesec] in {PYPROJECT}")
        if folder == top:
            return Root(_shown(folder, here, start), "the top of the git work tree")
        parent = os.path.dirname(folder)
        if parent == folder:
            return Root(start, "no config or git work tree above it")
        folder = parent


def _shown(folder: str, here: str, start: str) -> str:
    """``folder`` as the user would type it from the current folder."""
    if folder == here:
        return start
    if os.path.isabs(start):
        return folder
    return os.path.relpath(folder, os.path.realpath(os.getcwd()))
