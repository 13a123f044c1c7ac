"""A revision's history as the history rules see it: ``RevHistory`` (what ``Context.git``
returns) and ``history_loader`` for the lazy ``Context.history``.

The history rules read a bounded history: the newest ``settings.history_depth`` commits
that touch the checked folder (default :data:`DEFAULT_DEPTH`), so time and memory stay
bounded on a huge history.  The bound only ever hides evidence: a committed file whose
last change lies beyond it is reported as such (it fails its rule with a note saying how
to read deeper), never taken for a new or a fresh one.
"""
from __future__ import annotations

import hashlib
import os
from typing import Any, Callable

from checker.errors import ConfigError, GitError
from checker.git.model import Commit, Window
from checker.git.repo import GitRepo, open_repo

HISTORY_DEPTH = "history_depth"  # the setting
# Deep enough for the rules' windows (the 180 days of GOV-6 at 275 commits a day, the pace
# of the Linux kernel), and bounded: the diffs of 50,000 commits take a few seconds, and this
# process's memory stays flat (docs/performance.md, "Bounded resources").
DEFAULT_DEPTH = 50_000


def history_depth(value: Any) -> int:
    """``settings.history_depth`` as read (None: unset), checked: a whole number >= 1 (else
    an error result of the rule, exit 2; with the built-in pack the config is refused at
    its line before, see checker.run.setup)."""
    if value is None:
        return DEFAULT_DEPTH
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ConfigError(f"settings.{HISTORY_DEPTH} must be a whole number of commits of at "
                         f"least 1, found {value!r}")
    return value


def beyond_note(window: Window) -> str:
    """Why a committed file has no last commit in a cut ``window``, and what to do."""
    cut = window.cut
    when = f" (before {cut.date.date()}, commit {cut.sha[:12]})" if cut else ""
    return (f"its last change is older than the {window.depth:,} newest commits read"
            f"{when}; raise settings.{HISTORY_DEPTH} to read further back")


class RevHistory:
    """The history of one revision (HEAD when ``rev`` is None): what ``Context.git`` gives."""

    def __init__(self, repo: GitRepo, rev: str | None = None,
                 files: frozenset[str] = frozenset(), root: str = ".") -> None:
        self.repo = repo
        self.rev = rev
        self._files = files  # --files (what pre-commit is about to commit), root-relative
        self._root = root
        self._pending: frozenset[str] | None = None
        self._windows: dict[int, Window] = {}

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

    def window(self, depth: int = DEFAULT_DEPTH) -> Window:
        """Root-relative path -> last commit within the newest ``depth`` commits (read once
        per depth: resolving HEAD again for every rule and system costs a git process)."""
        if depth not in self._windows:
            self._windows[depth] = self.repo.window(self.rev, depth)
        return self._windows[depth]

    def paths(self, depth: int = DEFAULT_DEPTH) -> dict[str, Commit]:
        return self.window(depth).paths

    def last_commit(self, path: str, depth: int = DEFAULT_DEPTH) -> Commit | None:
        return self.paths(depth).get(_key(path))

    def beyond(self, path: str, depth: int = DEFAULT_DEPTH) -> bool:
        """Whether ``path`` is committed but its last change lies beyond the depth read
        (only possible when the walk was cut; otherwise a path without a commit is new)."""
        window = self.window(depth)
        if window.cut is None or _key(path) in window.paths:
            return False
        return _key(path) in self.repo.list_tree(self.rev or "HEAD")


def _key(path: str) -> str:
    return path.replace(os.sep, "/").removeprefix("./")


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
