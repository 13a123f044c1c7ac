"""Every shape the tools really write, from real files (tests/data/formats, see SOURCES.md)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from checker.adapters import adapt, detect
from checker.loaders.artifact import load_artifact
from checker.model import Artifact, LoadFailure

DATA = Path(__file__).resolve().parents[1] / "data" / "formats"
INSPECT_EVAL = "inspect/2024-11-05T13-32-37-05-00_input-task_hxs4q9azL3ySGkjJirypKZ.eval"


def _raw(rel: str):
    text = (DATA / rel).read_text(encoding="utf-8")
    return yaml.safe_load(text) if rel.endswith((".yml", ".yaml")) else json.loads(text)


def _load(rel: str, where: str, kind: str = "eval_report") -> list:
    return load_artifact(where, kind, (DATA / rel).read_bytes())


# promptfoo ------------------------------------------------------------------------------

def test_promptfoo_top_level_output_is_read_with_one_result_per_prompt():
    raw = _raw("promptfoo/simple-test-output.json")  # no version key: the oldest shape
    assert detect("eval_report", "output.json", raw) == "promptfoo"
    report = adapt("promptfoo", raw)
    assert report.data["summary"] == {"cases": 4, "passed": 4, "failed": 0, "errors": 0,
                                      "reported": {"successes": 4, "failures": 0}}
    # the two prompt templates stay apart although the cases carry no prompt id or provider
    assert [(r["id"], r["value"], r["samples"]) for r in report.data["results"]] == [
        ("prompt-1/provider", 1.0, 2), ("prompt-2/provider", 1.0, 2)]
    assert "date" in report.unsupported  # that shape has no timestamp


@pytest.mark.parametrize("version", [1, 2])
def test_promptfoo_versioned_top_level_and_wrapped_v2_shapes(version):
    raw = {"version": version, **_raw("promptfoo/simple-test-output.json")}
    assert adapt("promptfoo", raw).data["summary"]["cases"] == 4
    wrapped = {"results": {"version": 2, "timestamp": "2024-01-02T03:04:05Z",
                           "results": raw["results"], "stats": raw["stats"]}, "config": {}}
    assert detect("eval_report", "x.json", wrapped) == "promptfoo"
    report = adapt("promptfoo", wrapped)
    assert (report.data["date"], report.data["summary"]["passed"]) == ("2024-01-02", 4)


def test_promptfoo_result_lines_point_into_the_top_level_results():
    (artifact,) = _load("promptfoo/simple-test-output.json", "evals/output.json")
    assert isinstance(artifact, Artifact) and artifact.format == "promptfoo"
    # result 1 is the second prompt template, whose first case is the third in the file
    assert artifact.line(("results", 1)) == 41


def test_a_json_with_version_and_results_of_another_tool_is_not_promptfoo():
    other = {"version": 2, "results": [{"id": "payments-api", "state": "BEHIND"}]}
    assert detect("eval_report", "evals/output.json", other) is None
    bench = {"config": None, "version": 2, "results": [{"name": "bench_1", "metrics": []}]}
    assert detect("eval_report", "output.json", bench) is None


def test_promptfoo_redteam_config_is_planned_coverage_without_results():
    raw = _raw("promptfoo/redteam-ollama-promptfooconfig.yaml")
    assert detect("eval_report", "redteam/promptfooconfig.yaml", raw) == \
        "promptfoo-redteam-config"
    report = adapt("promptfoo-redteam-config", raw)
    assert report.data["planned"]["plugins"] == ["harmful", "pii", "contracts",
                                                 "hallucination", "imitation"]
    assert report.data["planned"]["strategies"] == ["jailbreak", "jailbreak:composite"]
    assert report.data["results"] == [] and "results" in report.unsupported
    assert report.data["model"] == {"name": "llama3.2-redteam"}


def test_a_plain_promptfoo_config_is_not_a_redteam_config():
    raw = {"prompts": ["p"], "providers": ["openai:gpt-4o"], "tests": [{"vars": {}}]}
    assert detect("eval_report", "promptfooconfig.yaml", raw) is None


# Inspect --------------------------------------------------------------------------------

def test_inspect_eval_archive_is_read_from_bytes_like_a_json_log():
    (artifact,) = _load(INSPECT_EVAL, "logs/run.eval")
    assert isinstance(artifact, Artifact) and artifact.format == "inspect-ai"
    (result,) = artifact.data["results"]
    assert (result["id"], result["value"], result["samples"]) == (
        "input_task/model_graded_fact/accuracy", 1.0, 1)
    assert artifact.data["model"] == {"name": "openai/gpt-4o-mini"}
    assert artifact.raw["reductions"][0]["scorer"] == "model_graded_fact"


# lm-eval --------------------------------------------------------------------------------

def test_lm_eval_03_result_under_model_and_task_name():
    rel = "lm-eval/0.3/bloom-1b7/bloom-1b7_gsm8k_8-shot.json"
    raw = _raw(rel)
    assert detect("eval_report", "bloom-1b7/bloom-1b7_gsm8k_8-shot.json", raw) == "lm-eval"
    report = adapt("lm-eval", raw)
    (result,) = report.data["results"]
    assert (result["id"], round(result["value"], 4)) == ("gsm8k/acc", 0.0129)
    assert report.data["model"] == {"name": "bigscience/bloom-1b7"}
    # 0.3 wrote no sample counts and no date: gaps of the format, not of the team
    assert {"results[].samples", "date"} <= set(report.unsupported)


def test_lm_eval_04_results_file_with_sample_counts_and_date():
    report = adapt("lm-eval", _raw("lm-eval/0.4/results_2025-07-21T14-41-47.889425.json"))
    ids = {r["id"]: r for r in report.data["results"]}
    assert set(ids) == {"eqbench_ca/eqbench,none", "eqbench_ca/percent_parseable,none",
                        "eqbench_es/eqbench,none", "eqbench_es/percent_parseable,none"}
    assert ids["eqbench_ca/eqbench,none"]["samples"] == 10
    assert report.data["date"] == "2025-07-21"
    assert "results[].samples" not in report.unsupported


# NeMo Guardrails ------------------------------------------------------------------------

def test_nemo_colang_2_config_is_guardrails_with_its_flows_as_a_gap():
    raw = _raw("nemo/abc_v2-config.yml")
    assert detect("config", "bots/abc_v2/config.yml", raw) == "nemo-guardrails"
    config = adapt("nemo-guardrails", raw)
    assert config.data["colang_version"] == "2.x" and config.data["safeguards"] == []
    assert "safeguards" in config.unsupported
    assert detect("config", "config.yml", {"colang_version": "2.x"}) == "nemo-guardrails"


def test_nemo_llm_judge_config_of_the_eval_tool_is_not_a_guardrails_config():
    assert detect("config", "eval/config/llm-judge.yml", _raw("nemo/eval-llm-judge.yml")) is None


# CycloneDX ------------------------------------------------------------------------------

def test_a_bom_without_models_or_datasets_is_not_an_ai_bom():
    raw = _raw("cyclonedx/valid-component-hashes-1.6.json")
    assert raw["bomFormat"] == "CycloneDX"
    assert detect("ai_bom", "bom.json", raw) is None
    nested = {"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
        {"type": "application", "name": "app", "components": [
            {"type": "machine-learning-model", "name": "m"}]}]}
    assert detect("ai_bom", "bom.json", nested) == "cyclonedx"


# failures stay failures -----------------------------------------------------------------

def test_a_broken_eval_archive_is_an_error_at_line_one():
    (failure,) = load_artifact("logs/broken.eval", "eval_report", b"PK\x03\x04 not really")
    assert isinstance(failure, LoadFailure) and failure.line == 1
    assert "not a readable .eval (zip) archive" in failure.message


# what looks close but is not a tool's output ---------------------------------------------

@pytest.mark.parametrize("kind, raw", [
    ("eval_report", {"elapsed_time": "02:23:19", "gpu": "NVIDIA A100 80GB PCIe"}),  # lm-eval runs
    ("eval_report", [{"description": "standalone assertion", "assert": [{"type": "contains"}]}]),
    ("threat_model", {"$schema": "http://json-schema.org/draft-07/schema#", "title": "threat model",
                      "type": "object", "properties": {"summary": {}, "detail": {}}}),
    ("config", {"include": "_turkishmmlu_default_yaml", "task": "turkishmmlu_biology"}),
])
def test_near_misses_match_no_format(kind, raw):
    assert detect(kind, "anywhere/file.json", raw) is None


def test_a_threat_dragon_model_is_recognised_wherever_it_is_and_whatever_its_name():
    demo = json.loads((DATA.parent / "corpus" / "threat-models" /
                       "threat-dragon-v2-demo.json").read_text(encoding="utf-8"))
    for where in ("ThreatDragonModels/Demo Threat Model.json", "docs/enter-the-dragon/v2.json"):
        assert detect("threat_model", where, demo) == "threat-dragon-v2"
