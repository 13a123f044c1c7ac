"""``evaluated_stack``: each result says what it measured, and a result covering a threat
against a safeguard measured a system with that safeguard (the stack, for filters)."""
from __future__ import annotations

SPEC = {"type": "evaluated_stack", "kind": "threat_model"}
TM = {"assets": [{"id": "input-classifier", "kind": "safeguard"},
                 {"id": "safety-alignment", "kind": "safeguard"},
                 {"id": "weights", "kind": "model"}],
      "threats": [{"id": "T-1", "targets": ["input-classifier", "safety-alignment"]},
                  {"id": "T-7", "targets": ["safety-alignment"]},
                  {"id": "T-4", "targets": ["weights"]}]}
STACK = {"target": "stack", "guardrails": "rails.yaml@sha256:4be6",
         "safeguards": ["input-classifier", "safety-alignment"]}


def _run(check, art, ctx, *results):
    report = art("eval_report", {"results": list(results)})
    return [f.message for f in check(SPEC, report, ctx(report, art("threat_model", TM)))]


def test_stated_systems_that_include_the_safeguards_pass(check, art, ctx):
    assert _run(check, art, ctx,
                {"id": "RT-1", "covers": ["T-1"], "evaluated": STACK},
                {"id": "RT-4", "covers": ["T-7"],
                 "evaluated": {"target": "model", "safeguards": ["safety-alignment"]}},
                {"id": "RT-9", "covers": ["T-4", "H-1"], "evaluated": {"target": "model"}}) == []


def test_a_result_that_does_not_say_what_it_measured_fails(check, art, ctx):
    assert _run(check, art, ctx, {"id": "SAF-1", "covers": ["H-1"]},
                {"id": "SAF-2", "evaluated": {"target": "guardrails"}}) == [
        "SAF-1 does not say what it measured: add evaluated.target (model for the bare model, "
        "stack for the deployed system)",
        "SAF-2 does not say what it measured: add evaluated.target (model for the bare model, "
        "stack for the deployed system)"]


def test_a_stack_result_names_its_guardrail_configuration(check, art, ctx):
    [message] = _run(check, art, ctx, {"id": "SAF-1", "covers": ["H-1"],
                                       "evaluated": {"target": "stack"}})
    assert message.startswith("SAF-1 measured the deployed stack but names no guardrail configuration")


def test_a_filter_claim_measured_on_the_bare_model_fails(check, art, ctx):
    messages = _run(check, art, ctx, {"id": "RT-1", "covers": ["T-1"], "evaluated": {
        "target": "model", "safeguards": ["input-classifier", "safety-alignment"]}})
    assert messages == [
        "RT-1 claims to cover a threat against input-classifier but measured the bare model: those "
        "safeguards run outside the weights, so measure the deployed stack (evaluated.target: stack)"]


def test_a_covered_safeguard_missing_from_the_measured_system_fails(check, art, ctx):
    messages = _run(check, art, ctx, {"id": "RT-1", "covers": ["T-1"], "evaluated": {
        **STACK, "safeguards": ["safety-alignment"]}})
    assert messages == [
        "RT-1 covers a threat against input-classifier but did not measure a system with it: list it "
        "in evaluated.safeguards, or stop claiming the coverage"]
