"""A revision's history as the history rules see it: ``RevHistory`` (what ``Context.git``
returns) and ``history_loader`` for the lazy ``Context.history``."""
from __future__ import annotations

import hashlib
import os
from typing import Callable

from checker.errors import GitError
from checker.git.model import Commit
from checker.git.repo import GitRepo, open_repo


class RevHistory:
    """The history of one revision (HEAD when ``rev`` is None): what ``Context.git`` gives."""

    def __init__(self, repo: GitRepo, rev: str | None = None,
                 files: frozenset[str] = frozenset(), root: str = ".") -> None:
        self.repo = repo
        self.rev = rev
        self._files = files  # --files (what pre-commit is about to commit), root-relative
        self._root = root
        self._pending: frozenset[str] | None = None
        self._paths: dict[str, Commit] | None = None

    def pending(self) -> frozenset[str]:
        """Of the ``--files`` of a pre-commit run, those whose content differs from HEAD
        (or that HEAD lacks): the next commit changes them, so a history rule judges them as
        changed after every commit, as CI will once they are committed."""
        if self._pending is None:
            head = self.repo.list_tree("HEAD") if self._files and self.repo.head() else {}
            self._pending = frozenset(p for p in self._files
                                      if p not in head or not _same_blob(
                                          os.path.join(self._root, p), head[p].blob))
        return self._pending

    def paths(self) -> dict[str, Commit]:
        """Root-relative path -> last commit, for every path in the revision's history
        (read once: resolving HEAD again for every rule and system costs a git process)."""
        if self._paths is None:
            self._paths = self.repo.history(self.rev)
        return self._paths

    def last_commit(self, path: str) -> Commit | None:
        return self.paths().get(path.replace(os.sep, "/").removeprefix("./"))


def _same_blob(path: str, blob: str) -> bool:
    """The file holds the content of git blob ``blob`` (SHA-1 or SHA-256 ids)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return False  # deleted: a change too
    digest = hashlib.sha256 if len(blob) == 64 else hashlib.sha1
    return digest(b"blob %d\0" % len(data) + data).hexdigest() == blob


def history_loader(root: str, rev: str | None = None, repo: GitRepo | None = None,
                   files: frozenset[str] = frozenset()) -> Callable[[], RevHistory]:
    """A zero-argument callable for ``Context.history``: opens git on first use (unless
    ``repo`` is given), then returns the same :class:`RevHistory`; a failure is
    remembered and raised again.  ``files``: the files a pre-commit run names (see
    :meth:`RevHistory.pending`)."""
    state: dict[str, RevHistory] = {}
    failed: list[GitError] = []

    def load() -> RevHistory:
        if failed:
            raise failed[0]
        if "history" not in state:
            try:
                opened = repo or open_repo(root)
                opened.require_full_history()
                state["history"] = RevHistory(opened, rev, files, root)
            except GitError as exc:
                failed.append(exc)
                raise
        return state["history"]

    return load
