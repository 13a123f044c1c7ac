"""Declarative conditions: every test, the combinators, the operands, and what is refused."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.checks.base import Context
from checker.conditions import (Condition, OperandError, Undecidable, compile_condition,
                                resolve)
from checker.errors import CheckerError, PolicyError
from checker.model import Artifact
from checker.paths import FieldPath
from checker.policy.loader import load_pack_file

ITEM = {"id": "T-1", "severity": "High", "targets": ["weights", "input-classifier"],
        "actor": {"budget": {"queries": 1000}}, "adaptive": True, "note": "TODO",
        "count": 5, "expires": "2026-06-30", "atlas": ["AML.T0051", "LLM01:2025"],
        "bad_ids": ["T0051", "LLM01:2025"], "empty": [], "zero": 0}


def ctx(*artifacts: Artifact, settings: dict | None = None) -> Context:
    return Context(system="s", artifacts=list(artifacts), settings=settings or {},
                   as_of=dt.date(2026, 11, 27))


def check(cond: dict, data: Any = ITEM, context: Context | None = None, root: Any = None,
          strict: bool = False) -> bool:
    return compile_condition(cond).holds(data, context or ctx(), root, strict)


@pytest.mark.parametrize("cond, expected", [
    ({"path": "actor.budget", "exists": True}, True),
    ({"path": "actor.goal", "exists": True}, False),
    ({"path": "actor.goal", "exists": False}, True),
    ({"path": "note", "exists": True}, False),  # a placeholder is not there
    ({"path": "empty", "exists": True}, False),
    ({"path": "zero", "exists": True}, True),
    ({"path": "severity", "equals": "high"}, True),  # case- and space-insensitive
    ({"path": "severity", "equals": "low"}, False),
    ({"path": "severity", "in": ["critical", "high"]}, True),
    ({"path": "severity", "in": ["low"]}, False),
    ({"path": "severity", "not_in": ["low"]}, True),
    ({"path": "severity", "not_in": ["HIGH"]}, False),
    ({"path": "adaptive", "truthy": True}, True),
    ({"path": "zero", "truthy": True}, False),
    ({"path": "note", "truthy": True}, False),
    ({"path": "targets", "matches": "^input-"}, True),  # any item of a list
    ({"path": "id", "matches": "^H-"}, False),
    ({"path": "count", "matches": "5"}, False),  # only strings match
    ({"path": "targets", "contains": "weights"}, True),
    ({"path": "targets", "contains": "tokenizer"}, False),
    ({"path": "count", "gte": 5}, True),
    ({"path": "count", "gt": 5}, False),
    ({"path": "count", "lte": 5}, True),
    ({"path": "count", "lt": 5}, False),
    ({"path": "adaptive", "gte": 0}, False),  # a boolean is not a number
    ({"path": "severity", "gt": 1}, False),
    ({"path": "targets", "min_length": 2}, True),
    ({"path": "targets", "min_length": 3}, False),
    ({"path": "targets", "intersects": ["weights", "x"]}, True),
    ({"path": "severity", "intersects": ["high"]}, True),
    ({"path": "targets", "intersects": ["x"]}, False),
    ({"path": "expires", "expired": True}, True),  # before as_of 2026-11-27
    ({"path": "missing", "expired": True}, True),  # no date counts as expired
    ({"path": "atlas", "ids": "all"}, True),
    ({"path": "bad_ids", "ids": "all"}, False),
    ({"path": "bad_ids", "ids": "any"}, True),
    ({"path": "empty", "ids": "any"}, False),
])
def test_each_test(cond, expected):
    assert check(cond) is expected


def test_expired_compares_with_the_as_of_date():
    assert check({"path": "d", "expired": False}, {"d": "2027-01-01"})
    assert check({"path": "d", "expired": True}, {"d": dt.date(2026, 11, 26)})
    assert not check({"path": "d", "expired": True}, {"d": dt.date(2026, 11, 27)})


def test_all_any_not():
    high = {"path": "severity", "equals": "high"}
    low = {"path": "severity", "equals": "low"}
    assert check({"all": [high, {"path": "adaptive", "truthy": True}]})
    assert not check({"all": [high, low]})
    assert check({"any": [low, high]})
    assert not check({"any": [low, low]})
    assert check({"not": low}) and not check({"not": high})


def test_setting_as_value_with_default():
    assert check({"setting": "risk_tier", "equals": "high"}, context=ctx(settings={"risk_tier": "high"}))
    assert check({"setting": "risk_tier", "default": "low", "equals": "low"})


def test_setting_operand():
    cond = {"path": "count", "gte": {"setting": "min_count"}}
    assert check(cond, context=ctx(settings={"min_count": 5}))
    assert not check(cond, context=ctx(settings={"min_count": 6}))
    assert check({"path": "count", "gte": {"setting": "min_count", "default": 1}})


def test_root_operand_reads_the_enclosing_document():
    root = {"assets": [{"id": "weights"}, {"id": "input-classifier"}]}
    cond = {"path": "targets", "intersects": {"root": "assets[].id"}}
    assert check(cond, {"targets": ["weights"]}, root=root)
    assert not check(cond, {"targets": ["tokenizer"]}, root=root)


def test_system_operand_collects_values_from_every_artifact_of_a_kind():
    reports = [Artifact(path=f"e{i}.yaml", kind="eval_report", format="yaml",
                        data={"results": [{"id": rid}]}) for i, rid in enumerate(("RT-1", "SAF-1"))]
    context = ctx(*reports)
    cond = {"path": "evidence", "intersects": {"system": {"kind": "eval_report",
                                                          "path": "results[].id"}}}
    assert check(cond, {"evidence": ["SAF-1"]}, context)
    assert not check(cond, {"evidence": ["RT-9"]}, context)


def test_system_operand_fragment_keeps_what_follows_the_hash():
    tm = Artifact(path="tm.yaml", kind="threat_model", format="yaml",
                  data={"mitigations": [{"evidence": ["evals/redteam.yaml#RT-1"]}]})
    cond = {"path": "id", "in": {"system": {"kind": "threat_model",
                                           "path": "mitigations[].evidence[]", "fragment": True}}}
    assert check(cond, {"id": "RT-1"}, ctx(tm))
    assert not check(cond, {"id": "RT-2"}, ctx(tm))


def test_kind_holds_when_any_artifact_of_that_kind_satisfies_it():
    serving = Artifact(path="c.yaml", kind="config", format="yaml",
                       data={"channels": {"retrieval": True}})
    cond = {"kind": "config", "path": "channels.retrieval", "truthy": True}
    assert check(cond, {}, ctx(serving))
    assert not check(cond, {}, ctx())


def test_root_operand_follows_the_document_passed():
    compiled = compile_condition({"path": "t", "in": {"root": "assets[].id"}})
    first, second = {"assets": [{"id": "a"}]}, {"assets": [{"id": "b"}]}
    assert compiled.holds({"t": "a"}, ctx(), first)
    assert not compiled.holds({"t": "a"}, ctx(), second)
    assert compiled.holds({"t": "a"}, ctx(), first)
    assert not compiled.holds({"t": "a"}, None)  # no document: nothing to be in


def test_system_operand_follows_the_context():
    compiled = compile_condition({"path": "id", "in": {"system": {
        "kind": "report", "path": "covers[]", "fragment": True}}})
    one = ctx(Artifact(path="r.yaml", kind="report", format="yaml", data={"covers": ["x#T-1"]}))
    other = ctx(Artifact(path="r.yaml", kind="report", format="yaml", data={"covers": ["T-2"]}))
    assert compiled.holds({"id": "t-1"}, one) and not compiled.holds({"id": "t-1"}, other)
    assert compiled.holds({"id": "T-2"}, other) and not compiled.holds({"id": "T-2"}, one)
    assert not compiled.holds({"id": "T-2"}, None)


def test_kind_applies_the_combinators_to_the_item_and_to_each_artifact():
    config = Artifact(path="c.yaml", kind="config", format="yaml", data={"on": True, "x": 1})
    cond = {"kind": "config", "path": "on", "truthy": True, "all": [{"path": "x", "equals": 1}]}
    assert check(cond, {"x": 1}, ctx(config))
    assert not check(cond, {"x": 2}, ctx(config))  # the item fails the combinator
    compiled = compile_condition(cond)  # no context: the item itself
    assert compiled.holds({"x": 1, "on": True}, None)
    assert not compiled.holds({"x": 1, "on": False}, None)


def test_a_compiled_condition_is_a_condition_with_the_path_it_reads():
    leaf = compile_condition({"path": "a.b", "equals": 1})
    assert isinstance(leaf, Condition) and isinstance(leaf.path, FieldPath)
    assert leaf.path.keys == ("a", "b")
    assert compile_condition({"all": [{"path": "a", "equals": 1}]}).path is None
    assert compile_condition({"setting": "tier", "equals": "high"}).path is None


def test_in_keeps_python_equality_and_lists_that_cannot_be_hashed():
    assert check({"path": "a", "in": [1, "High"]}, {"a": True})  # True == 1
    assert check({"path": "a", "in": [1, "High"]}, {"a": " HIGH "})
    assert check({"path": "a", "in": [[1], "x"]}, {"a": [1]})
    assert check({"path": "a", "not_in": [[1], "x"]}, {"a": [2]})


def test_strict_placeholders_are_undecidable():
    with pytest.raises(Undecidable, match=r"^owner is a placeholder \('TODO'\); fill it in$"):
        check({"path": "owner", "exists": True}, {"owner": "TODO"}, strict=True)
    with pytest.raises(Undecidable, match="^tier is a placeholder"):
        check({"setting": "tier", "equals": "high"}, {}, ctx(settings={"tier": "<tier>"}),
              strict=True)
    with pytest.raises(Undecidable, match="^a.b is a placeholder"):
        check({"path": "a.b", "in": ["x"]}, {"a": {"b": ["x", "TBD"]}}, strict=True)
    assert not check({"path": "owner", "exists": True}, {"owner": "TODO"})


def test_matches_searches_strings_as_they_are():
    assert not check({"path": "a", "matches": "^h"}, {"a": " high"})
    assert check({"path": "a", "matches": "^h"}, {"a": [5, "High"]})


def test_a_missing_run_time_operand_keeps_its_meaning():
    nothing = ctx()  # the settings are not set, and have no default
    assert not check({"path": "a", "in": {"setting": "x"}}, {"a": None}, nothing)
    assert check({"path": "a", "not_in": {"setting": "x"}}, {"a": "y"}, nothing)
    assert not check({"path": "a", "intersects": {"root": "nosuch"}}, {"a": ["y"]}, root={})
    assert not check({"path": "a", "gte": {"setting": "x"}}, {"a": 5}, nothing)
    assert check({"path": "a", "equals": {"setting": "x"}}, {"a": None}, nothing)


@pytest.mark.parametrize("cond, bad, good, problem", [
    ({"path": "a", "in": {"setting": "x"}}, "high", ["HIGH"],
     r"^a: 'in' takes a list, but \{'setting': 'x'\} is text \('high'\)$"),
    ({"path": "a", "min_length": {"setting": "x"}}, "2", 2, "'min_length' takes an integer"),
    ({"path": "a", "gte": {"setting": "x"}}, True, 1, "'gte' takes a number, but .* boolean"),
    ({"path": "a", "exists": {"setting": "x"}}, "yes", True, "'exists' takes true or false"),
    ({"path": "a", "matches": {"setting": "x"}}, "(", "^h", "invalid regex"),
])
def test_a_run_time_operand_of_the_wrong_type_is_an_error(cond, bad, good, problem):
    with pytest.raises(OperandError, match=problem) as caught:
        check(cond, {"a": "high"}, ctx(settings={"x": bad}))
    assert isinstance(caught.value, CheckerError)
    assert check(cond, {"a": "high"}, ctx(settings={"x": good})) is (cond.get("gte") is None)


def test_resolve_reads_an_option_operand():
    assert resolve(3, ctx()) == 3
    assert resolve({"setting": "n", "default": 2}, ctx()) == 2
    assert resolve({"setting": "n", "default": 2}, ctx(settings={"n": 5})) == 5
    assert resolve({"setting": "n"}, None) is None
    assert resolve({"root": "a.b"}, ctx(), {"a": {"b": 7}}) == 7
    assert resolve({"size": 1}, ctx()) == {"size": 1}  # a mapping that is no operand


@pytest.mark.parametrize("cond, problem", [
    ("severity == high", "must be a mapping"),
    ({"path": "a", "equals": 1, "colour": "red"}, "unknown condition key"),
    ({"path": "a"}, "exactly one test"),
    ({"path": "a", "equals": 1, "in": [1]}, "exactly one test"),
    ({"equals": 1}, "needs 'path' or 'setting'"),
    ({"path": "a[", "equals": 1}, "invalid JMESPath"),
    ({"path": "a", "matches": "("}, "invalid regex"),
    ({"path": "a", "ids": "some"}, "'ids' takes 'any' or 'all', found text"),
    ({"all": [{"path": "a"}]}, "exactly one test"),
    ({"all": {"path": "a", "equals": 1}}, "'all' takes a list of conditions"),
    ({"path": 5, "equals": 1}, "'path' takes text, found int"),
    ({"path": "a", "setting": "b", "equals": 1}, "'path' or 'setting', not both"),
    ({"path": "a", "in": "abc"}, r"^'in' takes a list, found text \('abc'\)$"),
    ({"path": "a", "in": None}, "'in' takes a list, found nothing"),
    ({"path": "a", "not_in": 5}, "'not_in' takes a list, found a number"),
    ({"path": "a", "intersects": 5}, "'intersects' takes a list"),
    ({"path": "a", "min_length": "x"}, "'min_length' takes an integer"),
    ({"path": "a", "min_length": 2.5}, "'min_length' takes an integer"),
    ({"path": "a", "gte": "5"}, "'gte' takes a number, found text"),
    ({"path": "a", "lt": True}, "'lt' takes a number, found a boolean"),
    ({"path": "a", "exists": "yes"}, "'exists' takes true or false"),
    ({"path": "a", "expired": 1}, "'expired' takes true or false"),
    ({"path": "a", "matches": 5}, "'matches' takes a regular expression"),
    ({"path": "a", "in": {"setting": "x", "size": 1}}, "an operand is"),
    ({"path": "a", "in": {"root": 5}}, "an operand is"),
    ({"path": "a", "in": {"system": {"path": "a"}}}, "an operand is"),
    ({"path": "a", "in": {"root": "a["}}, "invalid JMESPath"),
])
def test_bad_conditions_are_value_errors(cond, problem):
    with pytest.raises(ValueError, match=problem):
        compile_condition(cond)


def test_a_bad_operand_in_a_pack_names_the_file_rule_and_line(tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        "pack: p\nversion: 0.1.0\nrules:\n"
        "  - id: P-1\n    name: p\n    title: P\n    dimension: governance\n"
        "    discipline: security\n    severity: high\n    applies_to: threat_model\n"
        "    when: {path: tier, in: high}\n"
        "    check: {type: exists, files: [x]}\n", encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_pack_file(pack)
    assert str(caught.value) == \
        f"{pack}:11: rule P-1: when: 'in' takes a list, found text ('high')"


# -- the combinators, on generated leaves and data ------------------------------------

VALUES = st.one_of(st.none(), st.booleans(), st.integers(-2, 2),
                   st.sampled_from(["high", " High ", "low", "", "TODO", "2026-01-01"]))
DATA = st.dictionaries(st.sampled_from(["a", "b"]), VALUES | st.lists(VALUES, max_size=3),
                       max_size=2)
LEAVES = st.one_of(
    st.builds(lambda p, v: {"path": p, "equals": v}, st.sampled_from(["a", "b"]), VALUES),
    st.builds(lambda p, v: {"path": p, "in": v}, st.sampled_from(["a", "b"]),
              st.lists(VALUES, min_size=1, max_size=3)),
    st.builds(lambda p, v: {"path": p, "exists": v}, st.sampled_from(["a", "b"]),
              st.booleans()),
    st.builds(lambda p, v: {"path": p, "gte": v}, st.sampled_from(["a", "b"]),
              st.integers(-2, 2)))


@settings(max_examples=100, deadline=None)
@given(leaves=st.lists(LEAVES, min_size=1, max_size=3), data=DATA)
def test_all_any_not_combine_their_parts(leaves, data):
    parts = [compile_condition(leaf).holds(data, None) for leaf in leaves]
    assert compile_condition({"all": leaves}).holds(data, None) is all(parts)
    assert compile_condition({"any": leaves}).holds(data, None) is any(parts)
    assert compile_condition({"not": leaves[0]}).holds(data, None) is (not parts[0])
    both = {**leaves[0], "all": leaves[1:]}  # a test beside a combinator: both must hold
    assert compile_condition(both).holds(data, None) is all(parts)
