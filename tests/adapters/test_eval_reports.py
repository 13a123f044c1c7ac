"""promptfoo, garak, Inspect AI and lm-eval mapped onto eval-report/v1."""
from __future__ import annotations

import pytest

from checker.adapters import AdaptError, adapt
from checker.adapters.garak import attack_success

PF = "eval-reports/promptfoo-redteam-output.json"


def _by_id(report) -> dict:
    return {r["id"]: r for r in report.data["results"]}


def test_promptfoo_counts_four_passing_and_two_failing_cases(corpus):
    report = adapt("promptfoo", corpus(PF))
    assert report.data["summary"] == {"cases": 6, "passed": 4, "failed": 2, "errors": 0,
                                      "reported": {"successes": 4, "failures": 2, "errors": 0}}
    assert report.data["model"] == {"name": "azure:chat:gpt-4o-with-guardrails"}
    assert report.data["date"] == "2025-08-19"


def test_promptfoo_attack_success_per_plugin_and_strategy_with_correct_polarity(corpus):
    results = _by_id(adapt("promptfoo", corpus(PF)))
    asr = {k: v["value"] for k, v in results.items() if "/worst-case" not in k}
    # success: true = the model resisted = the attack FAILED
    assert asr == {"harmful:hate/basic": 0.0, "harmful:hate/jailbreak": 0.0,
                   "harmful:hate/crescendo": 0.0, "harmful:self-harm/basic": 0.0,
                   "harmful:self-harm/jailbreak": 1.0, "harmful:self-harm/crescendo": 1.0}
    jail = results["harmful:self-harm/jailbreak"]
    assert (jail["attacks_succeeded"], jail["attacks_resisted"], jail["samples"]) == (1, 0, 1)
    assert jail["threat_model"] == "adversarial" and jail["metric"] == "attack_success_rate"
    assert jail["adaptive"] is True and results["harmful:hate/basic"]["adaptive"] is False


def test_promptfoo_worst_case_per_plugin_is_a_max(corpus):
    results = _by_id(adapt("promptfoo", corpus(PF)))
    worst = results["harmful:self-harm/worst-case"]
    assert (worst["value"], worst["aggregation"]) == (1.0, "max")
    assert results["harmful:hate/worst-case"]["value"] == 0.0
    assert sorted(worst["strategies"]) == ["basic", "crescendo", "jailbreak"]


def test_promptfoo_unsupported_fields(corpus):
    unsupported = adapt("promptfoo", corpus(PF)).unsupported
    assert "results[].attack.budget" in unsupported and "model.revision" in unsupported


def _case(success, plugin="pii", strategy=None, failure=None, error=None):
    meta = {"pluginId": plugin, **({"strategyId": strategy} if strategy else {})}
    return {"success": success, "metadata": meta, "failureReason": failure, "error": error,
            "provider": {"id": "p"}}


def test_promptfoo_errors_are_neither_passes_nor_attack_failures():
    raw = {"evalId": "e", "results": {"version": 3, "results": [
        _case(True), _case(False, failure=1), _case(False, failure=2, error="timeout")]}}
    (result, worst) = adapt("promptfoo", raw).data["results"]
    assert (result["value"], result["samples"], result["errors"]) == (0.5, 2, 1)


def test_plain_promptfoo_run_is_non_adversarial_pass_rate():
    cases = [{"success": s, "promptId": "p1", "provider": {"id": "m"}} for s in (True, True, False)]
    raw = {"evalId": "e", "config": {}, "results": {"version": 3, "results": cases}}
    (result,) = adapt("promptfoo", raw).data["results"]
    assert result["threat_model"] == "non-adversarial"
    assert (result["metric"], round(result["value"], 3), result["samples"]) == ("pass_rate",
                                                                                 0.667, 3)


def test_garak_attack_success_is_one_minus_passed_over_total(corpus):
    report = adapt("garak-jsonl", corpus("eval-reports/garak-agg.report.jsonl"))
    results = _by_id(report)
    assert set(results) == {"test.Test/always.Pass", "lmrc.QuackMedicine/lmrc.QuackMedicine"}
    test = results["test.Test/always.Pass"]
    assert (test["value"], test["samples"], test["passed"]) == (0.0, 8, 8)
    assert test["threat_model"] == "adversarial"
    assert test["attack"] == {"name": "test.Test", "suite_version": "0.14.0.pre1",
                              "budget": {"queries": 8, "attempts": 8, "generations": 1}}
    assert report.origin[("results", 0)] == (10,)  # record 11 of the file: the eval entry
    assert report.data["date"] == "2025-08-28"


@pytest.mark.parametrize("entry,expected", [
    ({"passed": 3, "total_evaluated": 4}, (0.25, 4)),
    ({"passed": 0, "total": 10}, (1.0, 10)),  # older reports say "total"
    ({"passed": 0, "total_evaluated": 0}, (None, 0)),
])
def test_garak_attack_success_formula(entry, expected):
    assert attack_success(entry) == expected


def test_garak_confidence_interval_is_flipped_to_attack_success():
    raw = [{"entry_type": "eval", "probe": "dan.Dan_11_0", "detector": "dan.DAN", "passed": 90,
            "total_evaluated": 100, "confidence_lower": 0.85, "confidence_upper": 0.95}]
    (result,) = adapt("garak-jsonl", raw).data["results"]
    assert result["value"] == pytest.approx(0.1)
    assert result["interval"] == pytest.approx([0.05, 0.15])


def test_garak_report_without_eval_entries_is_an_error():
    with pytest.raises(AdaptError, match="no 'eval' entries"):
        adapt("garak-jsonl", [{"entry_type": "init", "garak_version": "0.14"}])


def test_inspect_scores_metrics_and_sample_counts(corpus):
    report = adapt("inspect-ai", corpus("eval-reports/inspect-ai-eval-log.json"))
    (result,) = report.data["results"]
    assert result["id"] == "input_task/model_graded_fact/accuracy"
    assert (result["metric"], result["value"], result["samples"], result["stderr"]) == (
        "accuracy", 1.0, 1, 0.0)
    assert result["threat_model"] == "non-adversarial"
    assert report.data["model"] == {"name": "openai/gpt-4o-mini"}
    assert "model.revision" in report.unsupported


def _inspect(task: str, status: str = "success") -> dict:
    return {"version": 2, "status": status, "eval": {"task": task, "model": "m"},
            "results": {"completed_samples": 200, "scores": [{"name": "s", "metrics": {
                "accuracy": {"value": 0.2}, "stderr": {"value": 0.01}}}]}}


def test_inspect_attack_task_is_adversarial_and_interval_from_stderr():
    report = adapt("inspect-ai", _inspect("strong_reject_jailbreak"))
    (result,) = report.data["results"]
    assert result["threat_model"] == "adversarial"
    assert result["interval"] == pytest.approx([0.1804, 0.2196])
    assert "results[].attack.budget" in report.unsupported


def test_inspect_log_of_a_failed_run_is_an_error():
    with pytest.raises(AdaptError, match="status is 'error'"):
        adapt("inspect-ai", _inspect("t", status="error"))


def test_lm_eval_metrics_with_sample_counts(corpus):
    report = adapt("lm-eval", corpus("eval-reports/lm-eval-harness-results.json"))
    results = _by_id(report)
    assert len(results) == 7
    acc = results["arc_easy/acc,none"]
    assert (acc["value"], acc["samples"], acc["samples_original"]) == (0.3, 10, 2376)
    assert acc["higher_is_better"] is True and acc["threat_model"] == "non-adversarial"
    assert "interval" not in acc  # stderr "N/A" gives no interval
    assert results["lambada_openai/perplexity,none"]["higher_is_better"] is False
    assert {r["threat_model"] for r in results.values()} == {"non-adversarial"}
    assert "model.revision" in report.unsupported and "date" in report.unsupported


def test_lm_eval_model_revision_date_and_stderr():
    raw = {"results": {"toxigen": {"acc,none": 0.5, "acc_stderr,none": 0.01, "alias": "toxigen"}},
           "n-samples": {"toxigen": {"effective": 940, "original": 940}},
           "config": {"model": "hf", "model_args": "pretrained=org/m,revision=abc123,dtype=auto"},
           "date": 1700000000.0}
    report = adapt("lm-eval", raw)
    assert report.data["model"] == {"name": "org/m", "revision": "abc123"}
    assert report.data["date"] == "2023-11-14"
    (result,) = report.data["results"]
    assert result["samples"] == 940 and result["interval"] == pytest.approx([0.4804, 0.5196])
    assert "model.revision" not in report.unsupported
