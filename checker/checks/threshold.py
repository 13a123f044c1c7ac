"""``threshold``: numbers (or ages of dates) against limits.

Options: ``items`` (JMESPath to a list; default the whole document as one
item), ``where`` (condition selecting items), ``value`` (JMESPath on an item),
``measure`` (``value`` or ``age_days``: days from a date to the run's as-of
date), limits ``max`` / ``min`` (numbers or ``{setting}``) or ``limit``
(JMESPath on the item giving ``{max, min}``), ``if_missing`` (``fail`` or
``skip`` an item without a value), ``if_empty``.
"""
from __future__ import annotations

import math
from typing import Any, Iterator

from checker.checks.base import DATE
from checker.checks.common import compile_optional_path, items_at, label, simple_path
from checker.conditions import compile_condition, resolve
from checker.paths import compile_path, run
from checker.model import Artifact, Finding
from checker.validation import parse_date

ID = "threshold"
DESCRIPTION = "numbers or ages of dates against limits"
DEPENDS_ON = frozenset({DATE})
SCHEMA = {
    "items": {"type": "string"},
    "where": {"type": "dict"},
    "value": {"type": "string", "required": True},
    "measure": {"type": "string", "allowed": ["value", "age_days"], "default": "value"},
    "max": {"type": ["number", "dict"]},
    "min": {"type": ["number", "dict"]},
    "limit": {"type": "string"},
    "if_missing": {"type": "string", "allowed": ["fail", "skip"], "default": "fail"},
    "if_empty": {"type": "string", "allowed": ["fail", "not-applicable"], "default": "fail"},
    "name": {"type": "string"},
}


def compile(options: dict[str, Any]) -> Any:
    if not any(k in options for k in ("max", "min", "limit")):
        raise ValueError("threshold needs 'max', 'min' or 'limit'")
    return {**options, "_items": compile_optional_path(options.get("items")),
            "_prefix": simple_path(options.get("items")) if options.get("items") else (),
            "_value": compile_path(options["value"]), "_vpath": simple_path(options["value"]) or (),
            "_limit": compile_path(options["limit"]) if options.get("limit") else None,
            "_where": compile_condition(options["where"]) if options.get("where") else None}


def _items(opts: Any, data: Any, ctx: Any) -> list[tuple[tuple[Any, ...], Any]]:
    if opts["_items"] is None:
        return [((), data)]
    return [(p, i) for p, i in items_at(opts["_items"], opts["_prefix"], data)
            if opts["_where"] is None or opts["_where"].holds(i, ctx, data)]


def check(opts: Any, artifact: Artifact, ctx: Any) -> Iterator[Finding]:
    items = _items(opts, artifact.data, ctx)
    if not items:
        yield Finding(f"nothing to check: no items at {opts.get('items')} matching the selection",
                      path=opts["_prefix"] or (), not_applicable=opts["if_empty"] != "fail")
        return
    what = opts.get("name") or opts["value"]
    for path, item in items:
        name = label(item, path) if opts["_items"] is not None else what
        where = path + opts["_vpath"]
        value = _measure(opts, run(opts["_value"], item), ctx)
        if value is None:
            if opts["if_missing"] == "fail":
                yield Finding(f"{name}: no usable {what} (expected "
                              f"{'a date' if opts['measure'] == 'age_days' else 'a number'})",
                              path=where)
            continue
        for bound, limit in _limits(opts, item, ctx):
            bad = value > limit if bound == "max" else value < limit
            if bad:
                unit = " days old" if opts["measure"] == "age_days" else ""
                yield Finding(f"{name}: {what} is {_fmt(value)}{unit}; expected "
                              f"{'at most' if bound == 'max' else 'at least'} {_fmt(limit)}",
                              path=where)


def _measure(opts: Any, raw: Any, ctx: Any) -> float | None:
    if opts["measure"] == "age_days":
        date = parse_date(raw)
        return None if date is None else float((ctx.as_of - date).days)
    if isinstance(raw, bool) or not isinstance(raw, (int, float)) or math.isnan(raw):
        return None
    return float(raw)


def _limits(opts: Any, item: Any, ctx: Any) -> list[tuple[str, float]]:
    out: list[tuple[str, float]] = []
    source = run(opts["_limit"], item) if opts["_limit"] is not None else opts
    if not isinstance(source, dict):
        return out
    for bound in ("max", "min"):
        limit = resolve(source.get(bound), ctx)
        if isinstance(limit, (int, float)) and not isinstance(limit, bool):
            out.append((bound, float(limit)))
    return out


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:g}"
