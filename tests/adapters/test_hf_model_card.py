"""Hugging Face cards: model-index -> derived non-adversarial eval report; bad indexes fail."""
from __future__ import annotations

import pytest

from checker.adapters import AdaptError, adapt


def test_simple_model_index_becomes_two_non_adversarial_results(corpus):
    raw = corpus("model-cards/hf-hub-fixture-simple-model-index.md")
    card = adapt("hf-model-card", raw)
    assert card.kind == "model_card" and card.format == "hf-model-card"
    assert card.data is raw  # the card keeps its Markdown shape for the card rules
    (report,) = card.derived
    assert report.kind == "eval_report" and report.format == "hf-model-index"
    results = report.data["results"]
    assert [(r["metric"], r["value"]) for r in results] == [("accuracy", 0.9), ("f1", 0.66)]
    assert {r["threat_model"] for r in results} == {"non-adversarial"}
    assert results[1]["dataset"] == {"type": "beans", "name": "Beans", "config": "default",
                                     "split": "test",
                                     "revision": "5503434ddd753f426f4b38109466949a1217c2bb"}
    assert report.data["model"] == {"name": "my-cool-model"}
    assert "results[].samples" in report.unsupported
    assert "results[].interval" in report.unsupported


def test_origin_points_each_result_at_its_metric(corpus):
    report = adapt("hf-model-card", corpus("model-cards/hf-hub-fixture-simple-model-index.md")) \
        .derived[0]
    assert report.origin[("results", 1)] == ("front_matter", "model-index", 0, "results", 1,
                                             "metrics", 0)


def test_invalid_model_index_names_the_entry_and_the_missing_dataset(corpus):
    raw = corpus("model-cards/hf-hub-fixture-invalid-model-index.md")
    with pytest.raises(AdaptError) as err:
        adapt("hf-model-card", raw)
    assert "model-index[0].results[0] has no 'dataset'" in err.value.message
    assert err.value.raw_path == ("front_matter", "model-index", 0, "results", 0)


@pytest.mark.parametrize("index,expected", [
    ("not a list", "expected a non-empty list"),
    ([{"name": "m", "results": [{"task": {"type": "t"}, "dataset": {"type": "d"},
                                 "metrics": [{"type": "acc", "value": 1}]}]}],
     "model-index[0].results[0] is missing dataset.name"),
    ([{"name": "m", "results": [{"task": {"type": "t"}, "dataset": {"type": "d", "name": "D"},
                                 "metrics": [{"type": "acc"}]}]}],
     "model-index[0].results[0].metrics[0] needs 'type' and 'value'"),
    ([{"results": []}], "model-index[0] has no 'name'"),
])
def test_every_malformed_entry_is_reported(index, expected):
    raw = {"front_matter": {"model-index": index}, "sections": [], "text": ""}
    with pytest.raises(AdaptError, match=expected.replace("[", r"\[").replace("]", r"\]")):
        adapt("hf-model-card", raw)


def test_real_card_with_verified_results(corpus):
    raw = corpus("model-cards/hf-MoritzLaurer-DeBERTa-v3-base-mnli-fever-anli-README.md")
    report = adapt("hf-model-card", raw).derived[0]
    first = report.data["results"][0]
    assert first["metric"] == "accuracy" and first["value"] == 0.495
    assert first["verified"] is True
    assert first["dataset"]["split"] == "test_r3"
    assert report.data["model"]["name"] == "MoritzLaurer/DeBERTa-v3-base-mnli-fever-anli"


def test_card_without_model_index_has_no_derived_report(corpus):
    raw = corpus("model-cards/ibm-granite-geospatial-biomass-model-card.md")
    card = adapt("hf-model-card", raw)
    assert card.derived == () and card.unsupported == ()
