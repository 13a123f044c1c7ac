"""adapters.recognise: a structured file's kind and format from its content alone, whatever
its name; the reason a file is no artifact otherwise."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from checker.adapters import native_kind, recognise

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"


def _data(path: Path):
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)


@pytest.mark.parametrize("name, kind, fmt", [
    ("threat-models/threat-dragon-v2-demo.json", "threat_model", "threat-dragon-v2"),
    ("threat-models/threagile-example.yaml", "threat_model", "threagile"),
    ("eval-reports/promptfoo-redteam-output.json", "eval_report", "promptfoo"),
    ("eval-reports/garak-agg.report.jsonl", "eval_report", "garak-jsonl"),
    ("eval-reports/inspect-ai-eval-log.json", "eval_report", "inspect-ai"),
    ("eval-reports/lm-eval-harness-results.json", "eval_report", "lm-eval"),
    ("guardrail-configs/nemo-content-safety-config.yml", "config", "nemo-guardrails"),
    ("guardrail-configs/litellm-guardrails-eu-ai-act.yaml", "config", "litellm"),
    ("boms/cyclonedx-1.6-machine-learning.json", "ai_bom", "cyclonedx"),
])
def test_real_files_are_recognised_under_any_name(name, kind, fmt):
    data = _data(CORPUS / name)
    for where in (f"anywhere/{Path(name).name}", "x/y/data.json"):
        assert recognise(where, data) == (kind, fmt)


@pytest.mark.parametrize("data, kind", [
    ({"schema": "threat-model/v1"}, "threat_model"),
    ({"schema": "eval-report/v1", "results": []}, "eval_report"),
    ({"schema": "eval-report/v7"}, "eval_report"),  # claimed; the version is checked on load
    ({"kind": "serving"}, "config"),
    ({"kind": "gateway", "model_list": [{"litellm_params": {}}]}, "config"),
])
def test_native_markers_come_first(data, kind):
    assert native_kind(data) == kind
    assert recognise("a.yaml", data) == (kind, None)


@pytest.mark.parametrize("data, reason", [
    ({"$schema": "http://json-schema.org/draft-07/schema#"}, "a JSON Schema"),
    ({"type": "object", "properties": {"a": {}}}, "a JSON Schema"),
    ({"kind": "Deployment", "apiVersion": "apps/v1"}, "no known format"),
    ([{"name": "a"}], "no known format"),
    ({"schema": "https://example.com/other"}, "no known format"),
    (None, "an empty document"),
    ({}, "an empty document"),
])
def test_the_reason_a_file_is_no_artifact(data, reason):
    assert recognise("evals/x.json", data) == reason
