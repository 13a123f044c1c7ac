"""``cross_ref``: values in one artifact must be present in another (or in itself).

Options: ``items`` (JMESPath to a list), ``key`` (JMESPath on each item giving the
value(s) to look up; default ``id``), ``where`` (condition selecting items),
``to``: one source or a list of them, each ``{kind, path, items, where}`` — the
allowed values are ``path`` over every artifact of ``kind`` in the same system
(kind ``self``: this artifact), or over each of its ``items`` that meets
``where``.  ``mode``: ``all`` (every value must resolve) or ``any`` (at least one
value of one item must).  An item without the key is a finding unless
``allow_missing``; an empty list of references has nothing to resolve.  ``message``, ``if_empty`` (``not-applicable``,
``fail`` or ``pass`` when no item is selected), ``empty_message``.
"""
from __future__ import annotations

from typing import Any, Iterator

from checker.checks.common import compile_optional_path, items_at, label, simple_path
from checker.conditions import compile_condition
from checker.paths import compile_path, flatten, run
from checker.model import KINDS, Artifact, Finding

ID = "cross_ref"
DESCRIPTION = "values in one artifact must be present in another of the same system"
DEPENDS_ON: frozenset[str] = frozenset()  # other artifacts: of the kinds its options name
_TARGET = {"type": "dict", "schema": {
    "kind": {"type": "string", "required": True, "allowed": ["self", *KINDS]},
    "path": {"type": "string", "required": True},
    "items": {"type": "string"},
    "where": {"type": "dict"}}}
SCHEMA = {
    "items": {"type": "string", "required": True},
    "key": {"type": "string", "default": "id"},
    "where": {"type": "dict"},
    "to": {"type": ["dict", "list"], "required": True, "anyof": [
        _TARGET, {"type": "list", "empty": False, "schema": _TARGET}]},
    "mode": {"type": "string", "allowed": ["all", "any"], "default": "all"},
    "allow_missing": {"type": "boolean", "default": False},
    "message": {"type": "string"},
    "if_empty": {"type": "string", "allowed": ["fail", "not-applicable", "pass"],
                 "default": "not-applicable"},
    "empty_message": {"type": "string"},
}


def compile(options: dict[str, Any]) -> Any:
    targets = options["to"] if isinstance(options["to"], list) else [options["to"]]
    return {**options, "_items": compile_optional_path(options["items"]),
            "_prefix": simple_path(options["items"]), "_key": compile_path(options["key"]),
            "_keyprefix": simple_path(options["key"].removesuffix("[]")) or (),
            "_to": [{**t, "_path": compile_path(t["path"]),
                     "_items": compile_path(t["items"]) if t.get("items") else None,
                     "_where": compile_condition(t["where"]) if t.get("where") else None}
                    for t in targets],
            "_where": compile_condition(options["where"]) if options.get("where") else None}


def allowed_values(targets: list[Any], artifact: Artifact, ctx: Any) -> tuple[set[Any], list[str]]:
    values: set[Any] = set()
    where: list[str] = []
    for target in targets:
        kind = target["kind"]
        sources = [artifact] if kind == "self" else ctx.system_artifacts(kind)
        for source in sources:
            where.append(source.path)
            parts = [source.data]
            if target["_items"] is not None:
                found = run(target["_items"], source.data)
                keep = target["_where"].holds if target["_where"] is not None else None
                parts = [i for i in (found if isinstance(found, list) else [found])
                         if i is not None and (keep is None or keep(i, ctx, source.data))]
            for part in parts:
                values.update(map(str, flatten(run(target["_path"], part))))
    return values, sorted(set(where))


def check(opts: Any, artifact: Artifact, ctx: Any) -> Iterator[Finding]:
    keep = opts["_where"].holds if opts["_where"] is not None else None
    items = [(p, i) for p, i in items_at(opts["_items"], opts["_prefix"], artifact.data)
             if keep is None or keep(i, ctx, artifact.data)]
    if not items:
        if opts["if_empty"] != "pass":
            what = opts.get("empty_message") or f"no items at {opts['items']}" + \
                (" matching the selection" if opts["_where"] else "")
            yield Finding(f"nothing to check: {what}", path=opts["_prefix"] or (),
                          not_applicable=opts["if_empty"] == "not-applicable")
        return
    allowed, where = allowed_values(opts["_to"], artifact, ctx)
    kinds = sorted({t["kind"] for t in opts["_to"] if t["kind"] != "self"})
    if not where:
        yield Finding(f"no {' or '.join(k.replace('_', ' ') for k in kinds)} in system "
                      f"{ctx.system} to resolve {opts['items']} against")
        return
    misses = list(_misses(opts, items, allowed, where))
    if opts["mode"] == "any":
        if len(misses) == sum(max(1, len(flatten(run(opts["_key"], i)))) for _p, i in items):
            yield Finding(opts.get("message") or
                          f"none of {len(items)} item(s) at {opts['items']} resolves in "
                          f"{', '.join(t['path'] for t in opts['_to'])} (looked in "
                          f"{', '.join(where)})", path=opts["_prefix"] or ())
        return
    yield from misses


def _misses(opts: Any, items: list[Any], allowed: set[Any], where: list[Any]) -> Iterator[Finding]:
    for path, item in items:
        found = run(opts["_key"], item)
        if found is None and opts["allow_missing"]:
            continue
        for value in [None] if found is None else flatten(found):
            if value is None or str(value) not in allowed:
                shown = "(missing)" if value is None else repr(value)
                text = opts.get("message") or \
                    f"not found in {', '.join(t['path'] for t in opts['_to'])}"
                yield Finding(f"{label(item, path)}: {shown} {text} (looked in {', '.join(where)})",
                              path=path + opts["_keyprefix"] if path else ())
