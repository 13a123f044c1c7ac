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
