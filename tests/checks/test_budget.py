"""``budget``: an attack budget is at least the actor budget of each threat it covers."""
from __future__ import annotations

import pytest

from checker.checks.budget import parse

SPEC = {"type": "budget", "items": "results", "where": {"path": "threat_model", "equals": "adversarial"},
        "budget": "attack.budget",
        "threats": {"kind": "threat_model", "path": "threats", "budget": "actor.budget"}}
TM = """\
threats:
  - id: T-1
    actor: {budget: "1k queries per account, 20 accounts"}
  - id: T-2
    actor: {budget: "8 GPU-hours and 1k examples"}
  - id: T-3
    actor: {budget: "a few tries"}
  - id: T-4
    actor: {goal: no budget here}
"""


def run(check, art, ctx, *results):
    report = art("eval_report", {"results": list(results)})
    return check(SPEC, report, ctx(report, art("threat_model", text=TM)))


def result(covers, budget, model="adversarial"):
    return {"id": "RT-1", "covers": covers, "threat_model": model, "attack": {"budget": budget}}


@pytest.mark.parametrize("text, units", [
    ("1k queries per account, 20 accounts", {"query": 20000, "account": 20}),
    ("1k queries per account", {"query per account": 1000}),
    ("8 GPU-hours and 1k examples", {"gpu hour": 8, "example": 1000}),
    ("50 planted documents", {"planted document": 50}),
    ("10,000 queries to learn the watermark", {"query": 10000}),
    ("one compromised engineer laptop", {"compromised engineer laptop": 1}),
    ("a botnet of 500 free accounts", {"free account": 500}),
    ("$5k of cloud credit", {"usd": 5000}),
    ("2.5m tokens", {"token": 2500000}),
    ("unlimited local compute", {}),
    ("TBD", {}),
    ({"queries": 1000, "gpu_hours": 24, "note": "x", "flag": True}, {"query": 1000, "gpu hour": 24}),
])
def test_budgets_are_read_as_numbers_with_units(text, units):
    assert parse(text) == units


def test_an_attack_budget_that_meets_the_actor_budget_passes(check, art, ctx):
    assert run(check, art, ctx, result(["T-1"], {"queries": 20000, "gpu_hours": 4})) == []
    assert run(check, art, ctx, result(["T-2"], "8 gpu hours, 1000 examples")) == []


def test_a_smaller_attack_budget_fails_naming_both_numbers(check, art, ctx):
    [finding] = run(check, art, ctx, result(["T-1"], {"queries": 1000}))
    assert finding.message.startswith(
        "RT-1: its attack budget of 1,000 queries is below the actor budget of T-1 (20,000 "
        "queries: \"1k queries per account, 20 accounts\", models/a/threat-model.yaml:3)")
    assert finding.path == ("results", 0, "attack", "budget")


def test_every_shared_unit_is_compared(check, art, ctx):
    [finding] = run(check, art, ctx, result(["T-2"], {"gpu_hours": 8, "examples": 100}))
    assert "100 examples is below" in finding.message and "(1,000 examples:" in finding.message


def test_budgets_without_a_shared_unit_cannot_pass(check, art, ctx):
    [finding] = run(check, art, ctx, result(["T-1"], {"gpu_hours": 100}))
    assert "share no unit" in finding.message and "(queries, accounts)" not in finding.message
    assert "accounts, queries" in finding.message


def test_an_actor_budget_without_a_number_is_named(check, art, ctx):
    [finding] = run(check, art, ctx, result(["T-3"], {"queries": 10}))
    assert "T-3's actor budget (\"a few tries\", models/a/threat-model.yaml:7) gives no number" \
        in finding.message


def test_missing_budgets_and_other_results_are_left_to_other_rules(check, art, ctx):
    for one in (result(["T-4"], {"queries": 1}), result(["T-1"], None),
                result(["T-1"], {"queries": 1}, model="non-adversarial"), result(["H-1"], {"queries": 1})):
        [finding] = run(check, art, ctx, one)
        assert finding.not_applicable
