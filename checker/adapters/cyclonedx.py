"""CycloneDX JSON BOMs (ML-BOM, 1.5+) -> ai_bom.

Components (nested ones too) are flattened; ``machine-learning-model``
components are the models and ``data`` components the datasets. Hashes are kept
per component (``alg`` / ``content``) as integrity evidence for weights and
data; a model with no hash, or only MD5 / SHA-1, gives no integrity evidence.
Before 1.5 a BOM cannot type a component as a model at all.
"""
from __future__ import annotations

from typing import Any

from checker.adapters.base import Adapted, AdaptError, Origin, compact, items
from checker.loaders.base import DataPath

FORMAT = "cyclonedx"
KIND = "ai_bom"
UNSUPPORTED = ("risk_tier",)  # CycloneDX has no risk-tier field (SPDX 3 safetyRiskAssessment)
WEAK_HASHES = ("MD5", "SHA-1")

SIGNATURE_DOC = ("a CycloneDX BOM with machine-learning-model or data components "
                 "(a BOM without them is not an AI-BOM)")
ML_TYPES = ("machine-learning-model", "data")
MAX_SCAN = 10_000  # components looked at to decide whether a BOM is an AI-BOM


def matches(kind: str, path: str, raw: Any) -> bool:
    return kind == KIND and isinstance(raw, dict) and raw.get("bomFormat") == "CycloneDX" \
        and has_ml_component(raw)


def has_ml_component(raw: dict[str, Any]) -> bool:
    """Whether a BOM lists a model or a dataset (nested components too; bounded walk)."""
    stack = [raw.get("components")]
    seen = 0
    while stack and seen < MAX_SCAN:
        nodes = stack.pop()
        for node in nodes if isinstance(nodes, list) else ():
            seen += 1
            if isinstance(node, dict):
                if node.get("type") in ML_TYPES or "modelCard" in node:
                    return True
                stack.append(node.get("components"))
    return False


def adapt(raw: Any) -> Adapted:
    version = str(raw.get("specVersion") or "")
    if not version:
        raise AdaptError("CycloneDX BOM has no 'specVersion'", raw_path=("bomFormat",))
    components: list[dict[str, Any]] = []
    origin: Origin = {(): ()}
    _walk(items(raw.get("components"), "components", ("components",)), ("components",),
          components, origin)
    data = compact({
        "spec_version": version,
        "serial_number": raw.get("serialNumber"),
        "subject": _subject(raw.get("metadata")),
        "components": components,
        "models": [c["ref"] for c in components if c["type"] == "machine-learning-model"],
        "datasets": [c["ref"] for c in components if c["type"] == "data"],
    })
    unsupported = UNSUPPORTED + (("components[].type=machine-learning-model",)
                                 if _older_than_15(version) else ())
    return Adapted(kind=KIND, format=FORMAT, data=data, origin=origin, unsupported=unsupported)


def strong_hashes(component: dict[str, Any]) -> list[dict[str, Any]]:
    """Hashes of a mapped component that are integrity evidence (not MD5 / SHA-1)."""
    return [h for h in component.get("hashes", []) if h.get("alg") not in WEAK_HASHES]


def _walk(nodes: list[Any], at: DataPath, out: list[dict[str, Any]], origin: Origin) -> None:
    for i, node in enumerate(nodes):
        if not isinstance(node, dict):
            raise AdaptError(f"component {i + 1} is not an object", raw_path=at + (i,))
        origin[("components", len(out))] = at + (i,)
        out.append(_component(node, len(out)))
        _walk(items(node.get("components"), "components", at + (i, "components")),
              at + (i, "components"), out, origin)


def _component(node: dict[str, Any], index: int) -> dict[str, Any]:
    card = node.get("modelCard") if isinstance(node.get("modelCard"), dict) else None
    params = (card or {}).get("modelParameters") or {}
    return compact({
        "ref": str(node.get("bom-ref") or node.get("purl") or node.get("name") or index),
        "type": str(node.get("type") or ""),
        "name": node.get("name"), "group": node.get("group"), "version": node.get("version"),
        "purl": node.get("purl"),
        "hashes": [compact({"alg": h.get("alg"), "content": h.get("content")})
                   for h in node.get("hashes") or [] if isinstance(h, dict)],
        "model_card": card is not None if node.get("type") == "machine-learning-model" else None,
        "datasets": [d.get("ref") or d.get("name") for d in params.get("datasets") or []
                     if isinstance(d, dict)] or None,
        "external_references": [compact({"type": r.get("type"), "url": r.get("url"),
                                         "hashes": r.get("hashes")})
                                for r in node.get("externalReferences") or []
                                if isinstance(r, dict)] or None,
    })


def _subject(metadata: Any) -> dict[str, Any] | None:
    comp = metadata.get("component") if isinstance(metadata, dict) else None
    if not isinstance(comp, dict):
        return None
    return compact({"name": comp.get("name"), "type": comp.get("type"),
                    "version": comp.get("version")})


def _older_than_15(version: str) -> bool:
    try:
        major, minor = (int(p) for p in version.split(".")[:2])
    except ValueError:
        return False
    return (major, minor) < (1, 5)
