"""What a source format cannot express, said once per report instead of once per result.

An adapter lists the native fields its format has no way to state
(``Adapted.unsupported``, e.g. ``results[].attack.budget`` for promptfoo). A check
that finds such a field missing in every result would otherwise fail each of them
for something the team cannot fix in that file. ``collapse`` turns all findings
about such fields into a single informational note (not a failure) that says
what the format cannot express, how many places each concerns, and where to
state it instead. A field that is merely missing is still a failure.
"""
from __future__ import annotations

from typing import Any, Iterable

from checker.loaders.base import DataPath
from checker.model import Finding

EVAL_INSTEAD = ("state the missing fields in a native eval report that names this file "
                "as its source (source: {path, sha256})")


def where_instead(kind: str) -> str:
    """Where a team can state what its tool's format cannot."""
    if kind == "eval_report":
        return EVAL_INSTEAD
    return f"state them in a native {kind.replace('_', ' ')} beside it, or waive the rule"


def field_pattern(path: DataPath) -> str:
    """``("threats", 3, "actor", "budget")`` -> ``threats[].actor.budget``."""
    out = ""
    for step in path:
        out += "[]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


def unexpressed(artifact: Any, path: DataPath) -> str | None:
    """The unsupported field of ``artifact``'s format that ``path`` lies in, or the part of
    one that ``path`` is (``threats[].actor`` when ``threats[].actor.goal`` is unsupported);
    else None. A top-level key is never unexpressed because one field under it is: the
    format fills ``results`` even when it cannot fill ``results[].covers``.
    """
    wanted = field_pattern(path)
    nested = "." in wanted or "[" in wanted
    for entry in getattr(artifact, "unsupported", ()) or ():
        if wanted == entry or wanted.startswith((entry + ".", entry + "[")):
            return str(entry)
        if nested and entry.startswith((wanted + ".", wanted + "[")):
            return wanted
    return None


def cannot_express(artifact: Any, path: DataPath) -> str | None:
    """``"threat-dragon-v2 cannot express threats[].actor.budget"``, or None."""
    entry = unexpressed(artifact, path)
    if entry is None:
        return None
    note = f"{getattr(artifact, 'format', None) or 'this format'} cannot express {entry}"
    hint = getattr(artifact, "fallback_hint", None)  # a served gateway config (serving.py)
    return f"{note}; {hint()}" if hint is not None else note


def collapse(artifact: Any, findings: Iterable[Finding]) -> list[Finding]:
    """The findings, with those about fields the format cannot express merged into one
    informational (not-applicable) note, placed after the real failures."""
    kept: list[Finding] = []
    gaps: dict[str, int] = {}
    for finding in findings:
        entry = unexpressed(artifact, finding.path) if finding.path and not \
            finding.not_applicable else None
        if entry is None:
            kept.append(finding)
        else:
            gaps[entry] = gaps.get(entry, 0) + 1
    if gaps:
        fmt = getattr(artifact, "format", None) or "this format"
        fields = ", ".join(f"{entry} ({count} places)" if count > 1 else entry
                           for entry, count in sorted(gaps.items()))
        instead = where_instead(str(getattr(artifact, "kind", "")))
        kept.append(Finding(f"{fmt} cannot express {fields}; {instead}",
                            not_applicable=True))
    return kept
