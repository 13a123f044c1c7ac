"""The quick schema test never disagrees with Cerberus: it says "valid" only for
documents Cerberus finds valid (otherwise Cerberus runs and finds the errors)."""
from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.checks.quickschema import quick_test
from checker.validation import compile_schema

TYPES = ["string", "list", "dict", "integer", "number", "boolean", "float", "isodate", "date"]
FIELDS = ["a", "b", "cia"]
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-2, 2), st.floats(-2, 2),
                    st.sampled_from(["", " ", "C", "I", "X", "TODO", "<owner>", "2026-01-02"]),
                    st.just(dt.date(2026, 1, 2)))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(FIELDS), inner, max_size=2)),
    max_leaves=6)
RULES = st.fixed_dictionaries({}, optional={
    "type": st.one_of(st.sampled_from(TYPES), st.lists(st.sampled_from(TYPES), min_size=1,
                                                        max_size=2)),
    "required": st.booleans(), "nullable": st.booleans(), "empty": st.booleans(),
    "allowed": st.lists(st.sampled_from(["C", "I", "A", 1, True]), max_size=3),
    "not_placeholder": st.booleans()})
SCHEMAS = st.dictionaries(st.sampled_from(FIELDS), RULES, min_size=1, max_size=3)
DOCUMENTS = st.dictionaries(st.sampled_from(FIELDS + ["other"]), VALUES, max_size=4)


@settings(max_examples=600, deadline=None)
@given(SCHEMAS, st.booleans(), DOCUMENTS)
def test_quick_valid_only_when_cerberus_finds_no_error(schema, allow_unknown, document):
    validator = compile_schema(schema, allow_unknown=allow_unknown)
    quick = quick_test(validator)
    assert quick is not None
    if quick(document):
        assert validator.validate(document, normalize=False), validator.errors


def test_a_typical_asset_is_valid_without_cerberus():
    validator = compile_schema({"cia": {"type": "list", "required": True, "empty": False,
                                        "allowed": ["C", "I", "A"]}})
    quick = quick_test(validator)
    assert quick({"id": "A1", "cia": ["C", "I"]})
    assert not quick({"id": "A1", "cia": []}) and not quick({"cia": ["X"]}) and not quick({})


def test_other_rules_or_nested_schemas_are_left_to_cerberus():
    assert quick_test(compile_schema({"a": {"type": "string", "regex": "x+"}})) is None
    assert quick_test(compile_schema({"a": {"type": "dict", "schema": {"b": {}}}})) is None
    assert quick_test(compile_schema({"a": {"type": "string"}}, allow_unknown={"type": "string"})) \
        is None


# ---- quick_closed: the "certainly valid" test of the pack's closed native schemas

def _native_schemas():
    import yaml as _yaml
    from pathlib import Path as _Path
    pack = _yaml.safe_load((_Path(__file__).resolve().parents[2] / "policies" /
                            "unified-safety-security.yaml").read_text(encoding="utf-8"))
    found = []

    def walk(node):
        if isinstance(node, dict):
            if "native" in node and isinstance(node["native"], dict):
                found.append(node["native"]["schema"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(pack["rules"])
    return found


def _items():
    import yaml as _yaml
    from pathlib import Path as _Path
    base = _Path(__file__).resolve().parents[2] / "fixtures" / "compliant" / "models" / "support-bot"
    tm = _yaml.safe_load((base / "security" / "threat-model.yaml").read_text(encoding="utf-8"))
    reports = [_yaml.safe_load((base / "evals" / n).read_text(encoding="utf-8"))
               for n in ("safety.yaml", "redteam.yaml")]
    items = tm["threats"] + tm["assets"] + [r for rep in reports for r in rep["results"]]
    mutants = []
    for item in items:
        mutants.append({**item, "thresold": 1})
        for key, value in item.items():
            for bad in (None, "", [], {}, "x", 3, 2.5, True, ["x"], {"a": "b"}):
                mutants.append({**item, key: bad})
            if isinstance(value, dict):
                for inner in value:
                    mutants.append({**item, key: {**value, inner: "?"}})
                    mutants.append({**item, key: {**value, inner + "x": 1}})
    return items, mutants


def test_quick_closed_never_passes_what_cerberus_refuses():
    from checker.checks.quickschema import quick_closed
    from checker.validation import compile_schema
    schemas = _native_schemas()
    assert len(schemas) == 3  # TM-2 threats, OBJ-2 assets, PF-3 results
    items, mutants = _items()
    taken = 0
    for schema in schemas:
        validator = compile_schema(schema, allow_unknown=False)
        quick = quick_closed(validator)
        assert quick is not None
        for item in items + mutants:
            if quick(item):
                assert validator.validate(item, normalize=False), (item, validator.errors)
                taken += 1
    # the compliant fixture's items take the fast path under their own schema
    assert taken >= len(items)
