"""``schema``: a Cerberus schema over the data (or the value at ``path``).

Options: ``schema`` (Cerberus rules; also ``not_placeholder: true`` and type
``isodate``), ``path`` (JMESPath; default the whole document), ``allow_unknown``
(default true).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from checker.checks.common import compile_optional_path, simple_path, value_at
from checker.model import Artifact, Finding
from checker.checks.quickschema import Test, quick_test
from checker.validation import compile_schema, describe, flatten_errors, suggest

ID = "schema"
DESCRIPTION = "a Cerberus schema over the artifact's data"
DEPENDS_ON: frozenset[str] = frozenset()
SCHEMA = {
    "schema": {"type": "dict", "required": True},
    "path": {"type": "string"},
    "allow_unknown": {"type": "boolean", "default": True},
}


@dataclass(frozen=True)
class Compiled:
    validator: Any  # a Cerberus validator (checker.validation)
    schema: dict[str, Any]  # as written (for the nearest valid name of a typo)
    valid: Test | None  # quickschema's "certainly valid", when the schema is simple
    path: str | None  # as written (shown in messages)
    compiled_path: Any  # compiled JMESPath, or None for the whole document
    prefix: tuple[Any, ...]  # the data path of ``path`` (for lines)


def compile(options: dict[str, Any]) -> Compiled:
    validator = compile_schema(options["schema"], allow_unknown=options["allow_unknown"])
    return Compiled(validator, options["schema"], quick_test(validator), options.get("path"),
                    compile_optional_path(options.get("path")),
                    simple_path(options.get("path")) or ())


def check(opts: Compiled, artifact: Artifact, ctx: Any) -> Iterator[Finding]:
    value = value_at(opts.compiled_path, artifact.data)
    prefix = opts.prefix
    where = opts.path or "document"
    if value is None:
        yield Finding(f"{where} is missing (expected a mapping)", path=prefix)
        return
    if not isinstance(value, dict):
        yield Finding(f"{where} is a {type(value).__name__} (expected a mapping)", path=prefix)
        return
    validator = opts.validator
    if (opts.valid is not None and opts.valid(value)) or \
            validator.validate(value, normalize=False):
        return
    for doc_path, message in flatten_errors(validator):
        message = suggest(opts.schema, doc_path, message)
        shown = describe((opts.path,) + doc_path if opts.path else doc_path, message)
        yield Finding(shown, path=prefix + doc_path)
