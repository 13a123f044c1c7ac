"""``schema``: a Cerberus schema over the data (or the value at ``path``).

Options: ``schema`` (Cerberus rules; also ``not_placeholder: true`` and type
``isodate``), ``path`` (JMESPath; default the whole document), ``allow_unknown``
(default true).
"""
from __future__ import annotations

from typing import Any, Iterator

from checker.checks.common import compile_optional_path, simple_path, value_at
from checker.model import Artifact, Finding
from checker.checks.quickschema import quick_test
from checker.validation import compile_schema, describe, flatten_errors

ID = "schema"
DESCRIPTION = "a Cerberus schema over the artifact's data"
DEPENDS_ON: frozenset[str] = frozenset()
SCHEMA = {
    "schema": {"type": "dict", "required": True},
    "path": {"type": "string"},
    "allow_unknown": {"type": "boolean", "default": True},
}


def compile(options: dict[str, Any]) -> Any:
    validator = compile_schema(options["schema"], allow_unknown=options["allow_unknown"])
    return {"validator": validator, "path": options.get("path"), "_valid": quick_test(validator),
            "_path": compile_optional_path(options.get("path")),
            "_prefix": simple_path(options.get("path"))}


def check(opts: Any, artifact: Artifact, ctx: Any) -> Iterator[Finding]:
    value = value_at(opts["_path"], artifact.data)
    prefix = opts["_prefix"] or ()
    where = opts["path"] or "document"
    if value is None:
        yield Finding(f"{where} is missing (expected a mapping)", path=prefix)
        return
    if not isinstance(value, dict):
        yield Finding(f"{where} is a {type(value).__name__} (expected a mapping)", path=prefix)
        return
    validator = opts["validator"]
    if (opts["_valid"] is not None and opts["_valid"](value)) or \
            validator.validate(value, normalize=False):
        return
    for doc_path, message in flatten_errors(validator):
        shown = describe((opts["path"],) + doc_path if opts["path"] else doc_path, message)
        yield Finding(shown, path=prefix + doc_path)
