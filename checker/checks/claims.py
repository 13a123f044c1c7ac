"""``claims``: every affirmative claim in a Markdown document cites the results it rests on.

Options: ``claim`` (regexes of a claim, e.g. "robust", "jailbreak-resistant"),
``results`` (``{kind, path}``: the items that can back a claim, each with an ``id`` and
``covers``), ``threats`` (``{kind, path}``: the threats results cover, each with ``id``,
``atlas`` and ``owasp_llm``) and ``topics`` (list of ``{name, any: [regex], ids:
[ATLAS or OWASP ids]}``).  The text is read in context (``checks.prose``): a denied
claim ("not robust") or one under an out-of-scope heading is no claim, and a noun
phrase such as "robustness of" does not match a claim regex written as a word.  Each
claim's paragraph must name the id of at least one result; a claim that names a topic
("robust to jailbreaks") must cite a result covering a threat mapped to one of the
topic's ids (an ATLAS technique also matches its sub-techniques).  Not applicable when
the document makes no claim.  ``hint`` (words, e.g. the migration step) is appended to
each finding.
"""
from __future__ import annotations

import re
from typing import Any, Iterator

from checker.checks.common import KIND_PATH
from checker.checks.prose import in_scope, negated
from checker.model import KINDS, Artifact, Finding
from checker.paths import compile_path, run
from checker.regexes import union

ID = "claims"
DESCRIPTION = "affirmative claims cite results that cover threats of their kind"
DEPENDS_ON: frozenset[str] = frozenset()  # other artifacts: of the kinds its options name
SCHEMA = {
    "claim": {"type": "list", "required": True, "empty": False, "schema": {"type": "string"}},
    "results": KIND_PATH,
    "threats": KIND_PATH,
    "topics": {"type": "list", "schema": {"type": "dict", "schema": {
        "name": {"type": "string", "required": True},
        "any": {"type": "list", "required": True, "empty": False, "schema": {"type": "string"}},
        "ids": {"type": "list", "required": True, "empty": False,
                "schema": {"type": "string"}}}}},
    "hint": {"type": "string"},
}
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")
_SENTENCE = 160  # characters around a claim read for its topic


def _regex(patterns: list[str]) -> re.Pattern[str]:
    try:
        return union(patterns, re.I)
    except re.error as exc:
        raise ValueError(f"invalid regex in {patterns!r}: {exc}") from None


def _source(spec: dict[str, Any]) -> tuple[str, Any]:
    if spec["kind"] not in KINDS:
        raise ValueError(f"unknown kind {spec['kind']!r}")
    return spec["kind"], compile_path(spec["path"])


def compile(options: dict[str, Any]) -> dict[str, Any]:
    return {"claim": _regex(options["claim"]), "results": _source(options["results"]),
            "threats": _source(options["threats"]),
            "topics": [(t["name"], _regex(t["any"]), tuple(t["ids"]))
                       for t in options.get("topics") or ()],
            "hint": f" {options['hint']}" if options.get("hint") else ""}


def check(opts: dict[str, Any], artifact: Artifact, ctx: Any) -> Iterator[Finding]:
    data = artifact.data if isinstance(artifact.data, dict) else {}
    body = data.get("text")
    raw: str = body if isinstance(body, str) else artifact.text
    text = ctx.once("pattern-in-scope", (raw,), lambda: in_scope(raw))
    claims = [m for m in opts["claim"].finditer(text) if not negated(text, m.start(), m.end(), inside=True)]
    if not claims:
        yield Finding("the document makes no affirmative claim of this kind", not_applicable=True)
        return
    results = _items(opts["results"], ctx)
    threats = {str(t.get("id")): t for t in _items(opts["threats"], ctx)}
    ids = sorted(str(r["id"]) for r in results if r.get("id") is not None)
    cite = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, ids)) + r")(?![\w-])") \
        if ids else None
    offset = artifact.line(("text",)) if "sections" in data else 1
    seen: set[int] = set()
    for claim in claims:
        start, end = _paragraph(text, claim.start())
        if start in seen:
            continue
        seen.add(start)
        line = offset + text.count("\n", 0, claim.start())
        said = " ".join(text[claim.start():claim.start() + 60].split()).split(".")[0]
        cited = sorted(set(cite.findall(text, start, end))) if cite else []
        if not cited:
            yield Finding(_uncited(said, ids) + opts["hint"], line=line)
            continue
        around = text[max(start, claim.start() - _SENTENCE):min(end, claim.end() + _SENTENCE)]
        by_id = {str(r["id"]): r for r in results if r.get("id") is not None}
        for name, topic, wanted in opts["topics"]:
            if topic.search(around) and not any(
                    _covers_topic(by_id[c], threats, wanted) for c in cited):
                yield Finding(f"the claim '{said}' is about {name}, but the results it cites "
                              f"({', '.join(cited)}) cover no threat mapped to "
                              f"{' or '.join(wanted)}; cite a result that tests {name}"
                              f"{opts['hint']}", line=line)


def _items(source: tuple[str, Any], ctx: Any) -> list[dict[str, Any]]:
    kind, path = source
    found: list[dict[str, Any]] = []
    for artifact in ctx.system_artifacts(kind):
        value = run(path, artifact.data)
        found.extend(v for v in (value if isinstance(value, list) else [value])
                     if isinstance(v, dict))
    return found


def _paragraph(text: str, at: int) -> tuple[int, int]:
    before = text.rfind("\n\n", 0, at)
    after = _PARAGRAPH_END.search(text, at)
    return (before + 1 if before >= 0 else 0), (after.start() if after else len(text))


def _covers_topic(result: dict[str, Any], threats: dict[str, Any], wanted: tuple[str, ...]) -> bool:
    covers = result.get("covers")
    for tid in covers if isinstance(covers, list) else []:
        threat = threats.get(str(tid))
        if not isinstance(threat, dict):
            continue
        mapped = [str(i) for key in ("atlas", "owasp_llm") for i in _list(threat.get(key))]
        if any(m == w or m.startswith(w + ".") for m in mapped for w in wanted):
            return True
    return False


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _uncited(said: str, ids: list[str]) -> str:
    if not ids:
        return (f"the claim '{said}' rests on no adversarial result: the system has none; "
                "add an adversarial eval report and cite its result id, or remove the claim")
    return (f"the claim '{said}' cites no result; name the ids of the adversarial results it "
            f"rests on in the same paragraph (this system's: {', '.join(ids[:6])})")
