"""Declarative conditions: every test, the combinators, and the operands."""
from __future__ import annotations

import datetime as dt

import pytest

from checker.checks.base import Context
from checker.conditions import compile_condition, holds
from checker.model import Artifact

ITEM = {"id": "T-1", "severity": "High", "targets": ["weights", "input-classifier"],
        "actor": {"budget": {"queries": 1000}}, "adaptive": True, "note": "TODO",
        "count": 5, "expires": "2026-06-30", "atlas": ["AML.T0051", "LLM01:2025"],
        "bad_ids": ["T0051", "LLM01:2025"], "empty": [], "zero": 0}


def ctx(*artifacts: Artifact, settings: dict | None = None, root_data=None) -> Context:
    return Context(system="s", artifacts=list(artifacts), settings=settings or {},
                   as_of=dt.date(2026, 11, 27), root_data=root_data)


def check(cond: dict, data=ITEM, context: Context | None = None) -> bool:
    return holds(compile_condition(cond), data, context or ctx())


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
    assert check(cond, {"targets": ["weights"]}, ctx(root_data=root))
    assert not check(cond, {"targets": ["tokenizer"]}, ctx(root_data=root))


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


@pytest.mark.parametrize("cond, problem", [
    ("severity == high", "must be a mapping"),
    ({"path": "a", "equals": 1, "colour": "red"}, "unknown condition key"),
    ({"path": "a"}, "exactly one test"),
    ({"path": "a", "equals": 1, "in": [1]}, "exactly one test"),
    ({"equals": 1}, "needs 'path' or 'setting'"),
    ({"path": "a[", "equals": 1}, "invalid JMESPath"),
    ({"path": "a", "matches": "("}, "invalid regex"),
    ({"path": "a", "ids": "some"}, "ids takes 'any' or 'all'"),
    ({"all": [{"path": "a"}]}, "exactly one test"),
])
def test_bad_conditions_are_value_errors(cond, problem):
    with pytest.raises(ValueError, match=problem):
        compile_condition(cond)
