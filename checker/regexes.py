"""Regular expressions a pack supplies, compiled with limits.

A pack can come from the pull request it judges, so its regexes are untrusted: Python's
``re`` backtracks, and a pattern such as ``(a+)+$`` takes exponential time on a short
line.  A pack regex is refused, with a one-line reason, when it

* is longer than :data:`MAX_LENGTH` characters;
* repeats something that itself repeats (``(a+)+``, ``(\\w+\\s?)*``, ``(a{2,9}){2,9}``),
  unless each inner repeat of one character class is fenced by a required character it
  cannot match (``(\\.[\\w-]+)+``, ``(?:\\w+ ){0,3}``): then a text splits only one way;
* repeats a choice whose branches can start alike (``(a|ab)*``), so the engine can
  split one text many ways;
* refers back to a group (``(a)\\1``), which no linear matcher can do.

Possessive repeats and atomic groups never backtrack and are allowed.  What stays
possible is polynomial work from repeats side by side (``.*a.*a``); the text a regex
scans is bounded by ``max_file_bytes``.
"""
from __future__ import annotations

import re
from re import _constants as C  # type: ignore[attr-defined]  # the parser's opcodes
from re import _parser  # type: ignore[attr-defined]  # re's own parser: the tree re compiles
from typing import Any

MAX_LENGTH = 1000

_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT)
_ANY = object()  # a first character that could be anything


class RegexLimit(ValueError):
    """A pack regex the limits refuse; the message says why in words."""


def compile_limited(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)`` for a pack-supplied pattern, within the limits.

    Raises ValueError (RegexLimit for a limit, plain ValueError for a syntax error),
    so a pack loader reports it at the rule's line."""
    if len(pattern) > MAX_LENGTH:
        raise RegexLimit(f"regex is {len(pattern)} characters long; at most {MAX_LENGTH} "
                         "are allowed")
    try:
        tree = _parser.parse(pattern, flags)
    except re.error as exc:
        raise ValueError(f"invalid regex {pattern!r}: {exc}") from None
    problem = _problem(tree, inside_repeat=False, named=_named(tree))
    if problem:
        raise RegexLimit(f"regex {pattern!r} {problem}, which can take exponential time "
                         "on a short text; rewrite it without that")
    return re.compile(pattern, flags)


def _named(items: Any) -> tuple[str, ...]:
    """Every character the pattern names (literals and range ends), at any depth."""
    found: set[str] = set()
    stack = [items]
    while stack:
        for op, arg in stack.pop():
            if op in (C.LITERAL, C.NOT_LITERAL):
                found.add(chr(arg))
            elif op == C.RANGE:
                found.update((chr(arg[0]), chr(arg[1])))
            elif op == C.IN:
                stack.append(arg)
            elif op == C.SUBPATTERN:
                stack.append(arg[-1])
            elif op in _REPEATS:
                stack.append(arg[2])
            elif op == C.BRANCH:
                stack.extend(arg[1])
            elif op in (C.ASSERT, C.ASSERT_NOT):
                stack.append(arg[1])
    return tuple(sorted(found))


def _problem(items: Any, *, inside_repeat: bool, named: tuple[str, ...]) -> str | None:
    for op, arg in items:
        found = _problem_of(op, arg, inside_repeat, named)
        if found:
            return found
    return None


def _problem_of(op: Any, arg: Any, inside_repeat: bool, named: tuple[str, ...]) -> str | None:
    if op in (C.GROUPREF, C.GROUPREF_EXISTS):
        return "refers back to a group"
    if op in _REPEATS:
        low, high, body = arg
        if high > 1 and high != low:
            if inside_repeat:
                return "repeats a part that itself repeats"
            if _overlapping_choice(body):
                return "repeats a choice whose branches can start with the same text"
            if _repeats(body) and not _fenced(_flat(body), named):
                return "repeats a part that itself repeats"
        return _problem(body, inside_repeat=inside_repeat or (high > 1 and not _repeats(body)),
                        named=named)
    if op == C.SUBPATTERN:
        return _problem(arg[-1], inside_repeat=inside_repeat, named=named)
    if op == C.BRANCH:
        for branch in arg[1]:
            found = _problem(branch, inside_repeat=inside_repeat, named=named)
            if found:
                return found
        return None
    if op in (C.ASSERT, C.ASSERT_NOT):
        return _problem(arg[1], inside_repeat=inside_repeat, named=named)
    # possessive repeats and atomic groups never give characters back: no backtracking
    return None


def _repeats(items: Any) -> bool:
    """Some part of ``items``, at any depth, repeats a variable number of times."""
    for op, arg in items:
        if op in _REPEATS and arg[0] != arg[1] or op == C.SUBPATTERN and _repeats(arg[-1]):
            return True
        if op == C.BRANCH and any(_repeats(branch) for branch in arg[1]):
            return True
        if op in (C.ASSERT, C.ASSERT_NOT) and _repeats(arg[1]):
            return True
    return False


def _flat(items: Any) -> list[tuple[Any, Any]] | None:
    """``items`` as one row of elements, groups opened; None when it holds a choice,
    a look-around or a group reference (not a simple row)."""
    row: list[tuple[Any, Any]] = []
    for op, arg in items:
        if op == C.SUBPATTERN:
            inner = _flat(arg[-1])
            if inner is None:
                return None
            row += inner
        elif op in (C.BRANCH, C.ASSERT, C.ASSERT_NOT, C.GROUPREF, C.GROUPREF_EXISTS):
            return None
        else:
            row.append((op, arg))
    return row


def _fenced(row: list[tuple[Any, Any]] | None, named: tuple[str, ...]) -> bool:
    """Every variable repeat in the repeated ``row`` is of one character class and is
    followed (in this pass or at the start of the next) by a required character it
    cannot match; there is none, or the row is not simple: False only for the latter."""
    if row is None:
        return False
    for index, (op, arg) in enumerate(row):
        if op not in _REPEATS or arg[0] == arg[1]:
            continue
        sample = _SAMPLE + "".join(named)
        inner = _single(arg[2], sample)
        if inner is None:
            return False
        fence = next((req for req in (_required(el, sample)
                                      for el in row[index + 1:] + row[:index])
                      if req is not None), None)
        if fence is None or inner & fence:
            return False
    return True


def _single(items: Any, sample: str) -> frozenset[str] | None:
    """The characters of ``sample`` a one-character pattern (``a``, ``[\\w-]``, ``.``)
    matches in either case, else None."""
    if len(items) != 1:
        return None
    op, arg = items[0]
    if op == C.LITERAL:
        return frozenset((chr(arg), chr(arg).swapcase()))
    if op == C.NOT_LITERAL:
        return frozenset(sample) - {chr(arg), chr(arg).swapcase()}
    if op == C.ANY:
        return frozenset(sample)
    if op == C.IN:
        source = _class_source(arg)
        return frozenset(sample) if source is None else \
            frozenset(re.findall(source, sample, re.I | re.S))
    return None


def _required(element: tuple[Any, Any], sample: str) -> frozenset[str] | None:
    """The characters ``element`` may consume, when it must consume one."""
    op, arg = element
    if op in _REPEATS:
        return _single(arg[2], sample) if arg[0] >= 1 else None
    return _single([element], sample)


_CATEGORIES = {C.CATEGORY_WORD: r"\w", C.CATEGORY_SPACE: r"\s", C.CATEGORY_DIGIT: r"\d",
               C.CATEGORY_NOT_WORD: r"\W", C.CATEGORY_NOT_SPACE: r"\S",
               C.CATEGORY_NOT_DIGIT: r"\D"}


def _class_source(items: Any) -> str | None:
    """``[...]`` written back from the parsed class, or None for what it cannot write."""
    parts = []
    for op, arg in items:
        if op == C.NEGATE:
            parts.append("^")
        elif op == C.LITERAL:
            parts.append(re.escape(chr(arg)))
        elif op == C.RANGE:
            parts.append(f"{re.escape(chr(arg[0]))}-{re.escape(chr(arg[1]))}")
        elif op == C.CATEGORY and arg in _CATEGORIES:
            parts.append(_CATEGORIES[arg])
        else:
            return None
    return f"[{''.join(parts)}]"


# the characters two classes are compared on: ASCII and Latin, with every character the
# pattern names (so a fence such as "é" or "。" is always among them)
_SAMPLE = "".join(chr(code) for code in range(0x250))


def _overlapping_choice(body: Any) -> bool:
    """The repeated ``body`` holds a choice two of whose branches can start alike."""
    for op, arg in body:
        if op == C.SUBPATTERN and _overlapping_choice(arg[-1]):
            return True
        if op == C.BRANCH:
            firsts = [_first(branch) for branch in arg[1]]
            for i, one in enumerate(firsts):
                for other in firsts[i + 1:]:
                    if one is _ANY or other is _ANY or one & other:
                        return True
    return False


def _first(items: Any) -> Any:
    """The characters a match of ``items`` can start with, or _ANY when not simple."""
    for op, arg in items:
        if op == C.LITERAL:
            return {chr(arg).lower()}
        if op == C.SUBPATTERN:
            return _first(arg[-1])
        if op in (C.AT,):
            continue
        return _ANY
    return _ANY  # an empty branch matches where any other does


def union(patterns: list[str], flags: int = 0) -> re.Pattern[str]:
    """One regex (:func:`prefiltered`) for any of ``patterns``, each a pack regex within the
    limits (their union adds no repeat)."""
    return prefiltered("|".join(f"(?:{compile_limited(p, flags).pattern})" for p in patterns),
                       flags)


def prefiltered(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)`` led by a lookahead on the characters a match starts
    with (``\\bis|\\bare``: i or a) when ``re`` does not scan for them itself (it does for a
    leading literal or class, and for a choice of literals without re.I): most positions
    then fail one class test.  The class has the pattern's flags and every possible first
    character: the same matches."""
    tree = _parser.parse(pattern, flags)
    starts = None if _scans_itself(tree, flags) or tree.state.flags != _parser.parse(
        "", flags).state.flags else _starts(tree)  # an inline global flag must stay first
    if not starts:
        return re.compile(pattern, flags)
    return re.compile(f"(?=[{''.join(map(re.escape, sorted(starts)))}])(?:{pattern})", flags)


def _scans_itself(items: Any, flags: int) -> bool:
    op, arg = (list(items) or [(None, None)])[0]
    if op == C.SUBPATTERN:
        return _scans_itself(arg[-1], flags)
    if op == C.BRANCH:
        return not flags & re.I and all(_scans_itself(b, flags) for b in arg[1])
    return op in (C.LITERAL, C.IN)


def _starts(items: Any) -> set[str] | None:
    """Every character a match of ``items`` can start with, or None when not simple (a
    class, an optional start, an inline flag)."""
    for op, arg in items:
        if op == C.AT:
            continue  # zero-width (``^``, ``\b``): the next element starts here
        if op == C.LITERAL:
            return {chr(arg)}
        if op == C.SUBPATTERN:
            return None if arg[1] or arg[2] else _starts(arg[-1])
        if op == C.BRANCH:
            firsts = [_starts(branch) for branch in arg[1]]
            return None if None in firsts else set().union(*firsts)  # type: ignore[arg-type]
        if op in (*_REPEATS, C.POSSESSIVE_REPEAT) and arg[0] >= 1:
            return _starts(arg[2])
        return None
    return None  # it can match the empty string
