"""promptfoo red-team config (``promptfooconfig.yaml`` with ``redteam:``) -> eval-report/v1.

A red-team config is the plan of a run, not its outcome: its ``plugins`` (what
is attacked) and ``strategies`` (how) become the report's ``planned`` coverage,
and it has no results. Rules that need measured results therefore find none and
say that a config cannot express them: the run's ``output.json`` holds them.
"""
from __future__ import annotations

from typing import Any

from checker.adapters.base import Adapted, AdaptError, Origin, compact, mapping_or_empty, uniq

FORMAT = "promptfoo-redteam-config"
KIND = "eval_report"
SIGNATURE_DOC = "a promptfoo red-team config: redteam with plugins or strategies"
UNSUPPORTED = ("results", "date", "model.revision", "assessor")
# promptfoo config keys besides redteam; one of them must be there too
CONFIG_KEYS = ("targets", "providers", "prompts", "description", "defaultTest", "tests")


def matches(kind: str, path: str, raw: Any) -> bool:
    if kind != KIND or not isinstance(raw, dict):
        return False
    redteam = raw.get("redteam")
    return isinstance(redteam, dict) and ("plugins" in redteam or "strategies" in redteam) \
        and any(key in raw for key in CONFIG_KEYS)


def adapt(raw: Any) -> Adapted:
    redteam = mapping_or_empty(raw, "redteam")
    plugins = _names(redteam.get("plugins"), ("redteam", "plugins"))
    strategies = _names(redteam.get("strategies"), ("redteam", "strategies"))
    data = compact({
        "model": compact({"name": _target(raw)}),
        "redteam": True,
        "description": raw.get("description"),
        "planned": compact({"plugins": plugins or None, "strategies": strategies or None,
                            "tests_per_plugin": redteam.get("numTests"),
                            "purpose": redteam.get("purpose")}),
        "results": [],
    })
    origin: Origin = {(): (), ("planned",): ("redteam",), ("model",): ("targets",)}
    return Adapted(kind=KIND, format=FORMAT, data=data, origin=origin, unsupported=UNSUPPORTED)


def _names(entries: Any, at: tuple[str, ...]) -> list[str]:
    """Plugin or strategy ids: each entry is a name or a mapping with ``id``."""
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise AdaptError(f"{'.'.join(at)}: expected a list, found a {type(entries).__name__}",
                         raw_path=at)
    out = []
    for entry in entries:
        out.append(str(entry.get("id") or "") if isinstance(entry, dict) else str(entry))
    return uniq(out)


def _target(raw: dict[str, Any]) -> str | None:
    for key in ("targets", "providers"):
        value = raw.get(key)
        first = value[0] if isinstance(value, list) and value else value
        if isinstance(first, dict):
            first = first.get("label") or first.get("id")
        if isinstance(first, str) and first:
            return first
    return None
