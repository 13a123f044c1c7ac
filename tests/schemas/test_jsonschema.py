"""The JSON Schemas for editors (issue 18 item 7): generated from the Cerberus definitions,
they accept the example repositories' real files and reject a mistyped key."""
from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from checker.schemas import formats
from checker.schemas.jsonschema import SCHEMAS, ecma_pattern, field, mapping, schema

REPO = Path(__file__).resolve().parents[2]
SYSTEM = REPO / "fixtures" / "compliant" / "models" / "support-bot"
BUILTIN_PACK = REPO / "policies" / "unified-safety-security.yaml"


def as_editor_sees(value: Any) -> Any:
    """YAML dates are strings to an editor's YAML-to-JSON view."""
    if isinstance(value, dict):
        return {str(k): as_editor_sees(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_editor_sees(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def load(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = text.split("---\n")[1]
    return as_editor_sees(yaml.safe_load(text))


def errors(name: str, document: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema(name))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(document)]


TWO = REPO / "fixtures" / "two-systems" / "models"
REAL_FILES = {
    "threat-model": [SYSTEM / "security" / "threat-model.yaml",
                     *sorted(TWO.glob("*/security/threat-model.yaml"))],
    "eval-report": [SYSTEM / "evals" / "safety.yaml", SYSTEM / "evals" / "redteam.yaml",
                    *sorted(TWO.glob("*/evals/*.yaml"))],
    "serving": [SYSTEM / "serving" / "config.yaml", *sorted(TWO.glob("*/serving/config.yaml"))],
    "model-card": [SYSTEM / "MODEL_CARD.md", *sorted(TWO.glob("*/MODEL_CARD.md"))],
    "config": [REPO / "fixtures" / "compliant" / ".safesec.yaml",
               REPO / "fixtures" / "two-systems" / ".safesec.yaml", REPO / ".safesec.yaml"],
    "policy-pack": [BUILTIN_PACK, *sorted((REPO / "policies" / "tests").glob("*/pack.yaml"))],
}


def test_every_schema_is_a_valid_draft_2020_12_schema():
    for name in SCHEMAS:
        document = schema(name)
        assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(document)


@pytest.mark.parametrize("name", sorted(REAL_FILES))
def test_the_compliant_files_validate(name):
    files = [f for f in REAL_FILES[name] if f.is_file()]
    assert files
    for path in files:
        assert errors(name, load(path)) == [], path


TYPOS = [
    ("threat-model", SYSTEM / "security" / "threat-model.yaml",
     lambda d: d["assets"][0].update(cai=d["assets"][0].pop("cia")), "assets/0"),
    ("threat-model", SYSTEM / "security" / "threat-model.yaml",
     lambda d: d["threats"][0].update(severity="hgih"), "threats/0/severity"),
    ("eval-report", SYSTEM / "evals" / "safety.yaml",
     lambda d: d["results"][0].update(thresold=d["results"][0].pop("threshold")), "results/0"),
    ("serving", SYSTEM / "serving" / "config.yaml",
     lambda d: d["logging"].update(abuse_telemetri=True), "logging"),
    ("model-card", SYSTEM / "MODEL_CARD.md",
     lambda d: d["risk_management"].update(relase="api"), "risk_management"),
    ("config", REPO / "fixtures" / "compliant" / ".safesec.yaml",
     lambda d: d.update({"fail-on": "high"}), ""),
    ("policy-pack", BUILTIN_PACK, lambda d: d["rules"][0].update(severty="low"), "rules/0"),
    ("policy-pack", BUILTIN_PACK, lambda d: d["rules"][1]["check"].update(pth="x"),
     "rules/1/check"),
]


@pytest.mark.parametrize("name, path, mistake, where", TYPOS,
                         ids=[f"{t[0]}-{t[3] or 'top'}" for t in TYPOS])
def test_a_mistyped_key_or_value_is_rejected_where_it_is(name, path, mistake, where):
    document = copy.deepcopy(load(path))
    mistake(document)
    found = errors(name, document)
    assert found and any(e.split(":")[0] == where for e in found), found


def test_extension_keys_are_allowed_in_the_native_formats_only():
    card = load(SYSTEM / "serving" / "config.yaml")
    card["x-team-budget"] = 3
    assert errors("serving", card) == []
    config = load(REPO / "fixtures" / "compliant" / ".safesec.yaml")
    config["x-team"] = 1  # the config loader refuses it, so the editor does too
    assert errors("config", config)


def test_hugging_face_front_matter_stays_open_but_risk_management_is_closed():
    card = load(SYSTEM / "MODEL_CARD.md")
    card["widget"] = [{"text": "hello"}]
    assert errors("model-card", card) == []


def test_the_conversion_keeps_types_enums_and_required_keys():
    assert field({"type": "list", "allowed": ["C", "I"], "empty": False}) == \
        {"type": "array", "items": {"enum": ["C", "I"]}, "minItems": 1}
    assert field({"type": "isodate"})["pattern"].startswith("^\\d{4}")
    converted = mapping({"a": {"type": "integer", "required": True, "min": 1}})
    assert converted["required"] == ["a"] and converted["additionalProperties"] is False
    with pytest.raises(ValueError, match="no JSON Schema for the Cerberus rules"):
        field({"type": "string", "check_with": "x"})


def test_the_conversion_keeps_what_a_pack_author_may_write_in_a_closed_schema():
    assert field({"type": "list", "contains": "threat-model"}) == \
        {"type": "array", "allOf": [{"contains": {"const": "threat-model"}}]}
    assert field({"type": "string", "forbidden": ["none"]})["not"] == {"enum": ["none"]}
    both = field({"type": "string", "forbidden": ["none"], "noneof": [{"allowed": ["n/a"]}]})
    assert both["not"] == {"anyOf": [{"enum": ["n/a"]}]}
    assert both["allOf"] == [{"not": {"enum": ["none"]}}]
    assert field({"type": "string", "meta": {"description": "who signs off"}}) == \
        {"type": "string", "description": "who signs off"}


@pytest.mark.parametrize("regex, value, matches", [
    ("[a-z]+", "abc", True), ("[a-z]+", "abc!", False), ("[a-z]+", "!abc", False),
    ("^[A-Z]+-[0-9]+$", "TM-1", True), ("a|b", "ab", False), ("^a|b$", "ax", False),
    (r"x\$", "x$", True), (r"\\A", "\\A", True)])
def test_a_regex_matches_the_whole_value_as_cerberus_does(regex, value, matches):
    pattern = ecma_pattern(regex)
    assert pattern is not None
    assert bool(re.search(pattern, value)) is matches is bool(re.fullmatch(regex, value))


def test_a_regex_with_python_inline_flags_is_left_to_the_checks():
    """ECMA-262, which editors run, has no ``(?i)``: such a pattern would break the schema."""
    assert ecma_pattern(r"(?is).*\d+\s*[a-z].*") is None
    assert ecma_pattern(r"(?P<n>a)(?P=n)") is None and ecma_pattern(r"\Aa\Z") is None
    actor = schema("threat-model")["properties"]["threats"]["items"]["properties"]["actor"]
    assert "pattern" not in actor["properties"]["budget"]


def _keys(fields: dict[str, Any], out: set[str]) -> set[str]:
    for key, rules in fields.items():
        out.add(key)
        inner = rules.get("schema")
        if isinstance(inner, dict) and inner.get("type") == "dict":
            inner = inner.get("schema")
        if isinstance(inner, dict) and all(isinstance(v, dict) for v in inner.values()):
            _keys(inner, out)
    return out


def test_every_field_the_builtin_pack_reads_is_defined():
    """The schemas and the checks describe the same formats: a field a rule reads that the
    schema does not define would be flagged in a file that passes."""
    rules = yaml.safe_load(BUILTIN_PACK.read_text(encoding="utf-8"))["rules"]
    paths: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("path", "id_field") and isinstance(value, str):
                    paths.append(value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(rules)
    defined: set[str] = set()
    for kind in ("threat_model", "eval_report", "config", "model_card"):
        _keys(formats.fields(kind), defined)
    loader_words = {"front_matter", "text"}  # how the Markdown loader wraps a card
    jmespath_words = {"length", "null", "contains"}
    read = set()
    for path in paths:
        bare = re.sub(r"'[^']*'|`[^`]*`|\"[^\"]*\"", "", path)
        read |= set(re.findall(r"(?<![\w@.-])([A-Za-z_]\w*)", bare))
    assert len(paths) > 30
    assert read - defined - loader_words - jmespath_words == set()
