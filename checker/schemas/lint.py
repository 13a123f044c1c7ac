"""Conditions that cannot work on a native format, found from its definition (``formats``:
the built-in pack's closed schemas over ``native.py``): ``policy validate`` reports them.

Where a condition reads a native kind whose fields are known (the threat model and the eval
report, and the ``risk_management`` block of a model card), a plain path is resolved in the
format: a field the format does not have can never hold a value (``knd`` for ``kind``), a
number test on a text field or a text test on a number never holds, and a value outside
the field's closed vocabulary (``equals: adversrial``) never equals it.  The kind a
condition reads is the rule's ``applies_to`` (rule-level ``when``), the condition's own
``kind``, or the items of an ``each`` check's ``path``.  Paths that are not plain
(filters, functions) are not judged.
"""
from __future__ import annotations

import difflib
import re
from typing import Any, Iterator

from checker.schemas import formats

Fields = dict[str, Any]
_PLAIN = re.compile(r"[A-Za-z_][\w-]*(?:\[\d*\])?(?:\.[A-Za-z_][\w-]*(?:\[\d*\])?)*")
_SEGMENT = re.compile(r"([A-Za-z_][\w-]*)(\[\d*\])?")
_NUMBER_TESTS = ("gte", "gt", "lte", "lt")
_CARD_PREFIX = "front_matter.risk_management."
_NUMERIC = {"integer", "float", "number"}
KNOWN = ("threat_model", "eval_report")  # kinds whose whole document is a native format
_UNKNOWN = object()


def rule_problems(rule: dict[str, Any]) -> list[str]:
    """What cannot work in one rule of a pack (its raw mapping), in words."""
    applies = rule.get("applies_to")
    kinds = [applies] if isinstance(applies, str) else list(applies or [])
    base = kinds[0] if len(kinds) == 1 else None
    out = [f"when: {p}" for p in _conditions(rule.get("when"), base, None)]
    check = rule.get("check")
    if isinstance(check, dict):
        out += [f"check: {p}" for p in _check(check, base)]
    return out


def _check(check: dict[str, Any], kind: str | None) -> Iterator[str]:
    items = None
    if check.get("type") == "each" and kind in KNOWN and isinstance(check.get("path"), str):
        found = _resolve(formats.fields(str(kind)), check["path"] + "[]")
        items = found if isinstance(found, dict) and found is not _UNKNOWN else None
    item_fields = items.get("schema") if items and items.get("type") == "dict" else None
    for key in ("where", "when", "condition"):
        yield from _conditions(check.get(key), None if item_fields else kind, item_fields)
    for entry in check.get("require") or ():
        if isinstance(entry, dict):
            yield from _conditions({k: v for k, v in entry.items() if k != "message"},
                                   None if item_fields else kind, item_fields)
    for inner in check.get("checks") or ():
        if isinstance(inner, dict):
            yield from _check(inner, kind)


def _conditions(cond: Any, kind: str | None, fields: Fields | None) -> Iterator[str]:
    """Problems of a condition read against ``fields`` (or the fields of ``kind``)."""
    if not isinstance(cond, dict):
        return
    for key in ("all", "any"):
        for part in cond.get(key) or () if isinstance(cond.get(key), list) else ():
            yield from _conditions(part, kind, fields)
    yield from _conditions(cond.get("not"), kind, fields)
    if isinstance(cond.get("kind"), str):
        kind, fields = cond["kind"], None
    path = shown = cond.get("path")
    if not isinstance(path, str):
        return
    if fields is None and kind == "model_card" and path.startswith(_CARD_PREFIX):
        card = formats.fields("model_card")["risk_management"]
        fields, path = card.get("schema"), path[len(_CARD_PREFIX):]
    elif fields is None and kind in KNOWN:
        fields = formats.fields(str(kind))
    if fields is None or not _PLAIN.fullmatch(path):
        return
    found = _resolve(fields, path)
    if found is _UNKNOWN:
        typo = _near_miss(fields, path, kind, str(shown))
        if typo:
            yield typo
    elif isinstance(found, dict):
        yield from _leaf(cond, str(shown), found)


def _resolve(fields: Fields, path: str) -> Any:
    """The Cerberus rules of ``path`` in ``fields``, ``_UNKNOWN`` for a field the format
    does not have, None when the path leaves what the format closes (free mappings)."""
    current: Any = {"type": "dict", "schema": fields}
    for name, index in _SEGMENT.findall(path):
        inner = current.get("schema") if current.get("type") == "dict" else None
        if not isinstance(inner, dict):
            return None
        if name not in inner:
            return None if name.startswith("x-") else _UNKNOWN
        current = inner[name]
        if index:
            if "list" not in _types(current) or not isinstance(current.get("schema"), dict):
                return None
            current = current["schema"]
    return current


def _near_miss(fields: Fields, path: str, kind: str | None, shown: str) -> str | None:
    """A path whose first unknown field is one letter or two from a field of the format.
    (A field far from every known one may be an adapter's or a team's own: not judged.)"""
    done: list[str] = []
    for segment in path.split("."):
        level = _resolve(fields, ".".join(done)) if done else {"type": "dict", "schema": fields}
        name = segment.split("[", 1)[0]
        names = list(level.get("schema") or {}) if isinstance(level, dict) else []
        if name not in names:
            close = difflib.get_close_matches(name, names, n=1, cutoff=0.75)
            if not close:
                return None
            where = kind.replace("_", " ") if kind else "the items"
            return (f"path {shown!r}: {name!r} is not a field of {where} (did you mean "
                    f"{close[0]!r}?); the condition would never find a value")
        done.append(segment)
    return None


def _leaf(cond: dict[str, Any], path: str, rules: dict[str, Any]) -> Iterator[str]:
    types = _types(rules)
    if not types:
        return
    for test in _NUMBER_TESTS:
        if test in cond and not (types & _NUMERIC) and not isinstance(cond[test], dict):
            yield (f"{path!r} is {_words(types)}, and '{test}' compares numbers: it never "
                   "holds")
    if "matches" in cond and not types & {"string", "list"}:
        yield f"{path!r} is {_words(types)}, and 'matches' reads text: it never holds"
    allowed = rules.get("allowed") or _text_vocabulary(rules.get("anyof"))
    if not allowed:
        return
    known = {str(a).lower() for a in allowed}
    wanted = [cond["equals"]] if "equals" in cond else \
        [v for t in ("in", "intersects", "contains") if isinstance(cond.get(t), list)
         for v in cond[t]]
    if "contains" in cond and not isinstance(cond["contains"], (list, dict)):
        wanted.append(cond["contains"])
    for value in wanted:
        if isinstance(value, str) and value.strip().lower() not in known:
            yield (f"{path!r} is one of {', '.join(map(str, allowed))}; {value!r} is not, so "
                   "comparing with it never holds")


def _text_vocabulary(alternatives: Any) -> list[Any] | None:
    """The words a field takes when its ``anyof`` gives text a closed vocabulary and other
    types a range (likelihood: a word of the rubric, or 1 to 5)."""
    if not isinstance(alternatives, list):
        return None
    words: list[Any] = []
    for alternative in alternatives:
        if isinstance(alternative, dict) and alternative.get("allowed"):
            words += alternative["allowed"]
        elif not isinstance(alternative, dict) or not _types(alternative) or \
                _types(alternative) & {"string", "isodate"}:
            return None  # free text in this alternative
    return words or None


def _types(rules: dict[str, Any]) -> set[str]:
    kind = rules.get("type")
    return {kind} if isinstance(kind, str) else set(kind or ())


def _words(types: set[str]) -> str:
    names = {"string": "text", "isodate": "a date", "list": "a list", "dict": "a mapping",
             "boolean": "true or false", "number": "a number", "integer": "a whole number",
             "float": "a number"}
    return " or ".join(sorted(names.get(t, t) for t in types))
