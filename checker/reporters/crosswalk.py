"""Rule references as a crosswalk: NIST AI RMF, NIST AI 600-1, EU AI Act, EU GPAI Code of
Practice, ISO/IEC 42001, OWASP LLM, MITRE ATLAS.

Shared by the SARIF, GitHub, JSON and HTML reporters.  A rule's ``references`` maps a
framework key to a list of IDs (strings), ``{id, scope}`` items (an EU AI Act article and
whom it binds) or ``{title, url}`` items; unknown keys keep their own name and come last.
``views`` regroups a run's results clause by clause, per framework (``--crosswalk``).
"""
from __future__ import annotations

import re
from typing import Any, Iterable

from checker.ids import FRAMEWORKS, clause_title, eu_scope, framework_source, reference_id, \
    reference_text
from checker.model import REPOSITORY, Artifact, Result, Rule, RunResult

LABELS = (
    ("nist_ai_rmf", "NIST AI RMF"),
    ("nist_ai_600_1", "NIST AI 600-1"),
    ("eu_ai_act", "EU AI Act"),
    ("eu_gpai_cop", "EU GPAI Code of Practice"),
    ("iso_42001", "ISO/IEC 42001"),
    ("owasp_llm", "OWASP LLM Top 10"),
    ("atlas", "MITRE ATLAS"),
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean(text: object) -> str:
    """``text`` without control characters (tab and newline kept, CR folded)."""
    value = str(text).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", value)


def label(key: str) -> str:
    """Display name of a reference key (``owasp_llm_2025`` -> ``OWASP LLM Top 10 2025``)."""
    for prefix, name in LABELS:
        if key == prefix:
            return name
        if key.startswith(prefix + "_"):
            return f"{name} {key[len(prefix) + 1:]}".strip()
    return key.replace("_", " ")


def _order(key: str) -> tuple[int, str]:
    for index, (prefix, _name) in enumerate(LABELS):
        if key == prefix or key.startswith(prefix + "_"):
            return (index, key)
    return (len(LABELS), key)


def item_text(item: Any) -> tuple[str, str]:
    """``(text, url)`` of one reference item; url is "" when there is none."""
    if isinstance(item, dict):
        text = reference_text(item) if item.get("id") else item.get("title") or item.get("url")
        return clean(text or ""), clean(item.get("url") or "")
    return clean(item), ""


def crosswalk(rule: Rule | None) -> list[tuple[str, list[tuple[str, str]]]]:
    """``[(label, [(text, url), ...])]`` for each non-empty reference key, in framework order."""
    refs = getattr(rule, "references", None) or {}
    if not isinstance(refs, dict):
        refs = {"references": list(refs)} if isinstance(refs, (list, tuple)) else {}
    rows = []
    for key in sorted(refs, key=lambda k: _order(str(k))):
        value = refs[key]
        items = value if isinstance(value, (list, tuple)) else [value]
        texts = [item_text(i) for i in items if i not in (None, "")]
        if texts:
            rows.append((label(str(key)), texts))
    return rows


def tags(rule: Rule | None) -> list[str]:
    """``external/<key>/<id>`` tags (lower case, spaces to dashes) for SARIF rule tags."""
    refs = getattr(rule, "references", None) or {}
    out = []
    for key in sorted(refs) if isinstance(refs, dict) else []:
        value = refs[key]
        for item in value if isinstance(value, (list, tuple)) else [value]:
            text = reference_id(item)
            if text and not (isinstance(item, dict) and not item.get("id")):
                slug = re.sub(r"[^a-z0-9.:()-]+", "-", text.lower()).strip("-")
                out.append(f"external/{key}/{slug}")
    return out


# ---------------------------------------------------------------- per-framework views
# ``--crosswalk NAME``: NAME -> the references key it reads
VIEWS = {"nist-ai-rmf": "nist_ai_rmf", "nist-ai-600-1": "nist_ai_600_1", "eu-ai-act": "eu_ai_act",
         "eu-gpai-cop": "eu_gpai_cop", "iso-42001": "iso_42001", "owasp-llm": "owasp_llm_2025",
         "atlas": "atlas"}
# the EU AI Act scopes that bind a system of each declared ``risk_tier`` (pack 1 wrote
# ``high`` and ``systemic``; pack 2.0 names the legal categories ``high-risk``, ``gpai`` and
# ``gpai-systemic``)
TIER_SCOPES = {"high": ("any", "high-risk"), "high-risk": ("any", "high-risk"),
               "systemic": ("any", "gpai", "gpai-systemic"),
               "gpai-systemic": ("any", "gpai", "gpai-systemic"),
               "gpai": ("any", "gpai"), "limited": ("any",), "minimal": ("any",)}


def view_names(asked: str | Iterable[str] | None) -> list[str]:
    """The views asked for (``all`` is every framework), in ``VIEWS`` order."""
    names = [asked] if isinstance(asked, str) else list(asked or ())
    if "all" in names:
        return list(VIEWS)
    return [name for name in VIEWS if name in names]


def risk_tier(run: RunResult, system: str) -> str | None:
    """The ``risk_tier`` a system's model card declares, or None when none is declared."""
    for artifact in run.artifacts:
        if isinstance(artifact, Artifact) and artifact.kind == "model_card" \
                and (artifact.system or ".") == system and isinstance(artifact.data, dict):
            front = artifact.data.get("front_matter")
            block = front.get("risk_management") if isinstance(front, dict) else None
            tier = block.get("risk_tier") if isinstance(block, dict) else None
            if isinstance(tier, str) and tier.strip().lower() in TIER_SCOPES:
                return tier.strip().lower()
    return None


def view(run: RunResult, name: str) -> dict[str, object]:
    """One framework's clauses with the results of the rules citing them, per system.  For
    the EU AI Act, a system that declares its risk tier sees only the articles that bind
    that tier (the rest are named under ``not_applicable_to_tier``); a system without a
    declared tier sees every article, each marked with whom it binds."""
    key = VIEWS[name]
    rules = {(rule.pack, rule.id): rule for rule in run.rules}
    by_system: dict[str, list[Result]] = {}
    for result in run.results:
        by_system.setdefault(result.system or ".", []).append(result)
    # a repository-wide result (SECURITY.md, a missing incident plan) binds every system:
    # each system's view lists it under the clauses of that system's tier
    shared = by_system.pop(REPOSITORY, [])
    for system in run.systems:
        by_system.setdefault(system or ".", [])
    if not by_system and shared:
        by_system[REPOSITORY] = []
    for results in by_system.values():
        results += shared
    systems = []
    for system in sorted(by_system):
        tier = risk_tier(run, system) if key == "eu_ai_act" else None
        applies = TIER_SCOPES.get(tier or "")
        clauses: dict[str, dict[str, object]] = {}
        hidden: set[str] = set()
        for result in sorted(by_system[system], key=Result.sort_key):
            rule = rules.get((result.pack, result.rule))
            for item in _items(rule, key):
                ident = reference_id(item)
                scope = (item.get("scope") if isinstance(item, dict) else None) or \
                    (eu_scope(ident) if key == "eu_ai_act" else None)
                if applies is not None and scope not in applies:
                    hidden.add(ident)
                    continue
                entry = clauses.setdefault(ident, {"clause": ident,
                                                   "title": clause_title(key, ident),
                                                   "scope": scope, "results": []})
                entry["results"].append({  # type: ignore[attr-defined]
                    "rule": result.rule, "pack": result.pack, "status": str(result.status),
                    "severity": str(result.severity), "title": result.title,
                    "artifact": result.artifact})
        systems.append({"system": system, "risk_tier": tier if key == "eu_ai_act" else None,
                        "clauses": [clauses[c] for c in sorted(clauses, key=_clause_order)],
                        "not_applicable_to_tier": sorted(hidden, key=_clause_order)})
    return {"framework": FRAMEWORKS[key][1], "source": framework_source(key), "systems": systems}


def _items(rule: Rule | None, key: str) -> list[object]:
    refs = getattr(rule, "references", None) or {}
    value = refs.get(key) if isinstance(refs, dict) else None
    items = value if isinstance(value, (list, tuple)) else [value] if value else []
    return [item for item in items if reference_id(item)]


def _clause_order(ident: str) -> tuple[object, ...]:
    """Natural order: ``Art. 9(2)`` before ``Art. 15(1)``, ``MEASURE 2.6`` before 2.13."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.findall(r"\d+|[^\d\s().:,-]+", ident))
