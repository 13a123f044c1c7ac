"""Threagile YAML (``threagile.yaml``) -> threat-model/v1.

Data and technical assets become assets (CIA from their ratings); each
``risk_tracking`` entry becomes a threat on the assets its synthetic id names,
and its status a mitigation (mitigated / in-progress) or an accepted risk;
``individual_risk_categories[].risks_identified`` become threats with severity.
Threagile computes most risks itself (``risks.json``), so a tracked risk has
no severity or property in the model file; it has no hazards and no actors.
"""
from __future__ import annotations

from typing import Any, Callable

from checker.adapters.base import (Adapted, Origin, compact, ids_in, iso_date, mapping,
                                   mapping_or_empty, plain)
from checker.loaders.base import DataPath

FORMAT = "threagile"
KIND = "threat_model"
UNSUPPORTED = (
    "objectives.safety", "owners.safety", "owners.security", "hazards", "assets[].bypass_routes",
    "threats[].severity", "threats[].property", "threats[].actor.goal",
    "threats[].actor.knowledge", "threats[].actor.access", "threats[].actor.budget",
    "threats[].leads_to", "threats[].atlas", "threats[].owasp_llm", "accepted_risks[].expires",
)
CONFIDENTIALITY = ("public", "internal", "restricted", "confidential", "strictly-confidential")
CRITICALITY = ("archive", "operational", "important", "critical", "mission-critical")
KINDS: dict[Any, str] = {"external-entity": "external-entity", "process": "process",
                         "datastore": "data-store"}
STRIDE = {"spoofing": "I", "tampering": "I", "repudiation": "I", "information-disclosure": "C",
          "denial-of-service": "A", "elevation-of-privilege": "I"}
SEVERITY = {"low": "low", "medium": "medium", "elevated": "high", "high": "high",
            "critical": "critical"}
TRACKED = {"mitigated": "implemented", "in-progress": "planned"}

SIGNATURE_DOC = "a Threagile model: threagile_version, or technical_assets and data_assets"


def matches(kind: str, path: str, raw: Any) -> bool:
    if kind != KIND or not isinstance(raw, dict):
        return False
    return "threagile_version" in raw or ("technical_assets" in raw and "data_assets" in raw)


def adapt(raw: Any) -> Adapted:
    out: dict[str, Any] = {"system": compact({"name": raw.get("title")}), "assets": [],
                           "threats": [], "mitigations": [], "accepted_risks": [],
                           "excluded_threats": []}
    origin: Origin = {(): (), ("system",): ("title",)}
    author = mapping_or_empty(raw, "author")
    if raw.get("date") or author.get("name"):
        out["reviewed"] = compact({"date": iso_date(raw.get("date")),
                                   "by": [author["name"]] if author.get("name") else None})
        origin[("reviewed",)] = ("date",)
    requirements = raw.get("security_requirements")
    if isinstance(requirements, dict) and requirements:
        out["objectives"] = {"security": [f"{k}: {plain(v)}" if v else str(k)
                                          for k, v in requirements.items()]}
        origin[("objectives",)] = ("security_requirements",)
    if isinstance(raw.get("abuse_cases"), dict):
        out["abuse_cases"] = [str(name) for name in raw["abuse_cases"]]
    _assets(raw, out, origin)
    _tracked(raw, out, origin)
    _individual(raw, out, origin)
    return Adapted(kind=KIND, format=FORMAT, data=out, origin=origin, unsupported=UNSUPPORTED)


def cia(asset: dict[str, Any]) -> list[str]:
    """C from confidentiality >= restricted; I and A from ratings >= important."""
    out = []
    if _rank(asset.get("confidentiality"), CONFIDENTIALITY) >= 2:
        out.append("C")
    for letter, key in (("I", "integrity"), ("A", "availability")):
        if _rank(asset.get(key), CRITICALITY) >= 2:
            out.append(letter)
    return out


def _rank(value: Any, scale: tuple[str, ...]) -> int:
    return scale.index(value) if value in scale else -1


def _assets(raw: dict[str, Any], out: dict[str, Any], origin: Origin) -> None:
    kinds: tuple[tuple[str, Callable[[dict[str, Any]], str]], ...] = (
        ("data_assets", lambda a: "data"),
        ("technical_assets", lambda a: KINDS.get(a.get("type"), "component")))
    for section, kind_of in kinds:
        block = raw.get(section)
        for name, asset in (block.items() if isinstance(block, dict) else ()):
            asset = mapping(asset, f"{section}.{name}", (section, name))
            origin[("assets", len(out["assets"]))] = (section, name)
            out["assets"].append(compact({
                "id": str(asset.get("id") or name), "name": str(name), "kind": kind_of(asset),
                "cia": cia(asset), "out_of_scope": bool(asset.get("out_of_scope")) or None,
                "technology": asset.get("technology"),
                "ratings": compact({k: asset.get(k) for k in
                                    ("confidentiality", "integrity", "availability")}),
            }))


def _tracked(raw: dict[str, Any], out: dict[str, Any], origin: Origin) -> None:
    tracking = raw.get("risk_tracking")
    known = {a["id"] for a in out["assets"]}
    for key, entry in (tracking.items() if isinstance(tracking, dict) else ()):
        entry = mapping(entry, f"risk_tracking.{key}", ("risk_tracking", key))
        category, *parts = str(key).split("@")
        status = str(entry.get("status") or "unchecked")
        threat = {"id": str(key), "title": category.replace("-", " "), "category": category,
                  "targets": [p for p in parts if p in known], "status": status}
        at = ("risk_tracking", key)
        if status == "false-positive":
            origin[("excluded_threats", len(out["excluded_threats"]))] = at
            out["excluded_threats"].append(threat)
            continue
        origin[("threats", len(out["threats"]))] = at
        out["threats"].append(threat)
        _response(str(key), status, entry, at, out, origin)


def _response(tid: str, status: str, entry: dict[str, Any], at: DataPath, out: dict[str, Any],
              origin: Origin) -> None:
    if status in TRACKED:
        origin[("mitigations", len(out["mitigations"]))] = at
        out["mitigations"].append(compact({
            "id": f"M-{tid}", "title": entry.get("justification") or status,
            "addresses": [tid], "status": TRACKED[status], "tracking_status": status,
            "evidence": [str(entry["ticket"])] if entry.get("ticket") else None}))
    elif status == "accepted":
        origin[("accepted_risks", len(out["accepted_risks"]))] = at
        out["accepted_risks"].append(compact({
            "id": f"R-{tid}", "addresses": [tid], "rationale": entry.get("justification"),
            "approved_by": [entry["checked_by"]] if entry.get("checked_by") else None,
            "date": iso_date(entry.get("date"))}))


def _individual(raw: dict[str, Any], out: dict[str, Any], origin: Origin) -> None:
    categories = raw.get("individual_risk_categories")
    for name, cat in (categories.items() if isinstance(categories, dict) else ()):
        cat = mapping(cat, f"individual_risk_categories.{name}",
                      ("individual_risk_categories", name))
        risks = cat.get("risks_identified")
        for title, risk in (risks.items() if isinstance(risks, dict) else ()):
            risk = risk if isinstance(risk, dict) else {}
            target = risk.get("most_relevant_technical_asset") or \
                risk.get("most_relevant_data_asset")
            atlas, owasp = ids_in(cat.get("description"), title)
            entry = compact({
                "id": f"{cat.get('id') or name}@{target or len(out['threats'])}",
                "title": plain(title), "category": cat.get("id"),
                "severity": SEVERITY.get(str(risk.get("severity") or "").lower()),
                "property": STRIDE.get(str(cat.get("stride") or "").lower()),
                "targets": [target] if target else [], "status": "unchecked",
                "atlas": atlas or None, "owasp_llm": owasp or None,
            })
            _add_individual(entry, ("individual_risk_categories", name, "risks_identified",
                                    title), out, origin)


def _add_individual(entry: dict[str, Any], at: DataPath, out: dict[str, Any],
                    origin: Origin) -> None:
    """Add a manual risk, or enrich the risk_tracking threat with the same synthetic id."""
    for existing in out["threats"] + out["excluded_threats"]:
        if existing["id"] == entry["id"]:
            existing.update({k: v for k, v in entry.items() if k not in ("id", "status")})
            return
    origin[("threats", len(out["threats"]))] = at
    out["threats"].append(entry)
