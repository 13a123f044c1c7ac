"""The check types, written out by hand (no registration on import).

A check module has ``ID``, ``DESCRIPTION``, ``SCHEMA`` (Cerberus, options
without ``type``), ``compile(options)`` and ``check(compiled, artifact, ctx)``.
"""
from __future__ import annotations

import importlib
from typing import Any, Iterator

from checker.model import Artifact, Finding

CHECKS: dict[str, str] = {
    "all": "checker.checks.all_of",
    "any": "checker.checks.any_of",
    "codeowners": "checker.checks.codeowners",
    "coverage": "checker.checks.coverage",
    "cross_ref": "checker.checks.cross_ref",
    "each": "checker.checks.each",
    "exists": "checker.checks.exists",
    "freshness": "checker.checks.freshness",
    "pattern": "checker.checks.pattern",
    "schema": "checker.checks.schema",
    "sections": "checker.checks.sections",
    "signoff": "checker.checks.signoff",
    "threshold": "checker.checks.threshold",
}


def get_check(name: str) -> Any:
    if name not in CHECKS:
        raise ValueError(f"unknown check type {name!r}; expected one of {', '.join(sorted(CHECKS))}")
    return importlib.import_module(CHECKS[name])


_VALIDATORS: dict[str, Any] = {}  # check type -> validator of its options (reusable)


def compile_check(spec: Any) -> tuple[Any, Any]:
    """Validate a check's options against its module's schema; (module, compiled)."""
    from checker.policy import record
    from checker.validation import describe, flatten_errors, make_validator

    if not isinstance(spec, dict) or not isinstance(spec.get("type"), str):
        raise ValueError("a check needs a 'type'")
    module = get_check(spec["type"])
    document = record.options_document(spec, module.SCHEMA)  # the built-in pack's
    if document is not None:
        return module, module.compile(document)
    options = {k: v for k, v in spec.items() if k != "type"}
    validator = _VALIDATORS.get(spec["type"])
    if validator is None:  # building a Cerberus validator costs ~5 ms: one per check type
        validator = _VALIDATORS[spec["type"]] = make_validator(module.SCHEMA, allow_unknown=False)
    if not validator.validate(options):
        path, message = next(flatten_errors(validator))
        raise ValueError(f"{spec['type']}: {describe(path, message)}")
    record.note_options(spec, module.SCHEMA, validator.document)
    return module, module.compile(validator.document)


def run_check(compiled: tuple[Any, Any], artifact: Artifact, ctx: Any) -> Iterator[Finding]:
    module, options = compiled
    return module.check(options, artifact, ctx)


def check_kinds(spec: Any) -> set[str]:
    """Every artifact kind a check (or condition) reads besides its own artifact."""
    found: set[str] = set()
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "kind" and isinstance(value, str) and value != "self":
                found.add(value)
            else:
                found |= check_kinds(value)
    elif isinstance(spec, list):
        for item in spec:
            found |= check_kinds(item)
    return found
