"""One definition of the native formats: the built-in pack's closed schemas decide which keys
the editor schemas (``safesec schema``) and ``policy validate`` know, and ``native.py`` only
adds what the pack does not say."""
from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from checker.policy.loader import builtin_dir, load_packs
from checker.schemas import formats, native
from checker.schemas.formats import Closed, closed_schemas, derive, restated
from checker.schemas.jsonschema import NATIVE_KINDS, field, schema

REPO = Path(__file__).resolve().parents[2]
EDITOR_NAME = {kind: name for name, kind in NATIVE_KINDS.items()}


@pytest.fixture(scope="module")
def rules():
    return formats.builtin_rules()


def with_check(rules, rule_id, change):
    """The rules with ``change(check)`` applied to a copy of rule ``rule_id``'s check."""
    out = copy.deepcopy(rules)
    change(next(rule for rule in out if rule["id"] == rule_id)["check"])
    return out


def a_rule(rule_id, kind, check):
    return {"id": rule_id, "applies_to": kind, "check": check}


def test_the_rules_read_are_those_the_loader_validates(rules):
    """The editor schemas read the pack without compiling it; they see the same rules."""
    loaded = {rule.id: dict(rule.check) for rule in load_packs([builtin_dir()])[0]}
    assert {rule["id"]: rule["check"] for rule in rules} == loaded


def native_check(check: dict[str, Any]) -> dict[str, Any]:
    """The ``each`` with ``native:`` in a check (itself or one of its ``checks``)."""
    if check.get("native"):
        return check
    return next(native_check(c) for c in check.get("checks") or () if "native" in str(c))


def json_at(document: dict[str, Any], path: str, prefix: str) -> dict[str, Any]:
    """The object schema at a pack path (``a.b[]``) in a JSON Schema."""
    node = document
    path = path[len(prefix) + 1:] if prefix else path
    for part in path.split(".") if path not in ("", "[]") else ():
        node = node["properties"][part.split("[")[0]]
        if "[" in part:
            node = node["items"]
    return node


def assert_same_keys(pack_fields: dict[str, Any], node: dict[str, Any], where: str) -> None:
    """The editor's object ``node`` has exactly the pack's keys, closed as the checks are
    (no ``x-`` extension either), at every depth the pack closes."""
    assert set(node["properties"]) == set(pack_fields), where
    assert node["additionalProperties"] is False and "patternProperties" not in node, where
    for key, rules in pack_fields.items():
        inner, sub = rules.get("schema"), node["properties"][key]
        types = {rules["type"]} if isinstance(rules.get("type"), str) else set(rules.get("type") or ())
        if isinstance(inner, dict) and "list" in types:
            inner, sub = inner.get("schema"), sub["items"]
            types = {"dict"} if isinstance(inner, dict) else set()
        if isinstance(inner, dict) and "dict" in types:
            assert_same_keys(inner, sub, f"{where}.{key}")
        if "allowed" in rules:
            assert sub["enum"] == rules["allowed"], f"{where}.{key}"


def test_the_builtin_pack_closes_native_mappings_and_each_has_its_place(rules):
    found = [c for c in closed_schemas(rules) if c.kind in native.FORMATS]
    assert {(c.kind, c.path) for c in found} >= {("threat_model", "assets[]"),
                                                  ("threat_model", "threats[]"),
                                                  ("eval_report", "results[]")}
    assert derive(rules)[1] == []  # a closed schema the editor schemas could not place


def test_the_editor_schemas_have_exactly_the_keys_the_pack_closes(rules):
    """A field in a closed schema of the pack and not in the editor schema (or the other
    way round) is the drift this guards against: every key either side, at every depth."""
    for closed in closed_schemas(rules):
        if closed.kind not in EDITOR_NAME:
            continue
        document = schema(EDITOR_NAME[closed.kind])
        node = json_at(document, closed.path, native.FORMATS[closed.kind].prefix)
        assert_same_keys(closed.fields, node, f"{closed.rule} {closed.path}")


def test_native_py_restates_nothing_the_pack_defines(rules):
    assert restated(rules) == []


def test_a_restated_or_stale_field_in_native_py_is_named(rules, monkeypatch):
    """native.py before this check existed: assets typed in full and without ``title``."""
    old = copy.deepcopy(native.THREAT_MODEL)
    old["assets"]["schema"]["schema"] = {
        "id": {"type": "string", "empty": False, "required": True},
        "public": {"type": "boolean"}, "notes": {"type": "string"}}
    monkeypatch.setitem(native.FORMATS, "threat_model",
                        native.Format("threat_model", "", old))
    found = restated(rules)
    assert "threat_model assets[].id: native.py states 'type', which the closed schema of " \
        "rule OBJ-2 states too: remove it from native.py" in found
    assert any("'notes', which the closed schema of rule OBJ-2 does not list" in f
               for f in found)
    editor = field(derive(rules)[0]["threat_model"], extensions=True)
    assets = editor["properties"]["assets"]["items"]
    assert "notes" not in assets["properties"] and "title" in assets["properties"]
    assert assets["required"] == ["id"]  # what native.py adds and the pack does not say


def test_a_field_added_to_the_pack_reaches_the_editor_schema_and_the_lint(rules):
    def add(check):
        native_check(check)["native"]["schema"]["hashes"] = {
            "type": "dict", "schema": {"sha256": {"type": "string"}}}
        native_check(check)["native"]["schema"].pop("baseline")

    changed = with_check(rules, "PF-3", add)
    results = field(derive(changed)[0]["eval_report"], extensions=True)["properties"]["results"]
    item = results["items"]
    assert item["properties"]["hashes"]["properties"] == {"sha256": {"type": "string"}}
    assert item["properties"]["hashes"]["additionalProperties"] is False
    assert "baseline" not in item["properties"]
    assert item["required"] == ["id"]


def test_a_closed_mapping_at_a_new_path_gets_its_containers(rules):
    """A model card's ``front_matter.risk_management.review`` closed by a ``schema`` check
    lands inside the front matter; a filtered path has no place and is reported."""
    extra = a_rule("X-1", "model_card", {
        "type": "all", "checks": [
            {"type": "schema", "allow_unknown": False,
             "path": "front_matter.risk_management.review",
             "schema": {"every_days": {"type": "integer"}}},
            {"type": "each", "path": "results[?adaptive]", "schema": {},
             "native": {"when": {}, "schema": {"id": {"type": "string"}}}}]})
    roots, unplaced = derive([*rules, extra])
    card = field(roots["model_card"], extensions=True)
    review = card["properties"]["risk_management"]["properties"]["review"]
    assert review["properties"] == {"every_days": {"type": "integer"}}
    assert "patternProperties" not in review  # closed by a check: x- keys are refused
    assert "additionalProperties" not in card  # the Hugging Face keys stay free
    assert [(c.rule, c.path) for c in unplaced] == [("X-1", "results[?adaptive][]")]


def test_two_closed_schemas_of_one_mapping_leave_the_keys_both_allow(rules):
    stricter = a_rule("X-2", ["threat_model"], {
        "type": "each", "path": "assets",
        "native": {"when": {}, "schema": {"id": {"type": "string"}, "kind": {"type": "string"},
                                          "extra": {"type": "string"}}}})
    assets = derive([*rules, stricter])[0]["threat_model"]["schema"]["assets"]["schema"]
    assert set(assets["schema"]) == {"id", "kind"}
    assert assets["meta"]["closed_by"] == ["OBJ-2", "X-2"]


def test_extension_keys_follow_the_checks():
    """An ``x-`` key in an asset is a finding of OBJ-2, so the editor refuses it there; the
    threat model's top level and the mappings no check closes allow it."""
    validator = jsonschema.Draft202012Validator(schema("threat-model"))
    document = {"schema": "threat-model/v1", "x-team": 1,
                "assets": [{"id": "w", "kind": "model", "x-team": 1}]}
    assert [list(e.absolute_path) for e in validator.iter_errors(document)] == [["assets", 0]]
    report = jsonschema.Draft202012Validator(schema("eval-report"))
    breakdown = {"schema": "eval-report/v1",
                 "results": [{"id": "r", "breakdown": [{"attack": "a", "x-run": 3}]}]}
    assert list(report.iter_errors(breakdown)) == []


def test_likelihood_takes_the_word_or_the_number_the_severity_check_reads():
    validator = jsonschema.Draft202012Validator(schema("threat-model"))
    for value, ok in (("likely", True), (4, True), (6, False), ("probable", False)):
        document = {"schema": "threat-model/v1",
                    "threats": [{"id": "T", "likelihood": value}],
                    "hazards": [{"id": "H", "likelihood": value}]}
        assert (list(validator.iter_errors(document)) == []) is ok, value


def test_a_project_pack_does_not_change_the_editor_schemas(tmp_path):
    """Only the built-in pack is read: the schemas are the same in every repository."""
    project = tmp_path / "project"
    (project / "policies").mkdir(parents=True)
    (project / "policies" / "team.yaml").write_text("""pack: team
version: 0.1.0
rules:
  - id: TEAM-1
    name: assets-closed
    title: Assets have ids only
    dimension: threat-models
    discipline: security
    severity: low
    applies_to: threat_model
    check:
      type: each
      path: assets
      native: {when: {path: schema, equals: threat-model/v1}, schema: {id: {type: string}}}
""", encoding="utf-8")
    (project / ".safesec.yaml").write_text("packs: [policies/team.yaml]\n",
                                           encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()

    def printed(cwd: Path, *args: str) -> str:
        return subprocess.run([sys.executable, "-m", "checker", *args], cwd=cwd,
                              capture_output=True, text=True, check=True).stdout

    assert "TEAM-1" in printed(project, "rules")  # the project's pack is in use there
    inside = printed(project, "schema", "threat-model")
    assert inside == printed(empty, "schema", "threat-model")
    assert "bypass_routes" in json.loads(inside)["properties"]["assets"]["items"]["properties"]


def test_importing_the_schema_modules_reads_no_pack():
    code = ("import checker.cli.schema, checker.schemas.lint; from checker.schemas import formats; "
            "print(formats.builtin.cache_info().currsize)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=REPO)
    assert out.stdout.strip() == "0"


def test_closed_schemas_are_found_inside_all_and_any(rules):
    pf3 = next(r for r in rules if r["id"] == "PF-3")
    assert pf3["check"]["type"] == "all"
    assert [c.path for c in closed_schemas([pf3])] == ["results[]"]
    assert isinstance(closed_schemas([pf3])[0], Closed)
    assert formats.fields("eval_report")["results"]["schema"]["meta"]["closed_by"] == ["PF-3"]


def test_an_unreadable_builtin_pack_is_one_line_naming_file_and_line(cli, tmp_path, monkeypatch):
    (tmp_path / "unified-safety-security.yaml").write_text("pack: x\nrules: [\n",
                                                           encoding="utf-8")
    monkeypatch.setattr(formats, "builtin_dir", lambda: tmp_path)
    formats.builtin.cache_clear()
    try:
        result = cli("schema", "eval-report")
    finally:
        formats.builtin.cache_clear()
    assert result.exit_code == 2
    assert result.stderr.startswith(f"safesec: error: {tmp_path / 'unified-safety-security.yaml'}:")
    assert len(result.stderr.splitlines()) == 1
