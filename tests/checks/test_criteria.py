"""``criteria``: results judged against the acceptance criteria the threat model pre-declares."""
from __future__ import annotations

SPEC = {"type": "criteria", "items": "results",
        "targets": {"kind": "threat_model", "path": "threats"},
        "needs": {"path": "targets", "intersects": {"root": "assets[?kind=='safeguard'].id"}}}
TM = {"assets": [{"id": "filter", "kind": "safeguard"}, {"id": "w", "kind": "model"}],
      "threats": [{"id": "T-1", "targets": ["filter"],
                   "acceptance": [{"metric": "attack_success_rate", "max": 0.1}]},
                  {"id": "T-2", "targets": ["filter"]},
                  {"id": "T-3", "targets": ["w"]}]}


def run(check, art, ctx, *results):
    report = art("eval_report", {"results": list(results)})
    return check(SPEC, report, ctx(report, art("threat_model", TM)))


def result(covers, metric="attack_success_rate", value=0.05, **extra):
    return {"id": "RT-1", "covers": covers, "metric": metric, "value": value, **extra}


def test_a_result_within_the_criterion_passes(check, art, ctx):
    assert run(check, art, ctx, result(["T-1"])) == []


def test_a_value_beyond_the_criterion_fails_without_a_threshold_of_its_own(check, art, ctx):
    [finding] = run(check, art, ctx, result(["T-1"], value=1.0))
    assert finding.message == ("RT-1: attack_success_rate is 1.0, which misses T-1's acceptance "
                               "criterion (at most 0.1)")


def test_a_covered_target_without_a_criterion_for_the_metric_fails(check, art, ctx):
    [no_metric] = run(check, art, ctx, result(["T-1"], metric="jailbreak_rate"))
    [none] = run(check, art, ctx, result(["T-2"]))
    assert "declares no acceptance criterion for jailbreak_rate" in no_metric.message
    assert "covers T-2" in none.message


def test_results_that_cover_only_targets_without_the_need_do_not_apply(check, art, ctx):
    [finding] = run(check, art, ctx, result(["T-3"], value=1.0))
    assert finding.not_applicable


def test_a_boolean_or_text_value_is_not_a_number(check, art, ctx):
    [finding] = run(check, art, ctx, result(["T-1"], value="low"))
    assert "no numeric value" in finding.message
