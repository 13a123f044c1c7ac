"""Through the core loader: the deliberately bad corpus files fail with a clear message.

(The unrendered-template and duplicate-key checks live in the core's Markdown/YAML
loaders; the invalid model-index check in the hf-model-card adapter.)
"""
from __future__ import annotations

from checker.loaders.artifact import load_artifact
from checker.model import Artifact, LoadFailure


def _load(relpath: str, kind: str, data: bytes) -> list:
    return load_artifact(relpath, kind, data)


def test_invalid_model_index_is_a_load_failure_naming_the_file(corpus_file):
    data = corpus_file("model-cards/hf-hub-fixture-invalid-model-index.md").read_bytes()
    (failure,) = _load("models/bad/README.md", "model_card", data)
    assert isinstance(failure, LoadFailure)
    assert failure.path == "models/bad/README.md"
    assert "invalid model-index" in failure.message and "'dataset'" in failure.message


def test_jinja_template_card_is_reported_as_unrendered(corpus_file):
    data = corpus_file("model-cards/hf-modelcard_template.md").read_bytes()
    (failure,) = _load("MODEL_CARD.md", "model_card", data)
    assert isinstance(failure, LoadFailure)
    assert "unrendered template" in failure.message


def test_duplicate_front_matter_key_is_reported():
    # the pattern of the hate-measure card's history: "language" given twice
    text = b"---\nlanguage:\n  - en\ntags: [hate-speech]\nlanguage: en\n---\n# Card\n"
    (failure,) = _load("MODEL_CARD.md", "model_card", text)
    assert isinstance(failure, LoadFailure)
    assert "duplicate key 'language'" in failure.message and failure.line == 5


def test_card_and_its_model_index_report_are_both_artifacts(corpus_file):
    data = corpus_file("model-cards/hf-hub-fixture-simple-model-index.md").read_bytes()
    card, report = _load("models/beans/README.md", "model_card", data)
    assert isinstance(card, Artifact) and card.format == "hf-model-card"
    assert isinstance(report, Artifact) and report.kind == "eval_report"
    assert report.unsupported and "results[].samples" in report.unsupported
    assert report.line(("results", 1)) > report.line(("results", 0)) > 1


def test_hf_card_values_keep_their_lines(corpus_file):
    data = corpus_file("model-cards/hf-hub-fixture-simple-model-index.md").read_bytes()
    card = _load("models/beans/README.md", "model_card", data)[0]
    assert card.format == "hf-model-card"
    assert card.line(("front_matter", "license")) == 3
    assert card.line(("front_matter", "model-index", 0, "results", 1, "dataset", "split")) == 29
    assert card.line(("sections", 1)) == 40  # "## Model description"
