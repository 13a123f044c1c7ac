"""The native artifact formats (docs/formats.md) as Cerberus schemas.

Every field docs/formats.md documents is here with its type and closed vocabulary; keys
that are not here are unknown (an editor flags them: ``thresold`` for ``threshold``).
Free notes are allowed where the formats use them (``note``, ``dataset_note``), and any
key starting with ``x-`` is an extension a team pack may read.  ``tests/schemas`` checks
that the example repositories' files fit and that every field the built-in pack reads of
a native kind is defined here.
"""
from __future__ import annotations

from typing import Any

from checker.model import SEVERITIES

Schema = dict[str, Any]

_STR: Schema = {"type": "string"}
_TEXT: Schema = {"type": "string", "empty": False}
_STRS: Schema = {"type": "list", "schema": _STR}
_DATE: Schema = {"type": "isodate"}
_NUMBER: Schema = {"type": "number"}
_SEVERITY: Schema = {"type": "string", "allowed": list(SEVERITIES)}
_OWNERS: Schema = {"type": "dict", "schema": {"safety": _TEXT, "security": _TEXT}}
_MODEL: Schema = {"type": "dict", "schema": {"name": _STR, "revision": _STR}}
_BUDGET: Schema = {"type": ["string", "dict"]}
_LEVEL: Schema = {"type": "string", "allowed": ["rare", "unlikely", "possible", "likely",
                                                "almost-certain"]}
_IMPACT: Schema = {"type": "string", "allowed": ["negligible", "minor", "moderate", "major",
                                                 "severe"]}
_ACCEPTANCE: Schema = {"type": "list", "schema": {"type": "dict", "schema": {
    "metric": {**_TEXT, "required": True}, "max": _NUMBER, "min": _NUMBER}}}
_ACTOR_LIST: Schema = {"type": "list", "schema": {"type": "dict", "schema": {
    "actor": {**_TEXT, "required": True}, "reason": _STR}}}


def _items(fields: Schema) -> Schema:
    return {"type": "list", "schema": {"type": "dict", "schema": fields}}


THREAT_MODEL: Schema = {
    "schema": {"type": "string", "required": True, "allowed": ["threat-model/v1"]},
    "system": {"type": "dict", "schema": {"name": _STR, "version": _STR}},
    "reviewed": {"type": "dict", "schema": {"date": _DATE, "by": _STRS}},
    "owners": _OWNERS,
    "objectives": {"type": "dict", "schema": {"safety": _STRS, "security": _STRS}},
    "assets": _items({
        "id": {**_TEXT, "required": True}, "kind": {**_TEXT, "required": True},
        "cia": {"type": "list", "schema": {"type": "string", "allowed": ["C", "I", "A"]}},
        "public": {"type": "boolean"}, "bypass_routes": _STRS, "note": _STR}),
    "hazards": _items({
        "id": {**_TEXT, "required": True}, "title": _STR,
        "scope": {"type": "string", "allowed": ["safe-usability", "safe-operation"]},
        "harm": _STR, "source": {"type": "string", "allowed": ["accident", "misuse"]},
        "likelihood": _LEVEL, "impact": _IMPACT, "severity": _SEVERITY,
        "acceptance": _ACCEPTANCE, "note": _STR}),
    "threats": _items({
        "id": {**_TEXT, "required": True}, "title": _STR,
        "property": {"type": "string", "allowed": ["C", "I", "A"]},
        "likelihood": _LEVEL, "impact": _IMPACT, "severity": _SEVERITY,
        "acceptance": _ACCEPTANCE, "targets": _STRS, "leads_to": _STRS,
        "actor": {"type": "dict", "schema": {"goal": _STR, "knowledge": _STR, "access": _STR,
                                             "budget": _BUDGET}},
        "atlas": _STRS, "owasp_llm": _STRS, "note": _STR}),
    "mitigations": _items({
        "id": {**_TEXT, "required": True}, "title": _STR, "addresses": _STRS,
        "status": {"type": "string", "allowed": ["planned", "implemented"]},
        "evidence": _STRS, "note": _STR}),
    "accepted_risks": _items({
        "id": {**_TEXT, "required": True}, "addresses": _STRS, "rationale": _STR,
        "approved_by": _STRS, "expires": _DATE, "note": _STR}),
    "security_goal": {"type": "dict", "schema": {"resists": _ACTOR_LIST,
                                                 "does_not_resist": _ACTOR_LIST}},
    "monitoring": {"type": "dict", "schema": {
        "signals": {"type": "list", "schema": {"type": "dict", "schema": {
            "signal": {**_TEXT, "required": True}, "owner": _TEXT}}},
        "review": {"type": "dict", "schema": {"every_days": {"type": "integer", "min": 1},
                                              "updates": _STRS}}}},
}

EVAL_REPORT: Schema = {
    "schema": {"type": "string", "required": True, "allowed": ["eval-report/v1"]},
    "model": _MODEL,
    "date": _DATE,
    "assessor": {"type": "dict", "schema": {
        "type": {"type": "string", "allowed": ["internal", "external"]}, "name": _STR,
        "engagement": _STR}},
    "dataset_note": _STR,
    "source": {"type": "dict", "schema": {"path": {**_TEXT, "required": True},
                                          "sha256": {**_TEXT, "required": True}}},
    "evaluated": {"type": "dict", "schema": {"files": _items({  # INT-9: as evaluated
        "path": {**_TEXT, "required": True}, "sha256": {**_TEXT, "required": True}})}},
    "results": _items({
        "id": {**_TEXT, "required": True}, "covers": _STRS,
        "threat_model": {"type": "string", "allowed": ["non-adversarial", "adversarial"]},
        "metric": _STR, "value": _NUMBER,
        "threshold": {"type": "dict", "schema": {"max": _NUMBER, "min": _NUMBER}},
        "samples": {"type": "integer", "min": 0},
        "interval": {"type": "list", "schema": _NUMBER, "minlength": 2, "maxlength": 2},
        "adaptive": {"type": "boolean"},
        "attack": {"type": "dict", "schema": {"name": _STR, "suite_version": _STR,
                                              "budget": _BUDGET, "protocol": _STR}},
        "aggregation": _STR,
        "breakdown": {"type": "list", "schema": {"type": "dict", "schema": {
            "attack": _TEXT, "value": _NUMBER}}},
        "evaluated": {"type": "dict", "schema": {
            "target": {"type": "string", "allowed": ["model", "stack"]}, "guardrails": _STR,
            "safeguards": _STRS}},
        "source_result": _STR, "capability": _STR, "protocol": _STR, "baseline": _STR,
        "triggers": _STRS, "dataset": {"type": ["string", "dict"]},
        "benign_cost": {"type": "dict", "valuesrules": _NUMBER},
        "false_positive_rate": _NUMBER, "note": _STR}),
}

SAFEGUARD_KINDS = ["alignment", "input-classifier", "output-moderation", "system-prompt-policy",
                   "watermark", "detector"]
SERVING: Schema = {
    "kind": {"type": "string", "required": True, "allowed": ["serving"]},
    "model": _MODEL,
    "safeguards": _items({"id": {**_TEXT, "required": True},
                          "kind": {"type": "string", "allowed": SAFEGUARD_KINDS}}),
    "channels": {"type": "dict", "schema": {
        name: {"type": "boolean"}
        for name in ("retrieval", "browsing", "file_upload", "memory", "tools", "agents",
                     "actions")}},
    "tools": {"type": ["boolean", "list"]},
    "rate_limits": {"type": "dict", "schema": {
        "per_principal": {"type": "dict", "valuesrules": _NUMBER},
        "global": {"type": "dict", "valuesrules": _NUMBER}}},
    "auth": {"type": "dict", "schema": {"required": {"type": "boolean"}}},
    "detector": {"type": "dict", "schema": {
        "public": {"type": "boolean"},
        "rate_limits": {"type": "dict", "schema": {
            "per_principal": {"type": "dict", "valuesrules": _NUMBER},
            "global": {"type": "dict", "valuesrules": _NUMBER}}}}},
    "logging": {"type": "dict", "schema": {"abuse_telemetry": {"type": "boolean"},
                                           "retention_days": {"type": "integer", "min": 0}}},
}

RISK_MANAGEMENT: Schema = {
    "release": {"type": "string", "allowed": ["open-weights", "gated-weights", "finetune-api",
                                              "api", "hosted-app", "internal"]},
    "risk_tier": {"type": "string", "allowed": ["minimal", "limited", "high-risk", "gpai",
                                                "gpai-systemic"]},
    "reasons": {"type": "dict", "valuesrules": _TEXT},
    "channels": {"type": "string", "allowed": ["none"]},
    "model_id": _TEXT, "revision": _TEXT,
    "generates": _STRS,
    "marking_exemption": {"type": "dict", "schema": {
        "reason": {**_TEXT, "required": True},
        "basis": {"type": "string", "required": True,
                  "allowed": ["assistive-editing", "no-substantial-alteration",
                              "authorised-by-law"]}}},
    "threat_model": _TEXT,
    "evaluations": {"type": ["string", "list"], "schema": _TEXT},
    "owners": _OWNERS,
    "content_provenance": {"type": "string", "allowed": ["none", "watermark", "metadata",
                                                         "detector"]},
}
# The card's front matter is Hugging Face metadata (license, tags, model-index, ...) plus
# the one block safesec defines: only that block's keys are closed.
MODEL_CARD: Schema = {"risk_management": {"type": "dict", "schema": RISK_MANAGEMENT}}
MODEL_CARD_OPEN = True  # other front-matter keys belong to Hugging Face

# kind (as the packs name it) -> the format's schema, for the checks of the schema test
BY_KIND: dict[str, Schema] = {"threat_model": THREAT_MODEL, "eval_report": EVAL_REPORT,
                              "config": SERVING}
