"""``criteria``: results are judged against acceptance criteria pre-declared in the threat model.

Options: ``items`` (JMESPath to the results of this artifact; each has ``id``,
``covers``, ``metric`` and ``value``), ``targets`` (``{kind, path}``: the hazards and
threats results cover, each with ``id``), ``needs`` (a condition on a target, with
``{root: ...}`` operands read in its own document: which targets must carry criteria,
e.g. severity high or above, or a threat on a safeguard), ``field`` (the target's key
holding its criteria: a list of ``{metric, max, min}``, or one such mapping).

A result that covers a target meeting ``needs`` is judged against that target's
criterion for the result's metric: a missing criterion fails ("no reachable
criterion"), and a value beyond it fails even when the report states no threshold of
its own.  Not applicable when no result covers such a target.
"""
from __future__ import annotations

import math
from typing import Any, Iterator

from checker.checks.common import KIND_PATH, items_at, label, simple_path
from checker.conditions import compile_condition
from checker.model import KINDS, Artifact, Finding
from checker.paths import compile_path, run

ID = "criteria"
DESCRIPTION = "results meet the acceptance criteria the threat model declares for what they cover"
DEPENDS_ON: frozenset[str] = frozenset()  # other artifacts: of the kind ``targets`` names
SCHEMA = {
    "items": {"type": "string", "required": True},
    "targets": KIND_PATH,
    "needs": {"type": "dict", "required": True},
    "field": {"type": "string", "default": "acceptance"},
    "hint": {"type": "string"},
}


def compile(options: dict[str, Any]) -> dict[str, Any]:
    if options["targets"]["kind"] not in KINDS:
        raise ValueError(f"unknown kind {options['targets']['kind']!r}")
    return {**options, "_items": compile_path(options["items"]),
            "_prefix": simple_path(options["items"]) or (),
            "_targets": compile_path(options["targets"]["path"]),
            "_needs": compile_condition(options["needs"])}


def check(opts: dict[str, Any], artifact: Artifact, ctx: Any) -> Iterator[Finding]:
    needed = _needed(opts, ctx)
    judged = 0
    for path, result in items_at(opts["_items"], opts["_prefix"], artifact.data):
        if not isinstance(result, dict):
            continue
        covers = result.get("covers")
        hits = [needed[str(c)] for c in (covers if isinstance(covers, list) else [])
                if str(c) in needed]
        name = label(result, path)
        for tid, criteria in sorted(hits, key=lambda h: h[0]):
            judged += 1
            problem = _judge(result, tid, criteria, opts["field"])
            if problem:
                hint = f" {opts['hint']}" if opts.get("hint") else ""
                yield Finding(f"{name}: {problem}{hint}", path=path)
    if not judged:
        yield Finding("no result here covers a hazard or threat that needs an acceptance "
                      "criterion", not_applicable=True)


def _needed(opts: dict[str, Any], ctx: Any) -> dict[str, tuple[str, Any]]:
    """id -> (id, criteria) of every target that must carry criteria."""
    found: dict[str, tuple[str, Any]] = {}
    for source in ctx.system_artifacts(opts["targets"]["kind"]):
        value = run(opts["_targets"], source.data)
        for target in value if isinstance(value, list) else []:
            if isinstance(target, dict) and target.get("id") is not None and \
                    opts["_needs"].holds(target, ctx, source.data):
                found[str(target["id"])] = (str(target["id"]), target.get(opts["field"]))
    return found


def _judge(result: dict[str, Any], tid: str, criteria: Any, field: str) -> str | None:
    metric = result.get("metric")
    listed = criteria if isinstance(criteria, list) else [criteria] if criteria else []
    match = next((c for c in listed if isinstance(c, dict) and c.get("metric") == metric), None)
    if match is None:
        return (f"covers {tid}, whose threat model entry declares no acceptance criterion for "
                f"{metric or 'its metric'}; declare `{field}: [{{metric: {metric or '...'}, "
                "max: ...}]` on it (a pre-declared metric, direction and threshold)")
    value = result.get("value")
    if not _number(value):
        return f"covers {tid} but gives no numeric value to judge against its acceptance criterion"
    for key, word in (("max", "at most"), ("min", "at least")):
        limit = match.get(key)
        if limit is None:
            continue
        if not _number(limit):
            return f"{tid}'s acceptance criterion for {metric} gives a {key} that is not a number"
        if (value > limit) if key == "max" else (value < limit):
            return (f"{metric} is {value}, which misses {tid}'s acceptance criterion "
                    f"({word} {limit})")
    if match.get("max") is None and match.get("min") is None:
        return f"{tid}'s acceptance criterion for {metric} gives no max or min"
    return None


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
