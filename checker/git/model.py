"""Plain data and parsers for git history (no git access here; see checker.git.repo)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterable, Iterator

from checker.errors import FindingError, GitError


class NotARepository(FindingError):
    """The checked folder is not inside a git work tree.

    For a history rule this is a finding about the repository (its evidence is not under
    version control yet, e.g. right after ``safesec init``), so it fails the rule rather
    than making the run unreadable; a shallow clone or a missing git binary stays an error.
    """


class GitUnavailable(GitError):
    """No usable git binary, or git refuses the repository."""


class ShallowHistory(GitError):
    """History rules cannot be answered from a shallow clone."""


class BadRevision(GitError):
    """A revision argument that is refused or does not name a commit."""


@dataclass(frozen=True)
class Commit:
    sha: str
    time: int  # committer time, seconds since the epoch
    author: str = ""
    summary: str = ""
    trailers: tuple[tuple[str, str], ...] = ()  # (key, value) of each, as git parses them
    seq: int = 0  # position in the walk (`--date-order`: children first; smaller is newer)

    @property
    def date(self) -> datetime:
        return datetime.fromtimestamp(self.time, tz=timezone.utc)

    def newer_than(self, other: "Commit") -> bool:
        """Later committer time; on a tie (same second), later in the same log walk."""
        return (self.time, -self.seq) > (other.time, -other.seq)

    def trailer_values(self, key: str) -> list[str]:
        return [v for k, v in self.trailers if k.lower() == key.lower()]


@dataclass(frozen=True)
class Window:
    """The last commit of every path changed within the newest ``depth`` commits of a walk
    (``depth`` None: the whole history).  ``cut`` is the oldest commit read when older ones
    were left unread: a path missing from ``paths`` may then have changed before it."""

    paths: dict[str, Commit]
    depth: int | None = None
    cut: Commit | None = None


def fold_log(walk: Iterable[tuple[Commit, list[str]]], depth: int | None) -> Window:
    """The :class:`Window` of a newest-first walk that yields at most ``depth + 1`` commits
    (one more than kept, to tell whether anything older exists)."""
    last: dict[str, Commit] = {}
    oldest: Commit | None = None
    for count, (commit, paths) in enumerate(walk):
        if depth is not None and count >= depth:
            return Window(last, depth, oldest)
        for path in paths:
            last.setdefault(path, commit)
        oldest = commit
    return Window(last, depth, None)


@dataclass(frozen=True)
class TreeEntry:
    path: str  # relative to the checked root, "/"-separated
    blob: str
    mode: str


@dataclass(frozen=True)
class Tag:
    name: str
    sha: str  # the commit the tag points at
    time: int  # tagger date (annotated) or committer date (lightweight)


def parse_tags(out: bytes) -> list[Tag]:
    """``git for-each-ref`` output (the fields of ``TAG_FORMAT``): tags that point at
    commits, oldest first (tag date, then name)."""
    tags = []
    for line in out.decode("utf-8", "replace").splitlines():
        kind, sha, pkind, psha, when, ref = line.split("\0", 5)
        if kind == "commit" or pkind == "commit":
            tags.append(Tag(ref.removeprefix("refs/tags/"),
                            sha if kind == "commit" else psha, int(when or 0)))
    return sorted(tags, key=lambda t: (t.time, t.name))


TAG_FORMAT = "%00".join(("%(objecttype)", "%(objectname)", "%(*objecttype)",
                         "%(*objectname)", "%(creatordate:unix)", "%(refname)"))


def parse_trailers(text: str) -> tuple[tuple[str, str], ...]:
    pairs = []
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() and " " not in key.strip():
            pairs.append((key.strip(), value.strip()))
    return tuple(pairs)


def _commit(fields: list[str], seq: int) -> Commit:
    sha, time, author, summary = fields[:4]
    trailers = parse_trailers(fields[4]) if len(fields) > 4 else ()
    return Commit(sha, int(time), author, summary, trailers, seq)


def _records(chunks: Iterable[bytes], nonce: bytes) -> Iterator[bytes]:
    """The records of a stream in which every record starts with ``nonce`` (what came before
    the first one is dropped), read piece by piece: memory holds one record, not the output."""
    buf = bytearray()
    started = False
    search = 0
    for chunk in chunks:
        buf += chunk
        start = 0  # of the current record in buf; what precedes it is dropped once per piece
        while (at := buf.find(nonce, search)) >= 0:
            if started:
                yield bytes(buf[start:at])
            started = True
            start = search = at + len(nonce)
        del buf[:start]
        search = max(0, len(buf) - len(nonce) + 1)
    if started:
        yield bytes(buf)


def parse_log(chunks: Iterable[bytes], nonce: bytes, with_names: bool
              ) -> Iterator[tuple[Commit, list[str]]]:
    """Parse ``git log -z`` output, given in pieces, whose format starts every record with
    ``nonce``.

    The nonce is random per call, so no file name or message can forge a record.
    """
    for seq, chunk in enumerate(_records(chunks, nonce)):
        tokens = chunk.split(b"\0")
        fields = tokens[0].decode("utf-8", "replace").split("\x1f", 4)
        names = []
        for i, tok in enumerate(tokens[1:] if with_names else ()):
            tok = tok[1:] if i == 0 and tok.startswith(b"\n") else tok
            if tok:
                names.append(os.fsdecode(tok))
        yield _commit(fields, seq), names
