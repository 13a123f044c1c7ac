"""``each``: every item of a list meets a schema and/or conditions.

Options: ``path`` (JMESPath to the list), ``where`` (condition selecting the
items to check), ``schema`` (Cerberus per item), ``require`` (conditions per
item, each with a ``message``), ``id_field`` (names items in messages),
``if_empty`` (``fail`` — nothing to check is not a pass — or ``not-applicable``),
``empty_message``, ``native`` (``{when, schema}``: when the condition ``when`` holds on the
document — e.g. it declares the native format — every item must also meet ``schema``
with no unknown key; a typo names the nearest known key or allowed value; ``hint``: words,
e.g. the migration step, appended to each of those findings).
"""
from __future__ import annotations

from typing import Any, Iterator

from checker.checks.common import (compile_optional_path, conditions, describe_value,
                                   items_at, label, simple_path)
from checker.paths import run
from checker.model import Artifact, Finding
from checker.checks.quickschema import quick_closed, quick_test
from checker.validation import compile_schema, describe, flatten_errors, suggest

ID = "each"
DESCRIPTION = "every item of a list meets a schema or conditions"
DEPENDS_ON: frozenset[str] = frozenset()
SCHEMA = {
    "path": {"type": "string", "required": True},
    "where": {"type": "dict"},
    "schema": {"type": "dict"},
    "require": {"type": "list", "schema": {"type": "dict", "allow_unknown": True}},
    "id_field": {"type": "string", "default": "id"},
    "if_empty": {"type": "string", "allowed": ["fail", "not-applicable"], "default": "fail"},
    "empty_message": {"type": "string"},
    "native": {"type": "dict", "schema": {"when": {"type": "dict", "required": True},
                                          "schema": {"type": "dict", "required": True},
                                          "hint": {"type": "string"}}},
}


def compile(options: dict[str, Any]) -> Any:
    if not any(options.get(k) for k in ("schema", "require", "native")):
        raise ValueError("each needs 'schema', 'require' or 'native'")
    validator = compile_schema(options["schema"]) if options.get("schema") else None
    requires = []
    for raw in options.get("require") or ():
        message = raw.get("message") or f"does not satisfy {raw}"
        cond = conditions([{k: v for k, v in raw.items() if k != "message"}])[0]
        requires.append((cond, message, simple_path(raw.get("path")) or ()))
    native = options.get("native")
    if native:
        closed = compile_schema(native["schema"], allow_unknown=False)
        native = {"when": conditions([native["when"]])[0], "schema": native["schema"],
                  "hint": f" {native['hint']}" if native.get("hint") else "",
                  "validator": closed, "valid": quick_closed(closed)}
    return {**options, "_validator": validator, "_require": requires, "_native": native,
            "_valid": quick_test(validator) if validator is not None else None,
            "_where": conditions([options["where"]])[0] if options.get("where") else None,
            "_path": compile_optional_path(options["path"]), "_prefix": simple_path(options["path"])}


def selected(opts: Any, artifact: Artifact, ctx: Any) -> list[tuple[tuple[Any, ...], Any]]:
    found = items_at(opts["_path"], opts["_prefix"], artifact.data)
    if opts["_where"] is None:
        return list(found)
    where, root = opts["_where"].holds, artifact.data
    return [(p, item) for p, item in found if where(item, ctx, root)]


def check(opts: Any, artifact: Artifact, ctx: Any) -> Iterator[Finding]:
    items = selected(opts, artifact, ctx)
    if not items:
        what = opts.get("empty_message") or f"no items at {opts['path']}" + \
            (" matching the selection" if opts["_where"] else "")
        yield Finding(f"nothing to check: {what}", path=opts["_prefix"] or (),
                      not_applicable=opts["if_empty"] == "not-applicable")
        return
    native = opts["_native"]
    if native is not None and not native["when"].holds(artifact.data, ctx, artifact.data):
        native = None
    closed, closed_valid = (native["validator"], native["valid"]) if native else (None, None)
    validator, valid = opts["_validator"], opts["_valid"]
    for path, item in items:
        # the item's name is worked out only for a finding: most items have none
        if closed is not None and isinstance(item, dict) and \
                not (closed_valid is not None and closed_valid(item)) and \
                not closed.validate(item, normalize=False):
            name = label(item, path, opts["id_field"])
            for doc_path, message in flatten_errors(closed):
                shown = suggest(native["schema"], doc_path, message)
                yield Finding(f"{name}: {describe(doc_path, shown)}{native['hint']}",
                              path=path + doc_path)
        if validator is not None:
            if not isinstance(item, dict):
                yield Finding(f"{label(item, path, opts['id_field'])}: expected a mapping, "
                              f"found {type(item).__name__}", path=path)
                continue
            if not (valid is not None and valid(item)) and \
                    not validator.validate(item, normalize=False):
                name = label(item, path, opts["id_field"])
                for doc_path, message in flatten_errors(validator):
                    shown = suggest(opts["schema"], doc_path, message)
                    yield Finding(f"{name}: {describe(doc_path, shown)}", path=path + doc_path)
        for cond, message, sub in opts["_require"]:
            if not cond.holds(item, ctx, artifact.data):
                found = ""
                if cond.path is not None:
                    found = f" (found {describe_value(run(cond.path, item))})"
                yield Finding(f"{label(item, path, opts['id_field'])}: {message}{found}",
                              path=path + sub if path else ())
