"""A revision's history as the history rules see it: ``RevHistory`` (what ``Context.git``
returns) and ``history_loader`` for the lazy ``Context.history``."""
from __future__ import annotations

import os
from typing import Callable

from checker.errors import GitError
from checker.git.model import Commit
from checker.git.repo import GitRepo, open_repo


class RevHistory:
    """The history of one revision (HEAD when ``rev`` is None): what ``Context.git`` gives."""

    def __init__(self, repo: GitRepo, rev: str | None = None) -> None:
        self.repo = repo
        self.rev = rev
        self._paths: dict[str, Commit] | None = None

    def paths(self) -> dict[str, Commit]:
        """Root-relative path -> last commit, for every path in the revision's history
        (read once: resolving HEAD again for every rule and system costs a git process)."""
        if self._paths is None:
            self._paths = self.repo.history(self.rev)
        return self._paths

    def last_commit(self, path: str) -> Commit | None:
        return self.paths().get(path.replace(os.sep, "/").removeprefix("./"))


def history_loader(root: str, rev: str | None = None, repo: GitRepo | None = None
                   ) -> Callable[[], RevHistory]:
    """A zero-argument callable for ``Context.history``: opens git on first use (unless
    ``repo`` is given), then returns the same :class:`RevHistory`; a failure is
    remembered and raised again."""
    state: dict[str, RevHistory] = {}
    failed: list[GitError] = []

    def load() -> RevHistory:
        if failed:
            raise failed[0]
        if "history" not in state:
            try:
                opened = repo or open_repo(root)
                opened.require_full_history()
                state["history"] = RevHistory(opened, rev)
            except GitError as exc:
                failed.append(exc)
                raise
        return state["history"]

    return load
