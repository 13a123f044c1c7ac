"""load_artifact: the right parser by file name, README.md only with HF model keys, failures as data."""
from __future__ import annotations

from checker.loaders import LOADERS, parser_for
from checker.loaders.artifact import load_artifact
from checker.model import Artifact, LoadFailure


def test_parser_is_chosen_by_file_name():
    assert parser_for("models/a/MODEL_CARD.md") == "markdown"
    assert parser_for("a/evals/r.YML") == "yaml"
    assert parser_for("a/garak.report.jsonl") == "jsonl"
    assert parser_for("serving/config.toml") == "toml"
    assert parser_for(".github/CODEOWNERS") == "codeowners"
    assert parser_for("notes.txt") is None


def test_readme_without_front_matter_is_not_a_model_card():
    assert load_artifact("README.md", "model_card", b"# My project\n\nHello.\n") == []


def test_readme_with_front_matter_but_no_hf_model_keys_is_not_a_model_card():
    raw = b"---\ntitle: docs site\nlayout: page\n---\n# Docs\n"
    assert load_artifact("docs/README.md", "model_card", raw) == []


def test_dataset_card_readme_is_not_a_model_card():
    raw = b"---\nlicense: mit\ntask_categories: [text-generation]\npretty_name: Chats\n---\n# D\n"
    assert load_artifact("data/README.md", "model_card", raw) == []


def test_readme_with_hf_model_keys_is_a_model_card():
    raw = b"---\nlicense: mit\npipeline_tag: text-generation\n---\n# Model\n\nA model.\n"
    [card] = load_artifact("README.md", "model_card", raw)
    assert isinstance(card, Artifact)
    assert card.kind == "model_card"
    assert card.data["front_matter"]["pipeline_tag"] == "text-generation"
    assert card.line(("front_matter", "pipeline_tag")) == 3


def test_model_card_md_needs_no_hf_keys():
    [card] = load_artifact("models/a/MODEL_CARD.md", "model_card", b"# Card\n\nText.\n")
    assert isinstance(card, Artifact) and card.file == "models/a/MODEL_CARD.md"


def test_native_format_name_comes_from_the_schema_key():
    raw = b"schema: threat-model/v1\nthreats: []\n"
    [art] = load_artifact("threat-model.yaml", "threat_model", raw)
    assert art.format == "threat-model/v1"


def test_crlf_and_bom_are_normalised_so_lines_still_match():
    raw = b"\xef\xbb\xbfschema: eval-report/v1\r\nresults:\r\n  - id: E-1\r\n"
    [art] = load_artifact("evals/e.yaml", "eval_report", raw)
    assert art.line(("results", 0, "id")) == 3


def test_a_parse_error_becomes_a_load_failure_with_its_line():
    [failure] = load_artifact("m/evals/e.yaml", "eval_report", b"schema: x\nresults: [\n")
    assert isinstance(failure, LoadFailure)
    assert (failure.path, failure.kind, failure.format) == ("m/evals/e.yaml", "eval_report", "yaml")
    assert failure.line >= 2 and failure.message.startswith("invalid YAML")


def test_structured_kinds_need_a_mapping_at_the_top():
    [failure] = load_artifact("threat-model.yaml", "threat_model", b"- T-1\n- T-2\n")
    assert isinstance(failure, LoadFailure)
    assert "found a list" in failure.message


def test_empty_and_unknown_files_are_failures():
    [empty] = load_artifact("evals/e.yaml", "eval_report", b"  \n")
    [unknown] = load_artifact("serving/notes.txt", "config", b"a")
    assert "empty" in empty.message
    assert "no reader" in unknown.message


def test_a_large_json_list_found_by_extension_is_skipped_without_parsing(monkeypatch):
    parsed = []
    monkeypatch.setitem(LOADERS, "json", lambda text: parsed.append(text) or ([], None))
    raw = b"[" + b",".join(b'{"prompt": "hi", "label": 1}' for _ in range(20_000)) + b"]"
    [skipped] = load_artifact("data/train.json", "", raw, claimed=False)
    assert skipped.reason == "no known format" and parsed == []
    load_artifact("data/small.json", "", b'[{"a": 1}]', claimed=False)  # small: parsed
    assert len(parsed) == 1
