"""Where files come from: the working tree (``FsSource``) or a git revision (``RevSource``)."""
from __future__ import annotations

import os
from typing import Protocol

from checker.git.repo import GitRepo

SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__", ".tox", ".nox",
                       ".venv", "venv", ".mypy_cache", ".pytest_cache", ".ruff_cache",
                       "site-packages", ".eggs"})

NOT_UTF8 = "the file name is not valid UTF-8, so it is not read; rename it"


class Source(Protocol):
    root: str  # what to call the checked tree in messages
    problems: dict[str, str]  # path -> why it cannot be listed or named (an error result)

    def list_files(self) -> list[str]: ...

    def problem(self, path: str) -> str: ...

    def read(self, relpath: str, max_bytes: int) -> bytes: ...


class FsSource:
    """Files under a folder; symlinks leading out of it are never followed or read."""

    def __init__(self, root: str) -> None:
        self.root = root
        self._real = os.path.realpath(root)
        self.skipped: list[str] = []  # symlinks left out, for --debug
        self.problems: dict[str, str] = {}

    def list_files(self) -> list[str]:
        out: list[str] = []
        stack = [""]
        while stack:
            rel = stack.pop()
            try:
                entries = list(os.scandir(os.path.join(self.root, rel) if rel else self.root))
            except OSError as exc:  # what it holds is unknown: an error, never a skip
                self.problems[rel or "."] = ("cannot list this folder: "
                                             f"{exc.strerror or type(exc).__name__}")
                continue
            if rel and any(e.name == "pyvenv.cfg" for e in entries):
                continue  # a virtualenv
            for entry in entries:
                path = f"{rel}/{entry.name}" if rel else entry.name
                if not _utf8(entry.name):
                    self.problems[path] = NOT_UTF8  # reports show its bytes as \\xNN
                elif entry.is_symlink():
                    if self._inside(entry.path) and os.path.isfile(entry.path):
                        out.append(path)
                    else:
                        self.skipped.append(path)
                elif entry.is_dir(follow_symlinks=False):
                    if entry.name not in SKIP_DIRS:
                        stack.append(path)
                elif entry.is_file(follow_symlinks=False):
                    out.append(path)
        return sorted(out)

    def problem(self, path: str) -> str:
        """Why ``path`` (one of ``problems``) could not be listed, also when another
        process listed the tree (``check --jobs``)."""
        if path in self.problems:
            return self.problems[path]
        if not _utf8(path):
            return NOT_UTF8
        try:
            os.scandir(os.path.join(self.root, path)).close()
        except FileNotFoundError:  # the escaped spelling of an undecodable name
            return NOT_UTF8
        except OSError as exc:
            return f"cannot list this folder: {exc.strerror or type(exc).__name__}"
        return "cannot list this folder"

    def _inside(self, path: str) -> bool:
        real = os.path.realpath(path)
        return real == self._real or real.startswith(self._real + os.sep)

    def read(self, relpath: str, max_bytes: int) -> bytes:
        full = os.path.join(self.root, relpath)
        if os.path.islink(full) and not self._inside(full):
            raise OSError(f"{relpath}: symlink leads outside the repository")
        with open(full, "rb") as handle:
            # a read sized by the file: asking for max_bytes + 1 makes a buffer that large
            # for every small file (three times the cost of reading it)
            size = os.fstat(handle.fileno()).st_size
            data = handle.read(min(size, max_bytes) + 1)
            if size < len(data) <= max_bytes:  # it grew since (or its size is unknown: 0)
                data += handle.read(max_bytes + 1 - len(data))
            return data


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes, kept by the file system encoding
        return False
    return True


def safe_name(path: str) -> str:
    """``path`` with undecodable bytes written as ``\\xff``: printable anywhere."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


class RevSource:
    """A :class:`checker.run.sources.Source` over the tree of a revision (no checkout)."""

    def __init__(self, repo: GitRepo, rev: str, root: str) -> None:
        self.repo = repo
        self.sha = repo.resolve(rev)
        self.root = root
        self._entries = repo.list_tree(self.sha)
        self.problems: dict[str, str] = {}

    def list_files(self) -> list[str]:
        return sorted(self._entries)

    def problem(self, path: str) -> str:
        return self.problems.get(path, "")

    def blob(self, relpath: str) -> str:
        return self._entries[relpath].blob

    def read(self, relpath: str, max_bytes: int) -> bytes:
        entry = self._entries.get(relpath)
        if entry is None:
            raise OSError(f"{relpath}: not in the tree of {self.sha[:12]}")
        return self.repo.read_object(entry.blob)[: max_bytes + 1]
