"""Adapters: external formats the ecosystem produces, mapped onto the native models.

``detect(kind, path, raw)`` names the format of already-parsed data (None for
native or unknown data); ``adapt(fmt, raw)`` maps it. One module per format,
each with ``FORMAT``, ``KIND``, ``UNSUPPORTED``, ``matches(kind, path, raw)`` and
``adapt(raw) -> Adapted``. The registry is written out by hand; order matters
only where two formats could claim the same file (none do today).

``recognise(path, raw)`` classifies a file by its content alone: a native marker
(``schema: threat-model/v1``, ``kind: serving``) or an adapter's signature names
its kind and format; anything else is no artifact, with the reason why.

``serving.effective`` (used by the engine) makes each system's gateway configs (LiteLLM,
NeMo Guardrails) its serving configs, with the native ``kind: serving`` file as fallback.
"""
from __future__ import annotations

import posixpath
from typing import Any

from checker.adapters import (cyclonedx, garak, hf_model_card, inspect_ai, litellm, lm_eval,
                              nemo_guardrails, promptfoo, promptfoo_redteam, threagile,
                              threat_dragon)
from checker.adapters.base import Adapted, AdaptError, Adapter
from checker.adapters.gaps import cannot_express, field_pattern

ADAPTERS: dict[str, Adapter] = {
    "hf-model-card": hf_model_card,
    "threat-dragon-v2": threat_dragon,
    "threagile": threagile,
    "promptfoo": promptfoo,
    "promptfoo-redteam-config": promptfoo_redteam,
    "garak-jsonl": garak,
    "inspect-ai": inspect_ai,
    "lm-eval": lm_eval,
    "nemo-guardrails": nemo_guardrails,
    "litellm": litellm,
    "cyclonedx": cyclonedx,
}
NATIVE_SCHEMAS = ("threat-model/v1", "eval-report/v1")
NATIVE_CONFIG_KINDS = ("serving", "guardrails", "training", "gateway")
# the kind a native ``schema:`` marker names, by the marker's name before the version
SCHEMA_KINDS = {"threat-model": "threat_model", "eval-report": "eval_report"}
# formats recognised among structured files (a model card is a Markdown file found by name)
_STRUCTURED = tuple((name, module) for name, module in ADAPTERS.items()
                    if module.KIND != "model_card")

__all__ = ["ADAPTERS", "Adapted", "AdaptError", "adapt", "cannot_express", "detect",
           "field_pattern", "formats_for", "native_kind", "recognise"]


def native_kind(raw: Any) -> str | None:
    """The kind a native marker claims: ``schema: threat-model/...``, ``schema:
    eval-report/...`` (any version: a wrong one is an error, not an unknown file) or a
    config's ``kind: serving|guardrails|training|gateway``; None without one."""
    if not isinstance(raw, dict):
        return None
    schema = raw.get("schema")
    if isinstance(schema, str):
        kind = SCHEMA_KINDS.get(schema.split("/", 1)[0])
        if kind is not None:
            return kind
    return "config" if raw.get("kind") in NATIVE_CONFIG_KINDS else None


def recognise(path: str, raw: Any) -> tuple[str, str | None] | str:
    """What a parsed structured file is, from its content: (kind, external format or None
    for a native one), or the reason it is no artifact.  O(1) on the data for a native
    file (two key lookups); each adapter's signature looks at a few keys."""
    kind = native_kind(raw)
    if kind is not None:
        return kind, None
    where = posixpath.normpath(path)
    for name, module in _STRUCTURED:
        if module.matches(module.KIND, where, raw):
            return module.KIND, name
    return _why_not(raw)


def _why_not(raw: Any) -> str:
    if isinstance(raw, dict) and ("$schema" in raw or (
            raw.get("type") == "object" and isinstance(raw.get("properties"), dict))):
        return "a JSON Schema"
    if raw is None or raw == {} or raw == []:
        return "an empty document"
    return "no known format"


def detect(kind: str, path: str, raw: Any) -> str | None:
    """The external format of ``raw`` (a file of ``kind`` at ``path``), or None."""
    if _native(raw):
        return None
    for name, module in ADAPTERS.items():
        if module.KIND == kind and module.matches(kind, posixpath.normpath(path), raw):
            return name
    return None


def adapt(fmt: str, raw: Any) -> Adapted:
    """Map ``raw`` from format ``fmt``; raises AdaptError (a LoadError) when malformed."""
    module = ADAPTERS.get(fmt)
    if module is None:
        raise AdaptError(f"no adapter for format {fmt!r} (known: {', '.join(ADAPTERS)})")
    return module.adapt(raw)


def formats_for(kind: str) -> list[str]:
    """Format names that can hold an artifact of ``kind`` (for docs and `safesec rules`)."""
    return [name for name, module in ADAPTERS.items() if module.KIND == kind]


def _native(raw: Any) -> bool:
    if not isinstance(raw, dict):
        return False
    schema = raw.get("schema")
    return schema in NATIVE_SCHEMAS or raw.get("kind") in NATIVE_CONFIG_KINDS
