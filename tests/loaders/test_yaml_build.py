"""The fast YAML path (``yaml_build``): the same data as PyYAML's safe constructor, the
same errors, and of several problems in one file the first one is reported."""
from __future__ import annotations

import datetime as dt
import gc
import math

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.errors import LoadError
from checker.loaders import yaml_doc
from checker.loaders.artifact import load_artifact

SCALARS = ["yes", "No", "on", "OFF", "~", "null", "", "1_000", "0x1F", "0o17", "017", "1:20",
           "1.5e3", "1e-05", ".inf", "-.NaN", "2026-01-01", "2026-01-01 10:00:00", "'q'",
           '"d\\n"', "!!str 12", "!!float 1", "!!int '7'", "!!null x", "!!bool 'yes'", "[1, b]",
           "{a: 1, b: [c]}", "a b c", "- not a list", "'#'", "x # comment", "+12", "-0",
           "0.5", "-0.0", "12.50", "-12", "123456789012345678", "1234567890123456789", "007",
           "2026-1-01", "2026-02-30", "1.", ".5", "00.5"]
KEYS = ["a", "b", "c", "1", "true", "~", "1.5", "'x y'", "2026-01-01"]


class Oracle(yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):  # type: ignore
    """PyYAML's own resolver and constructor, with safesec's implicit resolvers (it
    also reads ``1e-05`` as a float)."""

    yaml_implicit_resolvers = yaml_doc.StrictLoader.yaml_implicit_resolvers


def _typed(value):
    """The value with every type made explicit (1 == 1.0 == True otherwise)."""
    if isinstance(value, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    if isinstance(value, float) and math.isnan(value):
        return ("nan",)
    return (type(value).__name__, value)


@st.composite
def documents(draw, depth=0):
    kind = draw(st.sampled_from(["map", "seq", "scalar"] if depth < 3 else ["scalar"]))
    if kind == "scalar":
        return draw(st.sampled_from(SCALARS) | st.text(alphabet="abnyt0129.:-_ ", max_size=8))
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=4, unique=True))
    lines = []
    for key in keys:
        child = draw(documents(depth + 1))
        head = f"{key}:" if kind == "map" else "-"
        if "\n" in child or child.startswith(("- ", "a: ")):
            lines.append(head + "\n" + "\n".join("  " + line for line in child.split("\n")))
        else:
            lines.append(f"{head} {child}")
    return "\n".join(lines)


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(documents())
def test_a_document_pyyaml_loads_gives_the_same_data(text):
    try:
        expected = yaml.load(text, Loader=Oracle)
    except (yaml.YAMLError, ValueError):  # PyYAML's own ValueError on scalars such as `0b_`
        with pytest.raises(LoadError):
            yaml_doc.parse(text)
        return
    try:
        data, _locate = yaml_doc.parse(text)
    except LoadError as exc:  # keys written differently but equal as values (1, true)
        assert "duplicate key" in str(exc)
        return
    assert _typed(data) == _typed(expected)


def test_strings_numbers_dates_and_nulls_keep_their_yaml_types():
    data, _ = yaml_doc.parse("a: yes\nb: 0x1F\nc: 1e-05\nd: 2026-01-01\ne: ~\nf: !!str 12\n"
                             "g: [1, '2', null]\n1: int key\n")
    assert data == {"a": True, "b": 31, "c": 1e-05, "d": dt.date(2026, 1, 1), "e": None,
                    "f": "12", "g": [1, "2", None], 1: "int key"}


@pytest.mark.parametrize("scalar", [
    "0", "-0", "7", "-12", "123456789012345678", "-123456789012345678", "1234567890123456789",
    "007", "-08", "0.0", "-0.0", "0.0003", "12.50", "-3.25", "1" * 20 + "." + "5" * 40,
    "1" * 21 + ".5", "1.", ".5", "00.5", "1_0.5", "2026-11-03", "2026-1-01", "0000-01-01",
    "2026-02-30", "2026-11-03 10:00:00", "!!int '12'", "!!float '0.25'", "!!timestamp '2026-01-02'"])
def test_plain_numbers_and_days_are_read_as_pyyaml_reads_them(scalar):
    """Numbers and days written plainly are read without PyYAML's constructor: the same
    value and type (the sign of zero too), and the same error for a day that is none."""
    text = f"a: {scalar}\n"
    try:
        expected = ("ok", repr(yaml.load(text, Loader=Oracle)["a"]))
    except (yaml.YAMLError, ValueError) as exc:
        expected = ("error", type(exc))
    try:
        data, _ = yaml_doc.parse(text)
        got = ("ok", repr(data["a"]))
    except LoadError:
        got = ("error", expected[1] if expected[0] == "error" else LoadError)
    assert got == expected


def test_a_duplicate_key_is_refused_before_its_value_is_read():
    # the duplicate on line 2 comes before the bad date on line 3
    with pytest.raises(LoadError) as exc:
        yaml_doc.parse("a: 1\na:\n  when: 2026-02-30\n")
    assert exc.value.line == 2
    assert "duplicate key 'a' (first defined on line 1)" in str(exc.value)


def test_of_two_problems_the_first_in_the_file_is_reported():
    text = "outer:\n  inner: !!int abc\nlater: 2026-02-30\n"
    with pytest.raises(LoadError) as exc:
        yaml_doc.parse(text)
    assert exc.value.line == 2
    assert "invalid int value 'abc'" in str(exc.value)


def test_keys_equal_as_values_are_duplicates():
    with pytest.raises(LoadError, match="duplicate key True"):
        yaml_doc.parse("1: a\ntrue: b\n")


def test_an_unhashable_key_is_named():
    with pytest.raises(LoadError, match="unhashable key") as exc:
        yaml_doc.parse("ok: 1\n? [a, b]\n: c\n")
    assert exc.value.line == 2


def test_anchors_and_merge_keys_keep_the_general_path():
    data, _ = yaml_doc.parse("base: &b {x: 1}\nuse: *b\nmerged:\n  <<: *b\n  y: 2\n")
    assert data == {"base": {"x": 1}, "use": {"x": 1}, "merged": {"x": 1, "y": 2}}
    assert data["use"] is data["base"]  # an alias is the same object, as in PyYAML


@pytest.mark.parametrize("depth", [99, 101, 499])
def test_deep_nesting_up_to_the_limit_still_loads(depth):
    # the fast path recurses; trees deeper than it allows take PyYAML's constructor
    data, _ = yaml_doc.parse("[" * depth + "x" + "]" * depth)
    for _level in range(depth):
        assert isinstance(data, list) and len(data) == 1
        data = data[0]
    assert data == "x"


def test_a_merge_key_document_is_still_checked_for_depth():
    with pytest.raises(LoadError, match="nesting deeper than 500 levels"):
        yaml_doc.parse("base: {x: 1}\nuse:\n  <<: {y: 2}\n  deep: " + "[" * 600 + "]" * 600)


@pytest.mark.parametrize("text", ["a: .nan\n", "a: [1, -.inf]\n", "? .inf\n: x\n",
                                  "a: !!float nan\n", "a: 0x" + "f" * 90 + "\n"])
def test_odd_numbers_are_still_refused_after_the_fast_path(text):
    # the fast path tells load_artifact it may skip the odd-value walk only when it
    # built no NaN, infinity or huge integer itself
    _data, locate = yaml_doc.parse(text)
    assert locate.clean is False
    found = load_artifact("evals/e.yaml", "eval_report", text.encode())
    assert len(found) == 1
    assert "not accepted" in found[0].message or "too large" in found[0].message


def test_a_plain_document_needs_no_second_walk():
    _data, locate = yaml_doc.parse("a: 1\nb: [x, 2.5, true, null, 2026-01-01]\n")
    assert locate.clean is True


def test_parsing_leaves_no_cyclic_garbage():
    # loading pauses the cyclic GC and then freezes what is alive: a cycle left by a
    # parse would keep its node tree (and the loader) in memory for the whole run
    gc.collect()
    gc.disable()
    try:
        for _ in range(20):
            yaml_doc.parse("a: 1\nb: [x, {c: d}]\n")
        leftover = gc.collect()
    finally:
        gc.enable()
    assert leftover == 0
