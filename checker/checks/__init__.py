"""The check types: one module each (see ``base``), registered here by name.

Adding a check type is one module and one line in ``CHECKS``.
"""
from __future__ import annotations

import functools
from typing import Any, Mapping

from checker.checks import (ai_bom, all_of, any_of, assessed, budget, channel_threats, claims,
                            codeowners, coverage, criteria, cross_ref, each, evaluated_files,
                            evaluated_stack, exists, freshness, only_when, pattern, raw_source,
                            release_evidence, schema, sections, severity, signoff, threshold)
from checker.checks.base import DATE, FILES, GIT, SYSTEM, CheckModule, Compiled, run_check
from checker.policy import record
from checker.validation import describe, flatten_errors, make_validator

__all__ = ["CHECKS", "DATE", "FILES", "GIT", "SYSTEM", "check_kinds", "compile_check", "depends_on",
           "get_check", "run_check", "subchecks", "validated_options", "watched_globs"]

CHECKS: dict[str, CheckModule] = {
    "ai_bom": ai_bom,
    "all": all_of,
    "any": any_of,
    "assessed": assessed,
    "budget": budget,
    "channel_threats": channel_threats,
    "claims": claims,
    "codeowners": codeowners,
    "coverage": coverage,
    "criteria": criteria,
    "cross_ref": cross_ref,
    "each": each,
    "evaluated_files": evaluated_files,
    "evaluated_stack": evaluated_stack,
    "exists": exists,
    "freshness": freshness,
    "only_when": only_when,
    "pattern": pattern,
    "raw_source": raw_source,
    "release_evidence": release_evidence,
    "schema": schema,
    "sections": sections,
    "severity": severity,
    "signoff": signoff,
    "threshold": threshold,
}


def get_check(name: str) -> CheckModule:
    if name not in CHECKS:
        raise ValueError(f"unknown check type {name!r}; expected one of {', '.join(sorted(CHECKS))}")
    return CHECKS[name]


def compile_check(spec: Any) -> Compiled:
    """Validate a check's options against its module's schema; (module, compiled)."""
    if not isinstance(spec, dict) or not isinstance(spec.get("type"), str):
        raise ValueError("a check needs a 'type'")
    module = get_check(spec["type"])
    options = record.options_document(spec, module.SCHEMA)  # the built-in pack's
    if options is None:
        options = validated_options(spec)
    inner = subchecks(module)
    if inner is not None:
        options = {**options, inner: [_compile_inner(f"{inner}[{index}]", item)
                                      for index, item in enumerate(options[inner])]}
    return module, module.compile(options)


def _compile_inner(where: str, spec: Any) -> Compiled:
    try:
        return compile_check(spec)
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None


def validated_options(spec: dict[str, Any]) -> dict[str, Any]:
    """A check's options as Cerberus validates and normalizes them (defaults filled in);
    a ValueError saying what is wrong."""
    validator = _validator(spec["type"])
    if not validator.validate({k: v for k, v in spec.items() if k != "type"}):
        path, message = next(flatten_errors(validator))
        raise ValueError(f"{spec['type']}: {describe(path, message)}")
    document: dict[str, Any] = validator.document
    return document


@functools.lru_cache(maxsize=None)
def _validator(name: str) -> Any:
    """The validator of a check type's options, built once and reused."""
    return make_validator(CHECKS[name].SCHEMA, allow_unknown=False)


def subchecks(module: CheckModule) -> str | None:
    """The option holding the checks a module combines, if it combines any."""
    return getattr(module, "SUBCHECKS", None)


def _inner_specs(spec: Mapping[str, Any]) -> list[Any]:
    inner = subchecks(CHECKS[spec["type"]])
    return list(spec.get(inner) or ()) if inner is not None else []


def depends_on(spec: Mapping[str, Any]) -> frozenset[str]:
    """What a (validated) check's answer may depend on (``base.DEPENDENCIES``), through
    the checks it combines."""
    found = CHECKS[spec["type"]].DEPENDS_ON
    for item in _inner_specs(spec):
        found = found | depends_on(item)
    return found


def watched_globs(spec: Mapping[str, Any], settings: dict[str, Any]) -> list[str]:
    """Globs of files that are not artifacts but which a (validated) check reads."""
    hook = getattr(CHECKS[spec["type"]], "watched_globs", None)
    found: list[str] = list(hook(spec, settings)) if hook is not None else []
    for item in _inner_specs(spec):
        found += watched_globs(item, settings)
    return found


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
