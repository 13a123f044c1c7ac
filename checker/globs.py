"""Glob patterns with ``**`` over repo-relative "/"-separated paths, compiled once."""
from __future__ import annotations

import functools
import re


@functools.lru_cache(maxsize=1024)
def compile_glob(pattern: str) -> re.Pattern[str]:
    """``**/`` spans any number of folders, ``*`` and ``?`` stay within one.

    A pattern ending in ``/`` or ``/**`` matches everything below that folder.
    """
    pat = pattern.strip().lstrip("/")
    if pat.startswith("./"):
        pat = pat[2:]
    if pat.endswith("/"):
        pat += "**"
    out, i = [], 0
    while i < len(pat):
        if pat.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pat.startswith("**", i):
            out.append(".*")
            i += 2
        elif pat[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pat[i] == "?":
            out.append("[^/]")
            i += 1
        elif pat[i] == "[":
            end = pat.find("]", i + 1)
            if end < 0:
                out.append(re.escape(pat[i]))
                i += 1
            else:
                body = pat[i + 1:end].replace("\\", "\\\\")
                out.append("[^" + body[1:] + "]" if body.startswith("!") else "[" + body + "]")
                i = end + 1
        else:
            out.append(re.escape(pat[i]))
            i += 1
    return re.compile("".join(out) + r"\Z", re.S)


def matches(path: str, pattern: str) -> bool:
    return compile_glob(pattern).match(path) is not None


def match_any(path: str, patterns: tuple[str, ...] | list[str]) -> bool:
    """Some pattern matches: one alternation of them all, compiled once per pattern list,
    so a path is tried against one regex rather than one per pattern."""
    return bool(patterns) and _any_of(tuple(patterns)).match(path) is not None


@functools.lru_cache(maxsize=256)
def _any_of(patterns: tuple[str, ...]) -> re.Pattern[str]:
    # each alternative is anchored at the end (\Z) and uses no group or flag of its own
    return re.compile("|".join(f"(?:{compile_glob(p).pattern})" for p in patterns), re.S)
