"""The registry, format detection on every corpus file, and None for native files."""
from __future__ import annotations

import dataclasses

import pytest

from checker import adapters
from checker.adapters import ADAPTERS, Adapted, AdaptError, adapt, detect
from checker.errors import LoadError

EXPECTED = {
    ("model_card", "models/deberta/README.md",
     "model-cards/hf-MoritzLaurer-DeBERTa-v3-base-mnli-fever-anli-README.md"): "hf-model-card",
    ("model_card", "models/beans/README.md",
     "model-cards/hf-hub-fixture-simple-model-index.md"): "hf-model-card",
    ("model_card", "models/bad/README.md",
     "model-cards/hf-hub-fixture-invalid-model-index.md"): "hf-model-card",
    ("model_card", "MODEL_CARD.md",
     "model-cards/hf-ucberkeley-dlab-hate-measure-roberta-large-README.md"): "hf-model-card",
    ("model_card", "model_card.md",
     "model-cards/ibm-granite-geospatial-biomass-model-card.md"): "hf-model-card",
    ("model_card", "MODEL_CARD.md", "model-cards/llama3-MODEL_CARD.md"): None,
    ("model_card", "MODEL_CARD.md", "model-cards/llama4-MODEL_CARD.md"): None,
    ("model_card", "MODEL_CARD.md", "model-cards/llama-guard3-8b-MODEL_CARD.md"): None,
    ("model_card", "MODEL_CARD.md", "model-cards/openai-whisper-model-card.md"): None,
    ("model_card", "model_card.md", "model-cards/stanford-alpaca-model_card.md"): None,
    ("threat_model", "security/threat-model.json",
     "threat-models/threat-dragon-v2-demo.json"): "threat-dragon-v2",
    ("threat_model", "security/threagile.yaml",
     "threat-models/threagile-example.yaml"): "threagile",
    ("threat_model", "security/husky.threatmodel.json",
     "threat-models/huskyai-otm-library.json"): None,
    ("threat_model", "security/pytm.threatmodel.json", "threat-models/pytm-tm-output.json"): None,
    ("eval_report", "evals/redteam/output.json",
     "eval-reports/promptfoo-redteam-output.json"): "promptfoo",
    ("eval_report", "evals/garak/garak.1234.report.jsonl",
     "eval-reports/garak-agg.report.jsonl"): "garak-jsonl",
    ("eval_report", "evals/inspect/log.json", "eval-reports/inspect-ai-eval-log.json"):
        "inspect-ai",
    ("eval_report", "evals/lm-eval/results_2024.json",
     "eval-reports/lm-eval-harness-results.json"): "lm-eval",
    ("config", "guardrails/config.yml", "guardrail-configs/nemo-abc-bot-config.yml"):
        "nemo-guardrails",
    ("config", "guardrails/content_safety/config.yml",
     "guardrail-configs/nemo-content-safety-config.yml"): "nemo-guardrails",
    ("config", "guardrails/jailbreak/config.yml",
     "guardrail-configs/nemo-jailbreak-detection-config.yml"): "nemo-guardrails",
    ("config", "guardrails/llama_guard/prompts.yml",
     "guardrail-configs/nemo-llama-guard-prompts.yml"): "nemo-guardrails",
    ("config", "deploy/litellm_config.yaml",
     "guardrail-configs/litellm-guardrails-eu-ai-act.yaml"): "litellm",
    ("ai_bom", "ml-bom.json", "boms/cyclonedx-1.6-machine-learning.json"): "cyclonedx",
    ("ai_bom", "bom.json", "boms/cyclonedx-1.6-component-data.json"): "cyclonedx",
    ("ai_bom", "llama.cdx.json", "boms/cyclonedx-1.6-ml-considerations-env.json"): "cyclonedx",
    # a threat-model BOM lists no model and no dataset: it is not an AI-BOM
    ("ai_bom", "tm.cdx.json", "threat-models/tmbom-pytm-example.cdx.json"): None,
}


def test_registry_lists_the_eleven_formats_each_named_by_its_module():
    assert list(ADAPTERS) == ["hf-model-card", "threat-dragon-v2", "threagile", "promptfoo",
                              "promptfoo-redteam-config", "garak-jsonl", "inspect-ai", "lm-eval",
                              "nemo-guardrails", "litellm", "cyclonedx"]
    for name, module in ADAPTERS.items():
        assert module.FORMAT == name
        assert isinstance(module.SIGNATURE_DOC, str) and module.SIGNATURE_DOC
        assert module.KIND in ("model_card", "threat_model", "eval_report", "config", "ai_bom")
        assert all(isinstance(f, str) and f for f in module.UNSUPPORTED)


@pytest.mark.parametrize("case", sorted(EXPECTED, key=str), ids=lambda c: c[2].split("/")[-1])
def test_detect_names_the_format_of_every_corpus_file(case, corpus):
    kind, where, rel = case
    assert detect(kind, where, corpus(rel)) == EXPECTED[case]


NATIVE = [
    ("threat_model", "threat-model.yaml", {"schema": "threat-model/v1", "threats": []}),
    ("eval_report", "evals/safety.yaml", {"schema": "eval-report/v1", "results": []}),
    ("config", "serving/app.yaml", {"kind": "serving", "safeguards": [], "rails": {}}),
    ("config", "config/train.yaml", {"learning_rate": 0.1}),
    ("model_card", "MODEL_CARD.md",
     {"front_matter": {"license": "mit", "risk_management": {"release": "api"}},
      "sections": [], "text": ""}),
    ("model_card", "MODEL_CARD.md", {"front_matter": {}, "sections": [], "text": "# Card"}),
    ("eval_report", "evals/notes.json", ["not", "garak"]),
    ("ai_bom", "bom.json", {"spdxVersion": "SPDX-2.3"}),
]


@pytest.mark.parametrize("kind,path,raw", NATIVE)
def test_detect_returns_none_for_native_and_unknown_files(kind, path, raw):
    assert detect(kind, path, raw) is None


def test_detect_only_claims_files_of_the_adapter_kind(corpus):
    litellm_cfg = corpus("guardrail-configs/litellm-guardrails-eu-ai-act.yaml")
    assert detect("threat_model", "threat-model.yaml", litellm_cfg) is None
    assert detect("config", "deploy/a.yaml", corpus("threat-models/threagile-example.yaml")) \
        is None


def test_adapt_of_an_unknown_format_is_a_load_error():
    with pytest.raises(LoadError, match="no adapter for format 'sarif'"):
        adapt("sarif", {})


def test_adapted_is_frozen_and_adapt_errors_are_load_errors():
    item = Adapted(kind="config", format="litellm", data={})
    with pytest.raises(dataclasses.FrozenInstanceError):
        item.kind = "x"  # type: ignore[misc]
    assert issubclass(AdaptError, LoadError)
    assert AdaptError("m", raw_path=("a", 1)).raw_path == ("a", 1)


def test_formats_for_kind():
    assert adapters.formats_for("threat_model") == ["threat-dragon-v2", "threagile"]
    assert adapters.formats_for("eval_report") == ["promptfoo", "promptfoo-redteam-config",
                                                   "garak-jsonl", "inspect-ai", "lm-eval"]


def test_cannot_express_names_format_and_field_for_missing_fields(corpus):
    model = adapt("threat-dragon-v2", corpus("threat-models/threat-dragon-v2-demo.json"))
    artifact = type("A", (), {"format": model.format, "unsupported": model.unsupported})()
    assert adapters.cannot_express(artifact, ("threats", 3, "actor", "budget")) == \
        "threat-dragon-v2 cannot express threats[].actor.budget"
    assert adapters.cannot_express(artifact, ("threats", 0, "actor")) == \
        "threat-dragon-v2 cannot express threats[].actor"
    assert adapters.cannot_express(artifact, ("hazards", 0, "severity")) == \
        "threat-dragon-v2 cannot express hazards"
    assert adapters.cannot_express(artifact, ("threats", 0, "severity")) is None
    native = type("N", (), {"format": "threat-model/v1", "unsupported": ()})()
    assert adapters.cannot_express(native, ("hazards",)) is None
