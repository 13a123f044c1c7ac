"""Glob patterns with ``**`` over repo-relative "/"-separated paths, compiled once.

Matching never backtracks: a path is split into folders and each glob is a row of
folder patterns, each folder pattern a row of fixed-width pieces between ``*``.  Pieces
are placed leftmost, one after the other, so one match costs at most about
len(path) x len(pattern) steps, whatever the glob (a PR may write both the glob and
the file names).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Callable

from checker.errors import CheckerError


class GlobError(CheckerError):
    """A glob that cannot be compiled: the message says why, in words (a rule using it
    reports an error result, not an internal error)."""


class _Segment:
    """One folder name pattern: fixed-width pieces separated by ``*``.

    With at most one ``*`` the whole name is one regex with one unbounded part (linear);
    with more, the pieces are placed leftmost one after the other.
    """
    __slots__ = ("pieces", "widths", "match")

    def __init__(self, pieces: list[list[str]]) -> None:
        texts = ["".join(p) for p in pieces]  # each token matches exactly one character
        self.pieces = tuple(re.compile(t, re.S) for t in texts)
        self.widths = tuple(len(p) for p in pieces)
        if len(pieces) <= 2:
            whole = re.compile("[^/]*".join(texts), re.S)
            self.match: Callable[[str], object] = whole.fullmatch
        else:
            self.match = self._match_pieces

    def _match_pieces(self, name: str) -> bool:
        pieces, widths, n = self.pieces, self.widths, len(name)
        first, last = widths[0], widths[-1]
        if first + last > n or pieces[0].match(name) is None \
                or pieces[-1].match(name, n - last) is None:
            return False
        pos, end = first, n - last
        for piece, width in zip(pieces[1:-1], widths[1:-1]):
            found = piece.search(name, pos, end)  # leftmost: leaves the most room after
            if found is None:
                return False
            pos = found.start() + width
        return True


@dataclass(frozen=True)
class Glob:
    """A compiled glob: groups of folder patterns separated by ``**`` folders."""
    groups: tuple[tuple[_Segment, ...], ...]
    trailing: bool  # ends in ``**``: at least one folder must follow

    def match(self, path: str) -> bool:
        return self.match_parts(path.split("/"))

    def match_parts(self, parts: list[str]) -> bool:
        groups = self.groups
        if len(groups) == 1:
            return len(parts) == len(groups[0]) and _fits(groups[0], parts, 0)
        head, tail, n = groups[0], groups[-1], len(parts)
        if len(head) + len(tail) + self.trailing > n or not _fits(tail, parts, n - len(tail)) \
                or not _fits(head, parts, 0):
            return False
        pos, end = len(head), n - len(tail) - self.trailing
        for group in groups[1:-1]:
            start = next((s for s in range(pos, end - len(group) + 1)
                          if _fits(group, parts, s)), None)
            if start is None:
                return False
            pos = start + len(group)
        return True


def _fits(group: tuple[_Segment, ...], parts: list[str], start: int) -> bool:
    for seg in group:
        if not seg.match(parts[start]):
            return False
        start += 1
    return True


@functools.lru_cache(maxsize=1024)
def compile_glob(pattern: str) -> Glob:
    """``**/`` spans any number of folders, ``*`` and ``?`` stay within one.

    A pattern ending in ``/`` or ``/**`` matches everything below that folder.
    Raises GlobError for a character range that is reversed or never closed.
    """
    pat = pattern.strip().lstrip("/")
    if pat.startswith("./"):
        pat = pat[2:]
    if pat.endswith("/"):
        pat += "**"
    groups: list[tuple[_Segment, ...]] = []
    current: list[_Segment] = []
    for name in pat.split("/"):
        if name == "**":
            groups.append(tuple(current))
            current = []
        else:
            current.append(_segment(name, pattern))
    groups.append(tuple(current))
    return Glob(tuple(groups), trailing=pat == "**" or pat.endswith("/**"))


def _segment(name: str, pattern: str) -> _Segment:
    pieces: list[list[str]] = [[]]
    i = 0
    while i < len(name):
        char = name[i]
        if char == "*":
            if pieces[-1] or len(pieces) == 1:
                pieces.append([])
            i += 1
        elif char == "?":
            pieces[-1].append("[^/]")
            i += 1
        elif char == "[":
            end = name.find("]", i + 1)
            if end < 0:
                raise GlobError(f"glob {pattern!r}: '[' opens a character set that is never "
                                "closed with ']'")
            body = name[i + 1:end].replace("\\", "\\\\")
            cls = "[^" + body[1:] + "]" if body.startswith("!") else "[" + body + "]"
            try:
                re.compile(cls)
            except re.error:
                raise GlobError(f"glob {pattern!r}: character set {name[i:end + 1]!r} is not a "
                                "valid set (a range must go from low to high, like [a-z])") \
                    from None
            pieces[-1].append(cls)
            i = end + 1
        else:
            pieces[-1].append(re.escape(char))
            i += 1
    return _Segment(pieces)


def check_glob(pattern: str) -> str | None:
    """Why ``pattern`` is not a valid glob, or None."""
    try:
        compile_glob(pattern)
    except GlobError as exc:
        return str(exc)
    return None


def matches(path: str, pattern: str) -> bool:
    return compile_glob(pattern).match(path)


def match_any(path: str, patterns: tuple[str, ...] | list[str]) -> bool:
    """Some pattern matches: the list is compiled once, the path split once."""
    if not patterns:
        return False
    parts = path.split("/")
    return any(g.match_parts(parts) for g in _all_of(tuple(patterns)))


@functools.lru_cache(maxsize=256)
def _all_of(patterns: tuple[str, ...]) -> tuple[Glob, ...]:
    return tuple(compile_glob(p) for p in patterns)
