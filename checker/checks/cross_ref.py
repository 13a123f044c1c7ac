"""``cross_ref``: values in one artifact must be present in another (or in itself).

Options: ``items`` (JMESPath to a list), ``key`` (JMESPath on each item giving the
value(s) to look up; default ``id``), ``where`` (condition selecting items),
``to`` (``{kind, path}``: JMESPath giving the allowed values in every artifact
of ``kind`` in the same system; kind ``self`` means this artifact),
``message``, ``if_empty``.
"""
from __future__ import annotations

from typing import Any, Iterator

from checker.checks.common import compile_optional_path, flatten, items_at, label, simple_path
from checker.conditions import compile_condition, holds
from checker.jpath import compile_path, run
from checker.model import KINDS, Artifact, Finding

ID = "cross_ref"
DESCRIPTION = "values in one artifact must be present in another of the same system"
SCHEMA = {
    "items": {"type": "string", "required": True},
    "key": {"type": "string", "default": "id"},
    "where": {"type": "dict"},
    "to": {"type": "dict", "required": True, "schema": {
        "kind": {"type": "string", "required": True, "allowed": ["self", *KINDS]},
        "path": {"type": "string", "required": True}}},
    "message": {"type": "string"},
    "if_empty": {"type": "string", "allowed": ["fail", "not-applicable", "pass"],
                 "default": "not-applicable"},
}


def compile(options: dict) -> Any:
    return {**options, "_items": compile_optional_path(options["items"]),
            "_prefix": simple_path(options["items"]), "_key": compile_path(options["key"]),
            "_keyprefix": simple_path(options["key"]) or (),
            "_to": compile_path(options["to"]["path"]),
            "_where": compile_condition(options["where"]) if options.get("where") else None}


def _targets(opts: Any, artifact: Artifact, ctx: Any) -> tuple[set, list[str]] | None:
    kind = opts["to"]["kind"]
    sources = [artifact] if kind == "self" else ctx.system_artifacts(kind)
    if not sources:
        return None
    values: set = set()
    for source in sources:
        values.update(str(v) for v in flatten(run(opts["_to"], source.data)))
    return values, [s.path for s in sources]


def check(opts: Any, artifact: Artifact, ctx: Any) -> Iterator[Finding]:
    items = [(p, i) for p, i in items_at(opts["_items"], opts["_prefix"], artifact.data)
             if opts["_where"] is None or holds(opts["_where"], i, ctx)]
    if not items:
        if opts["if_empty"] != "pass":
            yield Finding(f"nothing to check: no items at {opts['items']}",
                          path=opts["_prefix"] or (),
                          not_applicable=opts["if_empty"] == "not-applicable")
        return
    targets = _targets(opts, artifact, ctx)
    if targets is None:
        yield Finding(f"no {opts['to']['kind']} in system {ctx.system} to resolve "
                      f"{opts['items']} against")
        return
    allowed, where = targets
    for path, item in items:
        for value in flatten(run(opts["_key"], item)) or [None]:
            if value is None or str(value) not in allowed:
                shown = "(missing)" if value is None else repr(value)
                text = opts.get("message") or f"not found in {opts['to']['path']}"
                yield Finding(f"{label(item, path)}: {shown} {text} (looked in {', '.join(where)})",
                              path=path + opts["_keyprefix"] if path else ())
