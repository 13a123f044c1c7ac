"""The meta-schema every policy pack is validated against (Cerberus)."""
from __future__ import annotations

from checker.ids import EU_SCOPES
from checker.model import DIMENSIONS, DISCIPLINES, SEVERITIES

_STR = {"type": "string", "empty": False}
RULE_ID = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$"
KEBAB = r"^[a-z0-9]+(-[a-z0-9]+)*$"

# One crosswalk reference: an ID, or ``{id, scope}`` (an EU AI Act article names whom it
# binds: high-risk systems, general-purpose models, or those with systemic risk).
REFERENCE = {"anyof": [
    {"type": "string", "empty": False},
    {"type": "dict", "schema": {
        "id": {**_STR, "required": True},
        "scope": {"type": "string", "allowed": list(EU_SCOPES)},
        "title": {"type": "string"}, "url": {"type": "string"}}},
]}
RULE = {
    "id": {**_STR, "required": True, "regex": RULE_ID},
    "name": {**_STR, "required": True, "regex": KEBAB},
    "title": {**_STR, "required": True},
    "dimension": {"type": "string", "required": True, "allowed": list(DIMENSIONS)},
    "discipline": {"type": "string", "required": True, "allowed": list(DISCIPLINES)},
    "severity": {"type": "string", "required": True, "allowed": list(SEVERITIES)},
    "applies_to": {"type": ["string", "list"], "required": True},
    "scope": {"type": "string", "allowed": ["artifact", "system"]},
    "missing": {"type": "string", "allowed": ["fail", "not-applicable"]},
    "when": {"type": "dict"},
    "check": {"type": "dict", "required": True, "schema": {"type": {**_STR, "required": True}},
              "allow_unknown": True},
    "rationale": {"type": "string"},
    "remediation": {"type": "string"},
    "locked": {"type": "boolean"},
    "references": {"type": "dict", "valuesrules": {"type": "list", "schema": REFERENCE}},
    "examples": {"type": "dict", "schema": {"pass": {"type": "string"},
                                            "fail": {"type": "string"}}},
}
PACK = {
    "pack": {**_STR, "required": True, "regex": r"^[a-z0-9][a-z0-9._-]*$"},
    "version": {**_STR, "required": True},
    "title": {"type": "string"},
    "description": {"type": "string"},
    "references": {"type": "list", "schema": {"type": "dict", "schema": {
        "title": _STR, "url": _STR}}},
    "settings": {"type": "dict"},
    "locked": {"type": "boolean"},
    "rules": {"type": "list", "required": True, "schema": {"type": "dict", "schema": RULE}},
}
