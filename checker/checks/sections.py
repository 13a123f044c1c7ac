"""``sections``: a Markdown document has headings with real content.

Options: ``required``: list of ``{name, match (regex on heading titles),
min_words (number or {setting}), placeholder_ok}``; ``placeholders``: regexes
that mark a section as unfilled (defaults: TODO, TBD, more information needed,
an unrendered template).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

from checker.conditions import resolve
from checker.model import Artifact, Finding
from checker.regexes import compile_limited

ID = "sections"
DESCRIPTION = "Markdown headings exist and have real content"
DEPENDS_ON: frozenset[str] = frozenset()
DEFAULT_PLACEHOLDERS = [r"\bTODO\b", r"\bTBD\b", r"\bFIXME\b", r"more information needed",
                        r"\{\{.*?\}\}", r"\{%.*?%\}", r"^\s*\[?(?:fill|describe|add)\b[^.\n]*\]?\s*$",
                        r"lorem ipsum"]
SCHEMA = {
    "required": {"type": "list", "required": True, "empty": False, "schema": {
        "type": "dict", "schema": {
            "name": {"type": "string", "required": True},
            "match": {"type": "string", "required": True},
            "min_words": {"type": ["integer", "dict"], "default": 1},
            "placeholder_ok": {"type": "boolean", "default": False}}}},
    "placeholders": {"type": "list", "schema": {"type": "string"}},
}


@dataclass(frozen=True)
class Required:
    name: str
    match: str  # as written (shown in messages)
    heading: re.Pattern[str]
    min_words: Any  # a number or {setting: name}
    placeholder_ok: bool


@dataclass(frozen=True)
class Compiled:
    required: tuple[Required, ...]
    placeholders: tuple[re.Pattern[str], ...]


def compile(options: dict[str, Any]) -> Compiled:
    try:
        required = tuple(Required(r["name"], r["match"], compile_limited(r["match"], re.I),
                                  r["min_words"], r["placeholder_ok"])
                         for r in options["required"])
        marks = tuple(compile_limited(p, re.I | re.M) for p in options.get("placeholders")
                      or DEFAULT_PLACEHOLDERS)
    except re.error as exc:
        raise ValueError(f"invalid regex: {exc}") from None
    return Compiled(required, marks)


def check(opts: Compiled, artifact: Artifact, ctx: Any) -> Iterator[Finding]:
    sections = (artifact.data or {}).get("sections") if isinstance(artifact.data, dict) else None
    if not isinstance(sections, list):
        yield Finding(f"{artifact.format} has no Markdown headings to check")
        return
    for req in opts.required:
        found = [(i, s) for i, s in enumerate(sections) if req.heading.search(s["title"])]
        if not found:
            yield Finding(f"no {req.name} section (expected a heading matching "
                          f"/{req.match}/); headings found: "
                          f"{', '.join(s['title'] for s in sections[:8]) or 'none'}")
            continue
        yield from _content(req, found, opts.placeholders, ctx)


def _content(req: Required, found: list[Any], marks: tuple[re.Pattern[str], ...],
             ctx: Any) -> Iterator[Finding]:
    need = int(resolve(req.min_words, ctx) or 0)
    problems = []
    for index, section in found:
        body = section.get("body", "")
        mark = next((m for m in marks if m.search(body)), None)
        if mark and not req.placeholder_ok:
            problems.append(Finding(f"{req.name} section '{section['title']}' is a placeholder "
                                    f"(matches /{mark.pattern}/); write its content",
                                    path=("sections", index)))
        elif section["words"] < need:
            problems.append(Finding(f"{req.name} section '{section['title']}' has "
                                    f"{section['words']} words; expected at least {need}",
                                    path=("sections", index)))
        else:
            return  # one good section is enough
    yield from problems
