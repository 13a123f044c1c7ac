"""OWASP Threat Dragon 2.x JSON -> threat-model/v1.

Diagram elements become assets, ``cells[].data.threats[]`` become threats, and
each threat's status and mitigation text become a mitigation (Mitigated) or an
accepted risk (Accepted / Transferred). Threat Dragon has no hazards, no actor
model, no CIA rating per element and no field for ATLAS / OWASP LLM IDs (IDs
written in a threat's title or description are picked up).
"""
from __future__ import annotations

from typing import Any

from checker.adapters.base import Adapted, AdaptError, Origin, compact, ids_in, items, mapping
from checker.loaders.base import DataPath

FORMAT = "threat-dragon-v2"
KIND = "threat_model"
UNSUPPORTED = (
    "objectives.safety", "objectives.security", "owners.safety", "owners.security",
    "reviewed.date", "hazards", "assets[].cia", "assets[].bypass_routes",
    "threats[].actor.goal", "threats[].actor.knowledge", "threats[].actor.access",
    "threats[].actor.budget", "threats[].leads_to", "threats[].atlas", "threats[].owasp_llm",
    "mitigations[].evidence", "accepted_risks[].approved_by", "accepted_risks[].expires",
)
ELEMENTS = {"tm.Process": "process", "tm.Store": "data-store", "tm.Actor": "external-entity",
            "tm.Flow": "data-flow"}
# STRIDE / CIA / LINDDUN threat types -> the property they violate.
PROPERTY = {
    "spoofing": "I", "tampering": "I", "repudiation": "I", "information disclosure": "C",
    "denial of service": "A", "elevation of privilege": "I", "confidentiality": "C",
    "integrity": "I", "availability": "A", "linkability": "C", "linking": "C",
    "identifiability": "C", "identifying": "C", "detectability": "C", "detecting": "C",
    "data disclosure": "C", "disclosure of information": "C",
}
STATUS = {"open": "open", "tbd": "open", "": "open", "mitigated": "mitigated",
          "eliminated": "mitigated", "avoided": "mitigated", "accepted": "accepted",
          "transferred": "transferred", "na": "not-applicable", "n/a": "not-applicable",
          "notapplicable": "not-applicable", "not applicable": "not-applicable"}
SEVERITY = {"critical": "critical", "high": "high", "medium": "medium", "low": "low"}

SIGNATURE_DOC = "a Threat Dragon model: summary and detail.diagrams"


def matches(kind: str, path: str, raw: Any) -> bool:
    if kind != KIND or not isinstance(raw, dict):
        return False
    detail = raw.get("detail")
    return isinstance(raw.get("summary"), dict) and isinstance(detail, dict) \
        and isinstance(detail.get("diagrams"), list)


def adapt(raw: Any) -> Adapted:
    summary = mapping(raw.get("summary"), "summary", ("summary",))
    detail = mapping(raw.get("detail"), "detail", ("detail",))
    out: dict[str, Any] = {"system": compact({"name": summary.get("title")}), "assets": [],
                           "threats": [], "mitigations": [], "accepted_risks": [],
                           "excluded_threats": []}
    reviewer = detail.get("reviewer")
    if reviewer:
        out["reviewed"] = {"by": [reviewer]}
    origin: Origin = {(): (), ("system",): ("summary",), ("reviewed",): ("detail", "reviewer")}
    for d, diagram in enumerate(items(detail.get("diagrams"), "detail.diagrams",
                                      ("detail", "diagrams"))):
        _diagram(diagram, ("detail", "diagrams", d), out, origin)
    return Adapted(kind=KIND, format=FORMAT, data=out, origin=origin, unsupported=UNSUPPORTED)


def _diagram(diagram: Any, at: DataPath, out: dict[str, Any], origin: Origin) -> None:
    diagram = mapping(diagram, "diagram", at)
    if "cells" not in diagram and "diagramJson" in diagram:
        raise AdaptError("this is a Threat Dragon v1 model (diagramJson); open and save it in "
                         "Threat Dragon 2 to upgrade it", raw_path=at)
    for c, cell in enumerate(items(diagram.get("cells"), "diagram cells", at + ("cells",))):
        data = cell.get("data") if isinstance(cell, dict) else None
        if not isinstance(data, dict) or data.get("type") not in ELEMENTS:
            continue
        cell_at = at + ("cells", c)
        asset_id = str(cell.get("id") or data.get("name") or f"{at[-1]}-{c}")
        origin[("assets", len(out["assets"]))] = cell_at + ("data",)
        out["assets"].append(compact({
            "id": asset_id, "name": " ".join(str(data.get("name") or "").split()) or None,
            "kind": ELEMENTS[data["type"]], "out_of_scope": bool(data.get("outOfScope")),
        }))
        for k, threat in enumerate(items(data.get("threats"), "threats", cell_at)):
            _threat(threat, asset_id, cell_at + ("data", "threats", k), out, origin)


def _threat(threat: Any, asset_id: str, at: DataPath, out: dict[str, Any], origin: Origin) -> None:
    threat = mapping(threat, "threat", at)
    tid = str(threat.get("id") or threat.get("threatId") or
              f"T-{threat.get('number') or len(out['threats']) + 1}")
    status = STATUS.get(str(threat.get("status") or "").strip().lower(), "open")
    atlas, owasp = ids_in(threat.get("title"), threat.get("description"))
    entry = compact({
        "id": tid, "title": threat.get("title"), "status": status,
        "property": PROPERTY.get(str(threat.get("type") or "").strip().lower()),
        "severity": SEVERITY.get(str(threat.get("severity") or "").strip().lower()),
        "targets": [asset_id], "type": threat.get("type"),
        "atlas": atlas or None, "owasp_llm": owasp or None,
    })
    if status == "not-applicable":
        origin[("excluded_threats", len(out["excluded_threats"]))] = at
        out["excluded_threats"].append(entry)
        return
    origin[("threats", len(out["threats"]))] = at
    out["threats"].append(entry)
    _response(threat, tid, status, at, out, origin)


def _response(threat: dict[str, Any], tid: str, status: str, at: DataPath, out: dict[str, Any],
              origin: Origin) -> None:
    text = str(threat.get("mitigation") or "").strip()
    if status in ("accepted", "transferred"):
        origin[("accepted_risks", len(out["accepted_risks"]))] = at
        out["accepted_risks"].append(compact({
            "id": f"R-{tid}", "addresses": [tid], "rationale": text or None,
            "transferred": status == "transferred" or None}))
    elif text or status == "mitigated":
        origin[("mitigations", len(out["mitigations"]))] = at + ("mitigation",)
        out["mitigations"].append({
            "id": f"M-{tid}", "title": text or "(no mitigation text)", "addresses": [tid],
            "status": "implemented" if status == "mitigated" else "planned"})
