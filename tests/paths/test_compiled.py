"""Compiled JMESPath (checker/paths/compiled.py) answers exactly as live jmespath does."""
from __future__ import annotations

import jmespath
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker import paths
from checker.paths import (CompiledPath, FieldPath, compile_path, flatten, leading_keys,
                           plain_keys, run)

EXPRESSIONS = [
    "addresses[]", "assets[?kind=='safeguard'].id", "[atlas, owasp_llm][][]",
    "assets[?kind=='model' || kind=='pipeline'].id", "mitigations[].evidence[]",
    "results[?false_positive_rate != null || metric == 'false_positive_rate'].covers[]",
    "front_matter.owners.safety || owners.safety", "results[?kind=='a'] | length(@)",
    "threats[].[owasp_llm, atlas][][]", "[threats[].id, hazards[].id][]", "a[0]", "a[-1].b",
    "!a", "a && b", "a[?x > `1`].y", "a[?x < 'b']", "length(a)", "a[*].b", "a[?!b]",
    "a[?x == `0`]", "a[?x == `false`]", "max(a)", "a[?x != 'b'].y", "a[?x == null].y", "a[?x == y].id", "a[?x != y]",
    "a[?contains(x || `[]`, 'a')].id", "contains(a, 'b')", "a[?contains(['a', 'b'], x || '')]",
    "a[?contains(x, y)]", "length(a) == `2`", "a[?starts_with(x, 'a')]", "abs(a)",
]
KEYS = ["a", "b", "x", "y", "id", "kind", "covers", "atlas", "owasp_llm", "threats",
        "results", "assets", "addresses", "owners", "safety", "front_matter"]
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-2, 2), st.floats(-2, 2),
                    st.sampled_from(["", "a", "b", "safeguard", "model", "x"]))
DATA = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=5)),
    max_leaves=25)


def _answer(search, data):
    try:
        return "ok", search(data)
    except Exception as exc:  # the error type must match too
        return "error", type(exc)


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_compiled_not_left_to_jmespath(expression):
    assert isinstance(compile_path(expression), CompiledPath)


@pytest.mark.parametrize("expression", ["sort_by(a, &b)", "{x: a}", "a.*", "a[1:2]"])
def test_other_forms_keep_jmespath(expression):
    compiled = compile_path(expression)
    assert not isinstance(compiled, CompiledPath)
    assert run(compiled, {"a": [{"b": 2}, {"b": 1}]}) == \
        jmespath.search(expression, {"a": [{"b": 2}, {"b": 1}]})


@settings(max_examples=150, deadline=None)
@given(data=DATA)
def test_compiled_paths_match_jmespath(data):
    for expression in EXPRESSIONS:
        want = _answer(jmespath.compile(expression).search, data)
        got = _answer(compile_path(expression).search, data)
        assert got == want, expression
        assert repr(got) == repr(want), expression


@pytest.mark.parametrize("expression, keys", [
    ("a", ("a",)), ("a.b_2.C", ("a", "b_2", "C")), ("a.b\n", None), ("a-b", None),
    ("a[0]", None), ("a.", None), ("é", None), ("", None)])
def test_plain_keys_are_jmespath_identifiers_only(expression, keys):
    assert plain_keys(expression) == keys


@pytest.mark.parametrize("expression, keys", [
    ("assets[?kind=='model'].id", ("assets",)), ("a.b[0].c", ("a", "b")), ("a.b", ("a", "b")),
    ("[a, b][]", ()), ("length(a)", ("length",))])
def test_leading_keys(expression, keys):
    assert leading_keys(expression) == keys


@settings(max_examples=150, deadline=None)
@given(data=DATA)
def test_plain_paths_match_jmespath(data):
    for expression in ["a", "a.b", "front_matter.owners.safety", "x.y.id"]:
        assert isinstance(compile_path(expression), FieldPath)
        assert run(compile_path(expression), data) == jmespath.search(expression, data)


def test_flatten_gives_scalars_without_nulls():
    assert flatten(None) == [] and flatten("a") == ["a"] and flatten({"a": 1}) == [{"a": 1}]
    assert flatten([1, [2, None, (3, [4])], None, "x"]) == [1, 2, 3, 4, "x"]


@pytest.mark.parametrize("expression", ["length(a)", "sort_by(a, &b)", "max(a)"])
def test_run_answers_none_where_jmespath_raises(expression):
    data = {"a": 5}
    with pytest.raises(jmespath.exceptions.JMESPathError):
        jmespath.search(expression, data)
    assert run(compile_path(expression), data) is None


def test_nested_multi_selects_are_refused_before_they_run() -> None:
    """L8: each multi-select copies what it reads; nested ones multiply."""
    assert paths.fan_out(jmespath.compile("{a: x, b: [y, z]}").parsed) == 4
    paths.compile_path("threats[*].{id: id, kind: [kind, actor]}")  # 4 values: fine
    with pytest.raises(ValueError, match="can make 1,048,576 values"):
        paths.compile_path("[@]" + ".[@,@][]" * 20)
