"""Compiled conditions (checker/condfast.py) answer and fail exactly as the interpreter did.

``Oracle`` (tests/conditions_oracle.py) is the interpreter as it was before
conditions were compiled to closures; hypothesis builds conditions, data and
contexts, and both must agree: the answer, or the exception's type and message,
with and without ``strict``, and the same validation errors.
"""
from __future__ import annotations

import datetime as dt
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from checker.checks.base import Context
from checker.conditions import TESTS, Undecidable, compile_condition, holds
from checker.model import Artifact
from conditions_oracle import Oracle


def _without_fn(cond: Any) -> Any:
    """The compiled mapping as the interpreter saw it (no closures anywhere)."""
    if isinstance(cond, list):
        return [_without_fn(c) for c in cond]
    if not isinstance(cond, dict) or "_combo" not in cond:
        return cond
    out = {k: v for k, v in cond.items() if k != "_fn"}
    for combo in ("all", "any", "not"):
        if combo in cond:
            out[combo] = _without_fn(cond[combo])
    return out


def _outcome(fn: Any, *args: Any) -> tuple:
    try:
        answer = fn(*args)
    except Exception as exc:  # the error must be the same one
        return "error", type(exc).__name__, str(exc)
    return "ok", type(answer).__name__, answer


# -- strategies ---------------------------------------------------------------------

KEYS = ["a", "b", "c"]
KINDS = ["k1", "k2"]
PATHS = ["a", "b", "a.b", "a.b.c", "a[0]", "a[]", "a[].b", "b || c", "a[?b=='high'].c",
         "length(a)", "@", "a.*"]
PLACEHOLDERS = st.sampled_from(["TODO", "TBD", "<fill in>", "{{ x }}", " todo ", "n/a"])
TEXT = st.sampled_from(["high", " High ", "HIGH", "low", "", " ", "x#RT-1", "RT-1", "weights",
                        "AML.T0051", "LLM01:2025", "T0051", "2026-01-01", "2027-06-30", "5"]) \
    | PLACEHOLDERS | st.text(max_size=3)
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.floats(-3, 3),
    st.sampled_from([1.0, -0.0, float("nan"), float("inf")]), TEXT,
    st.dates(dt.date(2025, 1, 1), dt.date(2028, 1, 1)),
    st.datetimes(dt.datetime(2026, 1, 1), dt.datetime(2027, 1, 1)))
PATH = st.sampled_from(PATHS)
SPECIAL = {"matches": st.sampled_from(["^h", "high", "[0-9]", "#", "", "^todo", 5] * 3 + ["("]),
           "ids": st.sampled_from(["any", "all"] * 5 + ["some"])}


class Kit:
    """Strategies drawing mostly from one small pool of values, so that data and
    operands meet (equal numbers, the same string in another case, ...)."""

    def __init__(self, pool: list) -> None:
        values = st.one_of(st.sampled_from(pool), st.sampled_from(pool), SCALARS)
        self.data = st.recursive(values, lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.lists(inner, max_size=2).map(tuple),
            st.dictionaries(st.sampled_from(KEYS), inner, max_size=3)), max_leaves=6)
        rows = st.lists(st.fixed_dictionaries({"b": values}, optional={"c": values}), max_size=3)
        self.item = st.fixed_dictionaries({"a": rows | self.data, "b": PLACEHOLDERS | values},
                                          optional={"c": self.data}) | self.data
        system = st.fixed_dictionaries({"kind": st.sampled_from(KINDS), "path": PATH},
                                       optional={"fragment": st.booleans()})
        self.operands = st.one_of(
            values, st.lists(values, max_size=4), self.data,
            st.fixed_dictionaries({"setting": st.sampled_from(["s1", "s2", "none"])},
                                  optional={"default": self.data}),
            st.fixed_dictionaries({"root": PATH | st.sampled_from(["a[", 5, ["a"]])}),
            st.fixed_dictionaries({"system": system}),
            st.fixed_dictionaries({"system": st.sampled_from([{"path": "a"}, {"kind": "k1"},
                                                              "k1"])}),
            st.fixed_dictionaries({"root": PATH, "x": st.just(1)}))


def _rarely(draw: Any, odds: int) -> bool:
    return draw(st.integers(0, odds - 1)) == odds // 2  # not 0: hypothesis favours bounds


@st.composite
def leaves(draw: Any, kit: Kit, test: str | None = None) -> dict:
    cond: dict = {}
    source = draw(st.sampled_from(["path", "setting", "both"]))
    if source != "setting":
        cond["path"] = draw(PATH)
    if source != "path":
        cond["setting"] = draw(st.sampled_from(["s1", "s2", "none"]))
        if draw(st.booleans()):
            cond["default"] = draw(PLACEHOLDERS | kit.data)
    test = test or draw(st.sampled_from(TESTS))
    cond[test] = draw(SPECIAL.get(test, kit.operands))
    if _rarely(draw, 30):
        cond[draw(st.sampled_from(TESTS))] = draw(kit.operands)  # often two tests: an error
    return _extras(draw, cond)


def _extras(draw: Any, cond: dict) -> dict:
    if _rarely(draw, 4):
        cond["kind"] = draw(st.sampled_from(KINDS + ["", None]))
    if _rarely(draw, 60):
        cond["colour"] = "red"
    return cond


def _combos(inner: Any, kit: Kit) -> Any:
    @st.composite
    def combo(draw: Any) -> dict:
        cond: dict = {}
        for name in draw(st.lists(st.sampled_from(["all", "any", "not"]), min_size=1,
                                  max_size=3, unique=True)):
            cond[name] = draw(inner) if name == "not" else draw(st.lists(inner, max_size=3))
        if _rarely(draw, 3):  # a test beside the combinators
            cond.update(draw(leaves(kit)))
        return _extras(draw, cond)
    return combo()


def _context(draw: Any, kit: Kit) -> Context | None:
    if _rarely(draw, 6):
        return None
    artifacts = [Artifact(path=f"{i}.yaml", kind=draw(st.sampled_from(KINDS)), format="yaml",
                          data=draw(kit.item)) for i in range(draw(st.integers(0, 2)))]
    settings_ = draw(st.dictionaries(st.sampled_from(["s1", "s2"]), PLACEHOLDERS | kit.data,
                                     max_size=2))
    return Context(system="s", artifacts=artifacts, settings=settings_,
                   as_of=draw(st.dates(dt.date(2026, 1, 1), dt.date(2027, 1, 1))))


@st.composite
def runs(draw: Any, test: str | None = None) -> tuple:
    """A condition (one test, or combined if ``test`` is None) and the
    (data, ctx, root document, strict) calls made with it."""
    kit = Kit(draw(st.lists(SCALARS, min_size=1, max_size=3)))
    if test is None:
        conditions = st.recursive(leaves(kit), lambda inner: _combos(inner, kit), max_leaves=5)
    else:
        conditions = leaves(kit, test)
    contexts = [_context(draw, kit) for _ in range(draw(st.integers(1, 2)))]
    docs = draw(st.lists(kit.item, min_size=1, max_size=2))
    calls = [(draw(kit.item), draw(st.sampled_from(contexts)), draw(st.sampled_from(docs)),
              draw(st.booleans())) for _ in range(draw(st.integers(1, 4)))]
    return draw(conditions), calls


# -- equivalence ----------------------------------------------------------------------

EXAMPLES = int(os.environ.get("CONDITIONS_EXAMPLES", "40"))  # per test; raise it to search longer

def _same_as_the_interpreter(cond: Any, calls: list) -> None:
    compiled = _outcome(compile_condition, cond)
    assert compiled == _outcome(Oracle.compile, cond) or compiled[0] == "ok"
    if compiled[0] == "error":
        event("compile error")
        return
    compiled = compiled[2]
    reference = Oracle.compile(cond)
    assert _without_fn(compiled) == reference  # the keys callers read are unchanged
    for data, ctx, doc, strict in calls:
        if ctx is not None:
            ctx.root_data = doc  # as a check does for the document it walks
        want = _outcome(Oracle.holds, reference, data, ctx, strict)
        event(f"{want[0]} {want[1]}")
        assert _outcome(holds, compiled, data, ctx, strict) == want
        assert _outcome(holds, reference, data, ctx, strict) == want  # compiled on the fly


@pytest.mark.parametrize("test", TESTS)
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_each_test_answers_as_the_interpreter(test, data):
    _same_as_the_interpreter(*data.draw(runs(test)))


@settings(max_examples=4 * EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(case=runs())
def test_combined_conditions_answer_as_the_interpreter(case):
    _same_as_the_interpreter(*case)


# -- examples ---------------------------------------------------------------------------

def _ctx(*artifacts: Artifact, **kwargs: Any) -> Context:
    return Context(system="s", artifacts=list(artifacts), settings=kwargs.pop("settings", {}),
                   as_of=dt.date(2026, 11, 27), **kwargs)


def check(cond: dict, data: Any, ctx: Any = None, strict: bool = False) -> bool:
    return holds(compile_condition(cond), data, _ctx() if ctx is None else ctx, strict)


def test_a_compiled_condition_carries_its_closure():
    compiled = compile_condition({"all": [{"path": "a", "equals": 1}]})
    assert callable(compiled["_fn"]) and callable(compiled["all"][0]["_fn"])
    assert compiled["_test"] is None and compiled["_combo"] is True


def test_in_keeps_python_equality_and_lists_that_cannot_be_hashed():
    assert check({"path": "a", "in": [1, "High"]}, {"a": True})  # True == 1
    assert check({"path": "a", "in": [1, "High"]}, {"a": " HIGH "})
    assert check({"path": "a", "in": [[1], "x"]}, {"a": [1]})
    assert check({"path": "a", "not_in": [[1], "x"]}, {"a": [2]})
    assert check({"path": "a", "in": "abc"}, {"a": "B"})  # a string operand: its characters
    assert not check({"path": "a", "in": None}, {"a": None})


def test_an_operand_that_cannot_be_prepared_fails_where_it_always_did():
    assert not check({"path": "a", "min_length": "x"}, {"a": 5})
    with pytest.raises(ValueError, match="invalid literal for int"):
        check({"path": "a", "min_length": "x"}, {"a": "abc"})
    with pytest.raises(TypeError, match="not iterable"):
        check({"path": "a", "in": 5}, {"a": 5})
    with pytest.raises(TypeError, match="unhashable"):  # the item's values first
        check({"path": "a", "intersects": 5}, {"a": [[1]]})


def test_strict_placeholders_are_undecidable_with_the_same_message():
    with pytest.raises(Undecidable, match=r"^owner is a placeholder \('TODO'\); fill it in$"):
        check({"path": "owner", "exists": True}, {"owner": "TODO"}, strict=True)
    with pytest.raises(Undecidable, match="^tier is a placeholder"):
        check({"setting": "tier", "equals": "high"}, {}, _ctx(settings={"tier": "<tier>"}), True)
    assert not check({"path": "owner", "exists": True}, {"owner": "TODO"})


def test_matches_searches_strings_as_they_are():
    assert not check({"path": "a", "matches": "^h"}, {"a": " high"})
    assert check({"path": "a", "matches": "^h"}, {"a": [5, "High"]})


def test_root_operand_follows_the_document_and_the_context():
    compiled = compile_condition({"path": "t", "in": {"root": "assets[].id"}})
    first = _ctx(root_data={"assets": [{"id": "a"}]})
    assert holds(compiled, {"t": "a"}, first)
    first.root_data = {"assets": [{"id": "b"}]}
    assert not holds(compiled, {"t": "a"}, first)
    assert holds(compiled, {"t": "a"}, _ctx(root_data={"assets": [{"id": "a"}]}))
    assert not holds(compiled, {"t": "a"}, None)


def test_system_operand_follows_the_context():
    compiled = compile_condition({"path": "id", "in": {"system": {
        "kind": "report", "path": "covers[]", "fragment": True}}})
    one = _ctx(Artifact(path="r.yaml", kind="report", format="yaml", data={"covers": ["x#T-1"]}))
    other = _ctx(Artifact(path="r.yaml", kind="report", format="yaml", data={"covers": ["T-2"]}))
    assert holds(compiled, {"id": "t-1"}, one) and not holds(compiled, {"id": "t-1"}, other)
    assert holds(compiled, {"id": "T-2"}, other) and not holds(compiled, {"id": "T-2"}, one)


def test_kind_applies_the_combinators_to_the_item_and_to_each_artifact():
    config = Artifact(path="c.yaml", kind="config", format="yaml", data={"on": True, "x": 1})
    cond = {"kind": "config", "path": "on", "truthy": True, "all": [{"path": "x", "equals": 1}]}
    assert check(cond, {"x": 1}, _ctx(config))
    assert not check(cond, {"x": 2}, _ctx(config))  # the item fails the combinator
    compiled = compile_condition(cond)  # no context: the item itself
    assert holds(compiled, {"x": 1, "on": True}, None)
    assert not holds(compiled, {"x": 1, "on": False}, None)
