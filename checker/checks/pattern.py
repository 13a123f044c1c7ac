"""``pattern``: regular expressions present, absent, counted, or in a ratio.

Options: ``path`` (JMESPath to the strings to search; default the document's
text), ``require`` (list of ``{name, any: [regex], min_count, when}``: each must
match), ``forbid`` (list of ``{name, any: [regex]}``: none may match), ``ratio``
(``{name, numerator: [regex], denominator: [regex], min}``: matches of the first
set are at least ``min`` times those of the second, counted over prose lines —
headings and TODO/TBD/``<placeholder>`` lines do not count; not applicable when
the second set never matches).  Matching is case-insensitive.  ``in_context: true``
reads the text as prose (``checks.prose``): what sits under an out-of-scope heading or
in an "Out of scope:" paragraph does not count, nor do headings, nor a match its clause
denies ("no safe harbour", "never roll back", "... are forbidden"); numbers written in
words read as digits ("two business days").  ``hint`` (words, e.g. the migration step)
is appended to each finding of a ``require`` group read ``in_context``: what that reading
newly refuses.
"""
from __future__ import annotations

import re
from itertools import islice
from typing import Any, Callable, Iterator

from checker.checks.base import Context
from checker.checks.common import compile_optional_path, value_at
from checker.checks.prose import FOLDED, affirmed, in_scope
from checker.conditions import compile_condition, resolve
from checker.paths import flatten
from checker.model import Artifact, Finding
from checker.regexes import union

ID = "pattern"
DESCRIPTION = "regular expressions present, absent, counted, or in a ratio"
DEPENDS_ON: frozenset[str] = frozenset()
_GROUP = {"type": "dict", "schema": {
    "name": {"type": "string", "required": True},
    "any": {"type": "list", "required": True, "empty": False, "schema": {"type": "string"}},
    "min_count": {"type": "integer", "min": 1, "default": 1},
    "when": {"type": "dict"},
    "message": {"type": "string"}}}
SCHEMA = {
    "path": {"type": "string"},
    "in_context": {"type": "boolean", "default": False},
    "hint": {"type": "string"},
    "require": {"type": "list", "schema": _GROUP},
    "forbid": {"type": "list", "schema": _GROUP},
    "ratio": {"type": "dict", "schema": {
        "name": {"type": "string", "default": "ratio"},
        "numerator": {"type": "list", "required": True, "schema": {"type": "string"}},
        "denominator": {"type": "list", "required": True, "schema": {"type": "string"}},
        "min": {"type": ["number", "dict"], "required": True}}},
}


def _regex(patterns: list[str]) -> re.Pattern[str]:
    try:
        return union(patterns, re.I | re.M)
    except re.error as exc:
        raise ValueError(f"invalid regex in {patterns!r}: {exc}") from None


def compile(options: dict[str, Any]) -> Any:
    if not any(options.get(k) for k in ("require", "forbid", "ratio")):
        raise ValueError("pattern needs 'require', 'forbid' or 'ratio'")
    groups = {key: [{**g, "_re": _regex(g["any"]),
                     "_when": compile_condition(g["when"]) if g.get("when") else None}
                    for g in options.get(key) or ()] for key in ("require", "forbid")}
    ratio = options.get("ratio")
    if ratio:
        ratio = {**ratio, "_num": _regex(ratio["numerator"]), "_den": _regex(ratio["denominator"])}
    return {**groups, "ratio": ratio, "_path": compile_optional_path(options.get("path")),
            "path": options.get("path"), "in_context": bool(options.get("in_context")),
            "hint": f" {options['hint']}" if options.get("hint") else ""}


def _haystack(opts: Any, artifact: Artifact) -> str:
    if opts["_path"] is None:
        data = artifact.data
        if isinstance(data, dict) and isinstance(data.get("text"), str) and "sections" in data:
            return str(data["text"])
        return artifact.text
    return "\n".join(str(v) for v in flatten(value_at(opts["_path"], artifact.data)))


def check(opts: Any, artifact: Artifact, ctx: Context) -> Iterator[Finding]:
    text = _haystack(opts, artifact)
    offset = _body_offset(artifact)
    # the document's own text is the same object in every system sharing it (SECURITY.md
    # under 400 systems): what a regex finds in it is worked out once per run
    shared = ctx if opts["_path"] is None else None
    if opts["in_context"]:
        raw = text
        text = in_scope(raw) if shared is None else \
            ctx.once("pattern-in-scope", (raw,), lambda: in_scope(raw))
    count_in = _affirmed if opts["in_context"] else _count
    for group in opts["require"]:
        when = group["_when"]
        if when is not None and not when.holds(artifact.data, ctx, artifact.data):
            continue
        need = group["min_count"]
        count = _once(shared, group, text, count_in)
        if count < need and opts["in_context"]:
            yield Finding((group.get("message") or
                           f"no statement of {group['name']} (text under an out-of-scope heading "
                           "or in a denying clause such as 'no ...' or '... are forbidden' does "
                           "not count)") + opts["hint"])
        elif count < need:
            # the group's name says in words what is missing; its regexes are the pack's
            # internals and mean nothing to a reviewer
            yield Finding(group.get("message") or f"no mention of {group['name']}")
    for group in opts["forbid"]:
        match = _once(shared, group, text, _first)
        if match:
            line = text.count("\n", 0, match.start()) + offset if opts["_path"] is None else None
            yield Finding(group.get("message") or
                          f"{group['name']}: found {match.group(0)!r}", line=line)
    if opts["ratio"]:
        yield from _ratio(opts["ratio"], _once(shared, opts["ratio"], text, _terms), ctx)


def _once(ctx: Context | None, group: dict[str, Any], text: str,
          work: Callable[[dict[str, Any], str], Any]) -> Any:
    """``work(group, text)``, remembered for the run (given ``ctx``) for this group and text."""
    if ctx is None:
        return work(group, text)
    return ctx.once("pattern", (group, text), lambda: work(group, text))


def _count(group: dict[str, Any], text: str) -> int:
    need = group["min_count"]
    return sum(1 for _ in islice(group["_re"].finditer(text), need))  # enough is enough


def _affirmed(group: dict[str, Any], text: str) -> int:
    """Matches that their clause does not deny, up to the number needed."""
    return len(affirmed(group["_re"], text, group["min_count"]))


def _first(group: dict[str, Any], text: str) -> re.Match[str] | None:
    found: re.Match[str] | None = group["_re"].search(text)
    return found


def _terms(ratio: dict[str, Any], text: str) -> tuple[int, int]:
    """Matches of the numerator and of the denominator in the prose of ``text``."""
    text = _prose(text)
    return len(ratio["_num"].findall(text)), len(ratio["_den"].findall(text))


def _body_offset(artifact: Artifact) -> int:
    data = artifact.data
    if isinstance(data, dict) and "sections" in data:
        return artifact.line(("text",))
    return 1


_UNFILLED = re.compile(r"^\s*#|\bTODO\b|\bTBD\b|\bFIXME\b|<[a-z][\w -]*>", re.I)
# _UNFILLED's alternatives, each scanned over a whole text at once: ``^`` at each line
# start, and no match crosses a line.  \b(?:TODO|TBD|FIXME)\b is scanned without its
# leading \b, which is checked on each match: a match refused for it holds only word
# characters, so no match the full pattern would find starts inside it.  The same lines
# as _UNFILLED per line (tests/checks/test_pattern.py)
_UNFILLED_LINES = (re.compile(r"^[^\S\n]*#", re.M), re.compile(r"<[a-z][\w -]*>", re.I))
_MARKER = re.compile(r"[tf](?:odo|bd|ixme)\b", re.I)
_MARKER_WORDS = ("todo", "tbd", "fixme")
_WORD = re.compile(r"\w")
_INDENT = re.compile(r"[^\S\n]*")


def _unfilled_starts(text: str) -> list[int]:
    """Where the alternatives of _UNFILLED match in ``text``, in order.  The regexes are
    tried only where they can match: at the start of a line whose first character after
    its indentation is '#', and where the lowercased text has a marker word (no marker
    starts inside another, so ``finditer`` would find the same ones).  A text with a letter
    that ignoring case reads as an ASCII one but ``str.lower`` does not (prose.FOLDED) is
    scanned whole."""
    starts = [match.start() for match in _UNFILLED_LINES[1].finditer(text)]
    at = text.find("#")
    while at >= 0:  # the first '#' of a line decides it: any later one follows a '#'
        line = text.rfind("\n", 0, at) + 1
        if _INDENT.fullmatch(text, line, at) is not None:
            starts.append(line)
        end = text.find("\n", at)
        at = text.find("#", end) if end >= 0 else -1
    if FOLDED.search(text) is not None:
        found = [match.start() for match in _MARKER.finditer(text)]
    else:
        low = text.lower()  # as long as the text (no U+0130)
        found = []
        for word in _MARKER_WORDS:
            at = low.find(word)
            while at >= 0:
                if _MARKER.match(text, at) is not None:
                    found.append(at)
                at = low.find(word, at + 1)
    for start in found:
        if start == 0 or _WORD.match(text, start - 1) is None:
            starts.append(start)
    return sorted(starts)


def _prose(text: str) -> str:
    """Text without headings and unfilled template lines: a ratio of terms is about what
    the document says, and a heading or a TODO says nothing yet.  (The lines where
    _unfilled_starts finds a match are the lines _UNFILLED matches on their own.)"""
    lines = text.split("\n")
    starts = _unfilled_starts(text)
    if not starts:
        return text
    unfilled = set()
    line, end = 0, len(lines[0])
    for start in starts:
        while start > end:  # the match starts after this line's "\n"
            line += 1
            end += len(lines[line]) + 1
        unfilled.add(line)
    return "\n".join(ln for index, ln in enumerate(lines) if index not in unfilled)


def _ratio(ratio: dict[str, Any], terms: tuple[int, int], ctx: Any) -> Iterator[Finding]:
    num, den = terms
    need = float(resolve(ratio["min"], ctx))
    if den == 0:
        yield Finding(f"{ratio['name']}: no matches of {' | '.join(ratio['denominator'][:4])}, "
                      "so the ratio does not apply", not_applicable=True)
    elif num / den < need:
        yield Finding(f"{ratio['name']}: {num} matches against {den} is {num / den:.3f}; "
                      f"expected at least {need}")
