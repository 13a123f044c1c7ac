"""Cerberus schemas as JSON Schema (draft 2020-12), for editors: ``safesec schema NAME``.

A mapping's keys are closed (``additionalProperties: false``) unless its Cerberus schema
allows unknown keys; in the native formats keys starting with ``x-`` stay open as
extensions, except in the mappings the built-in pack's checks close (``formats``), which
refuse them.  YAML dates are strings to an editor, so an ``isodate`` is a string that
starts with YYYY-MM-DD.  A Cerberus ``regex`` must match the whole value, so its pattern is
anchored; one written in Python syntax that editors' ECMA-262 regexes lack (inline flags
such as ``(?i)``, named groups) is left to the checks.  ``meta: {description: ...}``
becomes the field's description.  A rule the conversion does not know is an error here,
never silently dropped.
"""
from __future__ import annotations

import re
from typing import Any, Callable

from checker.checks import CHECKS
from checker.policy.schema import PACK, RULE
from checker.run.config import SCHEMA as CONFIG
from checker.schemas import formats
from checker.schemas.formats import CLOSED_BY

Schema = dict[str, Any]
DRAFT = "https://json-schema.org/draft/2020-12/schema"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}"
EXTENSION: Schema = {"^x-": {}}
# Python regex syntax ECMA-262 lacks: inline flags, named groups, \A and \Z
_PYTHON_ONLY = re.compile(r"\(\?[aiLmsux]+[:)]|\(\?P|(?<!\\)(?:\\\\)*\\[AZ]")
_TYPES = {"string": "string", "integer": "integer", "float": "number", "number": "number",
          "boolean": "boolean", "list": "array", "dict": "object", "isodate": "string"}
_IGNORED = {"default", "not_placeholder", "meta", "coerce", "nullable_if"}


def field(rules: Schema, *, open_maps: bool = False, extensions: bool = False) -> Schema:
    """The JSON Schema of one Cerberus field's rules (``extensions``: its closed mappings
    allow ``x-`` keys unless the pack closes them)."""
    out: Schema = {}
    types = rules.get("type")
    names = [types] if isinstance(types, str) else list(types or [])
    unknown = set(rules) - {"type", "required", "empty", "allowed", "schema", "regex",
                            "min", "max", "minlength", "maxlength", "keysrules",
                            "valuesrules", "allow_unknown", "nullable", "anyof", "allof",
                            "oneof", "noneof", "contains", "forbidden"} - _IGNORED
    if unknown:
        raise ValueError(f"no JSON Schema for the Cerberus rules {sorted(unknown)}")
    if names:
        json_types = sorted({_TYPES[n] for n in names}, key=[*_TYPES.values()].index)
        if rules.get("nullable"):
            json_types.append("null")
        out["type"] = json_types[0] if len(json_types) == 1 else json_types
    if "isodate" in names:
        out["pattern"] = DATE_PATTERN
    pattern = ecma_pattern(rules["regex"]) if "regex" in rules else None
    if pattern is not None:
        out["pattern"] = pattern
    meta = rules.get("meta")
    if isinstance(meta, dict) and isinstance(meta.get("description"), str):
        out["description"] = meta["description"]
    if "allowed" in rules:
        if "list" in names:
            out["items"] = {"enum": list(rules["allowed"])}
        else:
            out["enum"] = list(rules["allowed"])
    if rules.get("empty") is False:
        if {"string", "isodate"} & set(names):
            out["minLength"] = 1
        if "list" in names:
            out["minItems"] = 1
        if "dict" in names:
            out["minProperties"] = 1
    for cerberus, keyword in (("min", "minimum"), ("max", "maximum"),
                              ("minlength", "minItems"), ("maxlength", "maxItems")):
        if cerberus in rules:
            out[keyword] = rules[cerberus]
    for cerberus, keyword in (("anyof", "anyOf"), ("allof", "allOf"), ("oneof", "oneOf")):
        if cerberus in rules:
            out[keyword] = [field(alternative, open_maps=open_maps, extensions=extensions)
                            for alternative in rules[cerberus]]
    if "noneof" in rules:
        out["not"] = {"anyOf": [field(alternative, open_maps=open_maps, extensions=extensions)
                                for alternative in rules["noneof"]]}
    if "forbidden" in rules:
        forbidden = {"not": {"enum": list(rules["forbidden"])}}
        if "not" in out:
            out["allOf"] = [*out.get("allOf", []), forbidden]
        else:
            out.update(forbidden)
    if "contains" in rules:
        wanted = rules["contains"] if isinstance(rules["contains"], list) else [rules["contains"]]
        out["allOf"] = [*out.get("allOf", []), *({"contains": {"const": w}} for w in wanted)]
    inner = rules.get("schema")
    if inner is not None and "list" in names:
        out["items"] = field(inner, open_maps=open_maps, extensions=extensions)
    elif inner is not None and "dict" in names:
        out.update(mapping(inner, open_keys=rules.get("allow_unknown", open_maps),
                           extensions=extensions, pack_closed=_closed_by_pack(rules)))
    if "dict" in names and inner is None:
        if "keysrules" in rules:
            out["propertyNames"] = field(rules["keysrules"])
        if "valuesrules" in rules:
            out["additionalProperties"] = field(rules["valuesrules"], open_maps=open_maps,
                                                extensions=extensions)
    return out


def mapping(fields: Schema, *, open_keys: bool = False, extensions: bool = False,
            pack_closed: bool = False) -> Schema:
    """A Cerberus mapping schema (``{key: rules}``) as an object schema; ``extensions``
    allows ``x-`` keys in it and in the closed mappings it holds, save those the pack's
    checks close (``pack_closed``: they refuse every key they do not list)."""
    properties = {key: field(rules, extensions=extensions) for key, rules in fields.items()}
    out: Schema = {"type": "object", "properties": properties}
    required = [key for key, rules in fields.items() if rules.get("required")]
    if required:
        out["required"] = required
    if not open_keys:
        out["additionalProperties"] = False
        if extensions and not pack_closed:
            out["patternProperties"] = EXTENSION
    return out


def ecma_pattern(regex: str) -> str | None:
    """A Cerberus regex (a full match, Python syntax) as a JSON Schema pattern (a search,
    ECMA-262), or None when it uses Python syntax ECMA-262 has none for (inline flags)."""
    if _PYTHON_ONLY.search(regex):
        return None
    anchored = regex.startswith("^") and regex.endswith("$") and not regex.endswith("\\$")
    return regex if anchored and "|" not in regex else f"^(?:{regex})$"


def _closed_by_pack(rules: Schema) -> bool:
    meta = rules.get("meta")
    return isinstance(meta, dict) and bool(meta.get(CLOSED_BY))


def document(name: str, title: str, body: Schema) -> Schema:
    return {"$schema": DRAFT, "title": title, **body}


def _check_options() -> Schema:
    """A rule's ``check``: its ``type``, then the options of that check type."""
    branches = []
    for check_id, module in sorted(CHECKS.items()):
        options = mapping({"type": {"type": "string"}, **module.SCHEMA})
        branches.append({"if": {"properties": {"type": {"const": check_id}},
                                "required": ["type"]}, "then": options})
    return {"type": "object", "required": ["type"],
            "properties": {"type": {"enum": sorted(CHECKS)}}, "allOf": branches}


def _pack() -> Schema:
    body = mapping(PACK)
    rule = mapping(RULE)
    rule["properties"]["check"] = _check_options()
    body["properties"]["rules"] = {"type": "array", "items": rule}
    return body


def native(kind: str) -> Schema:
    """The editor schema of a native format (``formats``: the built-in pack's closed
    schemas over ``native.py``)."""
    return field(formats.builtin()[kind], extensions=True)


def _model_card() -> Schema:
    body = native("model_card")
    body["description"] = ("The YAML front matter of a model card: Hugging Face metadata "
                           "plus the risk_management block (whose keys are closed).")
    return body


# the native formats' schema names -> the kinds the packs name them by
NATIVE_KINDS = {"threat-model": "threat_model", "eval-report": "eval_report",
                "serving": "config", "model-card": "model_card"}
SCHEMAS: dict[str, tuple[str, Callable[[], Schema]]] = {
    "threat-model": ("safesec threat model (threat-model/v1)", lambda: native("threat_model")),
    "eval-report": ("safesec evaluation report (eval-report/v1)",
                    lambda: native("eval_report")),
    "serving": ("safesec serving config (kind: serving)", lambda: native("config")),
    "model-card": ("safesec model card front matter", _model_card),
    "config": ("safesec project config (.safesec.yaml, or [tool.safesec] in pyproject.toml)",
               lambda: mapping(CONFIG)),
    "policy-pack": ("safesec policy pack", _pack),
}


def schema(name: str) -> Schema:
    """The JSON Schema called ``name`` (one of ``SCHEMAS``)."""
    title, build = SCHEMAS[name]
    return document(name, title, build())
