"""Cerberus schemas as JSON Schema (draft 2020-12), for editors: ``safesec schema NAME``.

A mapping's keys are closed (``additionalProperties: false``) unless its Cerberus schema
allows unknown keys; in the native formats keys starting with ``x-`` stay open as
extensions.  YAML dates are
strings to an editor, so an ``isodate`` is a string that starts with YYYY-MM-DD.  A rule the
conversion does not know is an error here, never silently dropped.
"""
from __future__ import annotations

from typing import Any, Callable

from checker.checks import CHECKS
from checker.policy.schema import PACK, RULE
from checker.run.config import SCHEMA as CONFIG
from checker.schemas import native

Schema = dict[str, Any]
DRAFT = "https://json-schema.org/draft/2020-12/schema"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}"
EXTENSION: Schema = {"^x-": {}}
_TYPES = {"string": "string", "integer": "integer", "float": "number", "number": "number",
          "boolean": "boolean", "list": "array", "dict": "object", "isodate": "string"}
_IGNORED = {"default", "not_placeholder", "meta", "coerce", "nullable_if"}


def field(rules: Schema, *, open_maps: bool = False) -> Schema:
    """The JSON Schema of one Cerberus field's rules."""
    out: Schema = {}
    types = rules.get("type")
    names = [types] if isinstance(types, str) else list(types or [])
    unknown = set(rules) - {"type", "required", "empty", "allowed", "schema", "regex",
                            "min", "max", "minlength", "maxlength", "keysrules",
                            "valuesrules", "allow_unknown", "nullable", "anyof"} - _IGNORED
    if unknown:
        raise ValueError(f"no JSON Schema for the Cerberus rules {sorted(unknown)}")
    if names:
        json_types = sorted({_TYPES[n] for n in names}, key=[*_TYPES.values()].index)
        if rules.get("nullable"):
            json_types.append("null")
        out["type"] = json_types[0] if len(json_types) == 1 else json_types
    if "isodate" in names:
        out["pattern"] = DATE_PATTERN
    if "regex" in rules:
        out["pattern"] = rules["regex"]
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
    if "anyof" in rules:
        out["anyOf"] = [field(alternative, open_maps=open_maps) for alternative in rules["anyof"]]
    inner = rules.get("schema")
    if inner is not None and "list" in names:
        out["items"] = field(inner, open_maps=open_maps)
    elif inner is not None and "dict" in names:
        out.update(mapping(inner, open_keys=rules.get("allow_unknown", open_maps)))
    if "dict" in names and inner is None:
        if "keysrules" in rules:
            out["propertyNames"] = field(rules["keysrules"])
        if "valuesrules" in rules:
            out["additionalProperties"] = field(rules["valuesrules"], open_maps=open_maps)
    return out


def mapping(fields: Schema, *, open_keys: bool = False) -> Schema:
    """A Cerberus mapping schema (``{key: rules}``) as an object schema."""
    properties = {key: field(rules) for key, rules in fields.items()}
    out: Schema = {"type": "object", "properties": properties}
    required = [key for key, rules in fields.items() if rules.get("required")]
    if required:
        out["required"] = required
    if not open_keys:
        out["additionalProperties"] = False
    return out


def with_extensions(node: Any) -> Any:
    """``node`` with ``x-`` keys allowed in every closed mapping (the native formats: the
    loaders of the config and the packs refuse unknown keys, extensions included)."""
    if isinstance(node, list):
        return [with_extensions(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: with_extensions(value) for key, value in node.items()}
    if out.get("additionalProperties") is False:
        out["patternProperties"] = EXTENSION
    return out


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


def _model_card() -> Schema:
    body = mapping(native.MODEL_CARD, open_keys=native.MODEL_CARD_OPEN)
    body["description"] = ("The YAML front matter of a model card: Hugging Face metadata "
                           "plus the risk_management block (whose keys are closed).")
    return body


SCHEMAS: dict[str, tuple[str, Callable[[], Schema]]] = {
    "threat-model": ("safesec threat model (threat-model/v1)",
                     lambda: with_extensions(mapping(native.THREAT_MODEL))),
    "eval-report": ("safesec evaluation report (eval-report/v1)",
                    lambda: with_extensions(mapping(native.EVAL_REPORT))),
    "serving": ("safesec serving config (kind: serving)",
                lambda: with_extensions(mapping(native.SERVING))),
    "model-card": ("safesec model card front matter", lambda: with_extensions(_model_card())),
    "config": ("safesec project config (.safesec.yaml, or [tool.safesec] in pyproject.toml)",
               lambda: mapping(CONFIG)),
    "policy-pack": ("safesec policy pack", _pack),
}


def schema(name: str) -> Schema:
    """The JSON Schema called ``name`` (one of ``SCHEMAS``)."""
    title, build = SCHEMAS[name]
    return document(name, title, build())
