"""``sections``: a Markdown document has headings with real content.

Options: ``required``: list of ``{name, match (regex on heading titles), meaning (a
heading meaning of ``checks.prose.MEANINGS``: safety, security, safeguard-removal),
min_words (number or {setting}), placeholder_ok, cite}``; ``placeholders``: regexes
that mark a section as unfilled (defaults: TODO, TBD, more information needed, an
unrendered template).  A heading counts when it matches ``match`` or has the
``meaning``; a heading under an out-of-scope or exclusions heading never counts.
``cite`` (list of ``{kind, path, name}``) asks the section to refer to the system's own
evidence: at least one of the values at ``path`` in the system's artifacts of ``kind``
(threat-model ids, result ids, asset names) must appear in it as a word.  ``hint``
(words, e.g. the migration step) is appended to a missing section and an uncited one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from re import _parser  # type: ignore[attr-defined]  # the tree re compiles
from typing import Any, Iterator

from checker.checks.prose import FOLDED, MEANINGS, OUT_OF_SCOPE, meaning_regex
from checker.conditions import resolve
from checker.model import KINDS, Artifact, Finding
from checker.paths import compile_path, flatten, run
from checker.regexes import compile_limited

_LITERAL = _parser.LITERAL

ID = "sections"
DESCRIPTION = "Markdown headings exist and have real content"
DEPENDS_ON: frozenset[str] = frozenset()  # other artifacts: of the kinds ``cite`` names
DEFAULT_PLACEHOLDERS = [r"\bTODO\b", r"\bTBD\b", r"\bFIXME\b", r"more information needed",
                        r"\{\{.*?\}\}", r"\{%.*?%\}", r"^\s*\[?(?:fill|describe|add)\b[^.\n]*\]?\s*$",
                        r"lorem ipsum"]
SCHEMA = {
    "required": {"type": "list", "required": True, "empty": False, "schema": {
        "type": "dict", "schema": {
            "name": {"type": "string", "required": True},
            "match": {"type": "string"},
            "meaning": {"type": "string", "allowed": sorted(MEANINGS)},
            "min_words": {"type": ["integer", "dict"], "default": 1},
            "placeholder_ok": {"type": "boolean", "default": False},
            "cite": {"type": "list", "empty": False, "schema": {"type": "dict", "schema": {
                "kind": {"type": "string", "required": True},
                "path": {"type": "string", "required": True},
                "name": {"type": "string", "required": True}}}}}}},
    "placeholders": {"type": "list", "schema": {"type": "string"}},
    "hint": {"type": "string"},
}


@dataclass(frozen=True)
class Cite:
    kind: str
    path: Any  # compiled JMESPath
    name: str
    expression: str = ""  # the JMESPath as written (what the evidence is found by)


@dataclass(frozen=True)
class Required:
    name: str
    shown: str  # what the heading must be, as a reviewer reads it
    heading: re.Pattern[str]
    min_words: Any  # a number or {setting: name}
    placeholder_ok: bool
    cite: tuple[Cite, ...] = ()


@dataclass(frozen=True)
class Compiled:
    required: tuple[Required, ...]
    placeholders: tuple[re.Pattern[str], ...]
    hint: str = ""
    # for each placeholder, lowercased ASCII text every match of it contains (or None)
    needs: tuple[str | None, ...] = ()


def _required(r: dict[str, Any]) -> Required:
    if not r.get("match") and not r.get("meaning"):
        raise ValueError(f"required {r['name']!r}: give 'match' or 'meaning'")
    if r.get("match"):
        compile_limited(r["match"], re.I)  # a pack's regex, within the limits
    parts = ([r["match"]] if r.get("match") else []) + \
        ([meaning_regex(r["meaning"]).pattern] if r.get("meaning") else [])
    shown = (f"a {r['meaning']} heading such as " +
             ", ".join(repr(s) for s in _EXAMPLES[r["meaning"]])) if r.get("meaning") \
        else f"a heading about {r['name']}"
    cites = []
    for c in r.get("cite") or ():
        if c["kind"] not in KINDS:
            raise ValueError(f"required {r['name']!r}: unknown kind {c['kind']!r}")
        cites.append(Cite(c["kind"], compile_path(c["path"]), c["name"], c["path"]))
    return Required(r["name"], shown, re.compile("|".join(f"(?:{p})" for p in parts), re.I),
                    r["min_words"], r["placeholder_ok"], tuple(cites))


_EXAMPLES = {"safety": ("Safety", "Bias, Risks, and Limitations", "Responsibility & Safety",
                        "Safeguards"),
             "security": ("Security", "Threats and adversarial testing", "Cyber Security"),
             "safeguard-removal": ("Safeguard removal and marginal risk", "Fine-tuning attacks")}


def compile(options: dict[str, Any]) -> Compiled:
    try:
        required = tuple(_required(r) for r in options["required"])
        marks = tuple(compile_limited(p, re.I | re.M) for p in options.get("placeholders")
                      or DEFAULT_PLACEHOLDERS)
    except re.error as exc:
        raise ValueError(f"invalid regex: {exc}") from None
    return Compiled(required, marks, f" {options['hint']}" if options.get("hint") else "",
                    tuple(_needs(mark) for mark in marks))


def _needs(regex: re.Pattern[str]) -> str | None:
    """The longest run of ASCII characters ``regex`` matches one after the other at its top
    level (``\\bTODO\\b``: "todo"), lowercased: a text whose lowercase lacks it holds no
    match (unless it has a letter of prose.FOLDED).  None when there is no such run."""
    runs, run = [], ""
    for op, arg in _parser.parse(regex.pattern, regex.flags):
        if op == _LITERAL and arg < 128:
            run += chr(arg).lower()
        else:
            runs.append(run)
            run = ""
    longest = max([*runs, run], key=len)
    return longest or None


def check(opts: Compiled, artifact: Artifact, ctx: Any) -> Iterator[Finding]:
    sections = (artifact.data or {}).get("sections") if isinstance(artifact.data, dict) else None
    if not isinstance(sections, list):
        yield Finding(f"{artifact.format} has no Markdown headings to check")
        return
    for req in opts.required:
        found = [(i, s) for i, s in enumerate(sections) if req.heading.search(s["title"])
                 and not _excluded(s)]
        if not found:
            yield Finding(f"no {req.name} section (expected {req.shown}; a heading under an "
                          f"out-of-scope heading does not count); headings found: "
                          f"{', '.join(s['title'] for s in sections[:8]) or 'none'}{opts.hint}")
            continue
        yield from _content(req, found, opts, artifact, ctx)


def _excluded(section: dict[str, Any]) -> bool:
    return any(OUT_OF_SCOPE.search(t) for t in (section["title"], *section.get("parents", ())))


def _placeholder(opts: Compiled, body: str) -> re.Pattern[str] | None:
    """The first placeholder regex that matches ``body``.  One that needs a text the
    lowercased body lacks is not run (most sections have no TODO)."""
    low = None if FOLDED.search(body) else body.lower()
    for mark, need in zip(opts.placeholders, opts.needs or (None,) * len(opts.placeholders)):
        if need is not None and low is not None and need not in low:
            continue
        if mark.search(body):
            return mark
    return None


def _content(req: Required, found: list[Any], opts: Compiled,
             artifact: Artifact, ctx: Any) -> Iterator[Finding]:
    need = int(resolve(req.min_words, ctx) or 0)
    evidence, words = _evidence(req, ctx) if req.cite else (None, None)
    problems = []
    for index, section in found:
        body = section.get("body", "")
        mark = _placeholder(opts, body)
        if mark and not req.placeholder_ok:
            problems.append(Finding(f"{req.name} section '{section['title']}' is a placeholder "
                                    f"(it reads {_quoted(mark, body)}); write its content",
                                    path=("sections", index)))
        elif section["words"] < need:
            problems.append(Finding(f"{req.name} section '{section['title']}' has "
                                    f"{section['words']} words; expected at least {need}",
                                    path=("sections", index)))
        elif evidence is not None and (words is None or words.search(body) is None):
            problems.append(Finding(_uncited(req, section, evidence) + opts.hint,
                                    path=("sections", index)))
        else:
            return  # one good section is enough
    yield from problems


def _quoted(mark: re.Pattern[str], body: str) -> str:
    """The placeholder text a section holds, quoted and cut to one short line: what a
    reviewer looks for, not the regex that found it."""
    found = mark.search(body)
    text = " ".join((found.group(0) if found else "").split())
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _evidence(req: Required, ctx: Any) -> tuple[list[str], re.Pattern[str] | None]:
    """The system's own evidence names the section may cite, longest first, and the regex
    that finds one of them as a word (None when there are none).  Worked out once per
    system for each set of evidence paths: the sections of a card that cite the same
    evidence (OBJ-4's safety and security) share it."""
    sources = tuple(ctx.system_artifacts(cite.kind) for cite in req.cite)
    key = ("sections-evidence", tuple((cite.kind, cite.expression) for cite in req.cite))
    found: tuple[list[str], re.Pattern[str] | None] = ctx.once(
        key, sources, lambda: _names(req.cite, sources))
    return found


def _names(cites: tuple[Cite, ...], sources: tuple[list[Artifact], ...]
           ) -> tuple[list[str], re.Pattern[str] | None]:
    names: set[str] = set()
    for cite, artifacts in zip(cites, sources):
        for source in artifacts:
            names.update(str(v).strip() for v in flatten(run(cite.path, source.data))
                         if isinstance(v, (str, int)) and str(v).strip())
    evidence = sorted(names, key=lambda n: (-len(n), n))
    if not evidence:
        return evidence, None
    return evidence, re.compile(
        r"(?<![\w-])(?:" + "|".join(map(re.escape, evidence)) + r")(?![\w-])", re.I)


def _uncited(req: Required, section: dict[str, Any], evidence: list[str]) -> str:
    what = " or ".join(c.name for c in req.cite)
    if not evidence:
        return (f"{req.name} section '{section['title']}' must refer to the system's {what}, "
                "but the system declares none")
    shown = ", ".join(sorted(evidence)[:6])
    return (f"{req.name} section '{section['title']}' does not refer to any of the system's "
            f"{what} (for example {shown}); name the hazards, threats, results or safeguards "
            "it rests on")
