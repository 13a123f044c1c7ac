"""The native artifact formats (docs/formats.md): what safesec itself defines of them.

The built-in pack closes some mappings of these formats itself (an ``each`` with
``native:``, a ``schema`` check with ``allow_unknown: false``): for those the pack's closed
schema is the one definition of which keys exist and of what type, and
``checker.schemas.formats`` lays it over the skeleton here at run time.  So this module
holds only

- the mappings no rule closes (the threat model's top level, hazards, mitigations, the
  serving config, a model card's ``risk_management``, ...), in full; and
- at a mapping the pack closes, constraints the pack does not state that other rules
  check, for the editor (an item's ``id`` is required, list items are text, likelihood is
  on the severity rubric): never a key the pack lacks nor a rule the pack states, which
  ``tests/schemas/test_formats.py`` enforces.

Free notes are allowed where the formats use them (``note``, ``dataset_note``); keys
starting with ``x-`` are extensions a team pack may read, except in the mappings the pack
closes, whose checks refuse every key they do not list.
"""
from __future__ import annotations

from typing import Any

from checker.checks.severity import IMPACT, LIKELIHOOD
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
_ACCEPTANCE: Schema = {"type": "list", "schema": {"type": "dict", "schema": {
    "metric": {**_TEXT, "required": True}, "max": _NUMBER, "min": _NUMBER}}}
_ACTOR_LIST: Schema = {"type": "list", "schema": {"type": "dict", "schema": {
    "actor": {**_TEXT, "required": True}, "reason": _STR}}}
# refinements of a field the pack defines (no type: the pack's stands)
_NAMED: Schema = {"required": True, "empty": False}  # an item's id, which messages cite
_ITEMS_TEXT: Schema = {"schema": _STR}


def _rubric(scale: dict[str, int]) -> Schema:
    """Likelihood or impact on the severity check's rubric: its word or its number."""
    return {"anyof": [{"allowed": list(scale)}, {"type": "integer", "min": 1, "max": 5}]}


def _items(fields: Schema) -> Schema:
    return {"type": "list", "schema": {"type": "dict", "schema": fields}}


THREAT_MODEL: Schema = {
    "schema": {"type": "string", "required": True, "allowed": ["threat-model/v1"]},
    "system": {"type": "dict", "schema": {"name": _STR, "version": _STR}},
    "reviewed": {"type": "dict", "schema": {"date": _DATE, "by": _STRS}},
    "owners": _OWNERS,
    "objectives": {"type": "dict", "schema": {"safety": _STRS, "security": _STRS}},
    "assets": _items({  # the pack closes an asset: only what it does not say
        "id": _NAMED, "kind": _NAMED,
        "cia": {"schema": {"type": "string", "allowed": ["C", "I", "A"]}},
        "bypass_routes": _ITEMS_TEXT}),
    "hazards": _items({
        "id": {**_TEXT, "required": True}, "title": _STR,
        "scope": {"type": "string", "allowed": ["safe-usability", "safe-operation"]},
        "harm": _STR, "source": {"type": "string", "allowed": ["accident", "misuse"]},
        "likelihood": {"type": ["string", "integer"], **_rubric(LIKELIHOOD)},
        "impact": {"type": ["string", "integer"], **_rubric(IMPACT)}, "severity": _SEVERITY,
        "acceptance": _ACCEPTANCE, "note": _STR}),
    "threats": _items({  # the pack closes a threat: only what it does not say
        "id": _NAMED, "likelihood": _rubric(LIKELIHOOD), "impact": _rubric(IMPACT),
        "acceptance": {"schema": {"schema": {"metric": {"empty": False}}}},
        "targets": _ITEMS_TEXT, "leads_to": _ITEMS_TEXT, "atlas": _ITEMS_TEXT,
        "owasp_llm": _ITEMS_TEXT}),
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
    "results": _items({  # the pack closes a result: only what it does not say
        "id": _NAMED, "covers": _ITEMS_TEXT, "samples": {"min": 0},
        "breakdown": {"schema": {"type": "dict", "schema": {"attack": _TEXT,
                                                            "value": _NUMBER}}},
        "evaluated": {"schema": {"safeguards": _ITEMS_TEXT}}, "triggers": _ITEMS_TEXT}),
}

SAFEGUARD_KINDS = ["alignment", "input-classifier", "output-moderation", "system-prompt-policy",
                   "watermark", "detector"]
_RATE_LIMITS: Schema = {"type": "dict", "schema": {
    "per_principal": {"type": "dict", "valuesrules": _NUMBER},
    "global": {"type": "dict", "valuesrules": _NUMBER}}}
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
    "rate_limits": _RATE_LIMITS,
    "auth": {"type": "dict", "schema": {"required": {"type": "boolean"}}},
    "detector": {"type": "dict", "schema": {"public": {"type": "boolean"},
                                            "rate_limits": _RATE_LIMITS}},
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


class Format:
    """One native format: the kind the packs name it by, where its document sits in an
    artifact's data (a model card's front matter), and the skeleton above."""

    def __init__(self, kind: str, prefix: str, fields: Schema, *, open_root: bool = False):
        self.kind, self.prefix, self.fields, self.open_root = kind, prefix, fields, open_root


FORMATS: dict[str, Format] = {
    "threat_model": Format("threat_model", "", THREAT_MODEL),
    "eval_report": Format("eval_report", "", EVAL_REPORT),
    "config": Format("config", "", SERVING),
    "model_card": Format("model_card", "front_matter", MODEL_CARD, open_root=True),
}
