"""Every corpus file of an adapted kind, placed where a team keeps it, is discovered as its
kind and read without error; the deliberately invalid ones fail with a message naming why."""
from __future__ import annotations

from pathlib import Path

import pytest

from checker.loaders.artifact import load_artifact
from checker.model import Artifact, LoadFailure
from checker.run import discover


REPO = Path(__file__).resolve().parents[2]
SOURCES = (REPO / "tests" / "data" / "corpus", REPO / ".." / "shared" / "corpus")

# corpus file -> (place in a repository, kind, format of the artifact(s) read from it)
LAYOUT = {
    "model-cards/hf-MoritzLaurer-DeBERTa-v3-base-mnli-fever-anli-README.md":
        ("models/deberta/README.md", "model_card", ["hf-model-card", "hf-model-index"]),
    "model-cards/hf-hub-fixture-simple-model-index.md":
        ("models/beans/README.md", "model_card", ["hf-model-card", "hf-model-index"]),
    "model-cards/hf-ucberkeley-dlab-hate-measure-roberta-large-README.md":
        ("models/hate-measure/MODEL_CARD.md", "model_card", ["hf-model-card"]),
    "model-cards/ibm-granite-geospatial-biomass-model-card.md":
        ("models/granite/model_card.md", "model_card", ["hf-model-card"]),
    "model-cards/llama3-MODEL_CARD.md": ("models/llama3/MODEL_CARD.md", "model_card", ["markdown"]),
    "model-cards/llama4-MODEL_CARD.md": ("models/llama4/MODEL_CARD.md", "model_card", ["markdown"]),
    "model-cards/llama-guard3-8b-MODEL_CARD.md":
        ("models/llama-guard3/MODEL_CARD.md", "model_card", ["markdown"]),
    "model-cards/llama-prompt-guard-2-86m-MODEL_CARD.md":
        ("models/prompt-guard/MODEL_CARD.md", "model_card", ["markdown"]),
    "model-cards/openai-whisper-model-card.md":
        ("models/whisper/model_card.md", "model_card", ["markdown"]),
    "model-cards/stanford-alpaca-model_card.md":
        ("models/alpaca/model_card.md", "model_card", ["markdown"]),
    "threat-models/threat-dragon-v2-demo.json":
        ("security/threat-model.json", "threat_model", ["threat-dragon-v2"]),
    "threat-models/threagile-example.yaml":
        ("security/threagile.yaml", "threat_model", ["threagile"]),
    "eval-reports/promptfoo-redteam-output.json":
        ("evals/redteam/output.json", "eval_report", ["promptfoo"]),
    "eval-reports/garak-agg.report.jsonl":
        ("evals/garak/garak.1c2d.report.jsonl", "eval_report", ["garak-jsonl"]),
    "eval-reports/inspect-ai-eval-log.json":
        ("evals/inspect/2024-11-05T13-31-45_input-task.json", "eval_report", ["inspect-ai"]),
    "eval-reports/lm-eval-harness-results.json":
        ("evals/lm-eval/results_2024-11-05.json", "eval_report", ["lm-eval"]),
    "guardrail-configs/nemo-abc-bot-config.yml":
        ("guardrails/abc/config.yml", "config", ["nemo-guardrails"]),
    "guardrail-configs/nemo-content-safety-config.yml":
        ("guardrails/content_safety/config.yml", "config", ["nemo-guardrails"]),
    "guardrail-configs/nemo-jailbreak-detection-config.yml":
        ("config/jailbreak_detection/config.yml", "config", ["nemo-guardrails"]),
    "guardrail-configs/nemo-llama-guard-prompts.yml":
        ("guardrails/llama_guard/prompts.yml", "config", ["nemo-guardrails"]),
    "guardrail-configs/litellm-guardrails-eu-ai-act.yaml":
        ("deploy/litellm_config.yaml", "config", ["litellm"]),
    "boms/cyclonedx-1.6-machine-learning.json": ("ml-bom.json", "ai_bom", ["cyclonedx"]),
    "boms/cyclonedx-1.6-component-data.json": ("data/bom.json", "ai_bom", ["cyclonedx"]),
    "boms/cyclonedx-1.6-ml-considerations-env.json":
        ("models/llama2.cdx.json", "ai_bom", ["cyclonedx"]),
}
INVALID = {
    "model-cards/hf-hub-fixture-invalid-model-index.md":
        ("models/bad-index/README.md", "model_card", "invalid model-index"),
    "model-cards/hf-modelcard_template.md":
        ("templates/MODEL_CARD.md", "model_card", "unrendered template"),
}


def _source(rel: str) -> Path | None:
    return next((base / rel for base in SOURCES if (base / rel).is_file()), None)


def _read(rel: str, where: str, kind: str) -> list:
    source = _source(rel)
    if source is None:
        pytest.skip("../shared/corpus not present")
    assert discover.classify([where]) == [(where, kind)]
    return load_artifact(where, kind, source.read_bytes())


@pytest.mark.parametrize("rel", sorted(LAYOUT), ids=lambda r: r.split("/")[-1])
def test_corpus_file_is_discovered_as_its_kind_and_read(rel):
    where, kind, formats = LAYOUT[rel]
    loaded = _read(rel, where, kind)
    problems = [f"{x.path}:{x.line}: {x.message}" for x in loaded if isinstance(x, LoadFailure)]
    assert problems == []
    assert [a.format for a in loaded] == formats
    assert all(isinstance(a, Artifact) and a.data for a in loaded)


@pytest.mark.parametrize("rel", sorted(INVALID), ids=lambda r: r.split("/")[-1])
def test_invalid_corpus_file_fails_with_a_clear_message(rel):
    where, kind, expected = INVALID[rel]
    (failure,) = _read(rel, where, kind)
    assert isinstance(failure, LoadFailure)
    assert failure.path == where and expected in failure.message
