"""``ai_bom``: the AI-BOM pins the card's model and base model by strong hash, names the
datasets, and agrees with the card's model and revision (native shape of the CycloneDX adapter)."""
from __future__ import annotations

import copy

import pytest

from checker.adapters import cyclonedx

SPEC = {"type": "ai_bom", "kind": "model_card"}
SHA = [{"alg": "SHA-256", "content": "9f2c" * 16}]
BOM = {
    "bomFormat": "CycloneDX", "specVersion": "1.6",
    "components": [
        {"type": "machine-learning-model", "bom-ref": "m", "name": "support-bot",
         "version": "3f2a9c1", "hashes": SHA,
         "modelCard": {"modelParameters": {"datasets": [{"ref": "d"}]}}},
        {"type": "machine-learning-model", "bom-ref": "b", "group": "mistralai",
         "name": "Mistral-7B-v0.3", "hashes": SHA},
        {"type": "data", "bom-ref": "d", "name": "transcripts", "hashes": SHA},
    ],
}
CARD = {"front_matter": {"base_model": "mistralai/Mistral-7B-v0.3",
                         "risk_management": {"model_id": "support-bot", "revision": "3f2a9c1"}}}


def _run(check, art, ctx, bom=BOM, card=CARD):
    artifact = art("ai_bom", cyclonedx.adapt(bom).data, path="models/a/aibom.cdx.json")
    model_card = art("model_card", card)
    return [f.message for f in check(SPEC, artifact, ctx(artifact, model_card))]


def _edit(change):
    bom = copy.deepcopy(BOM)
    change(bom["components"])
    return bom


def test_a_pinned_bom_that_matches_the_card_passes(check, art, ctx):
    assert _run(check, art, ctx) == []


@pytest.mark.parametrize("change,message", [
    (lambda c: c[0].update(hashes=[{"alg": "MD5", "content": "ab" * 16}]),
     "the model support-bot has no SHA-256 (or stronger) hash in the AI-BOM; MD5 and SHA-1 do not count"),
    (lambda c: c[1].pop("hashes"),
     "the base model mistralai/Mistral-7B-v0.3 has no SHA-256 (or stronger) hash in the AI-BOM; "
     "MD5 and SHA-1 do not count"),
    (lambda c: c[0].update(version="9b41d07"),
     "the AI-BOM pins support-bot at version '9b41d07' but the model card states revision '3f2a9c1'"),
    (lambda c: c[0].pop("modelCard"),
     "model support-bot names no training dataset (modelCard.modelParameters.datasets)"),
    (lambda c: c.pop(2),
     "model support-bot names dataset 'd', which is not a data component of the AI-BOM"),
    (lambda c: c.pop(1),
     "the base model mistralai/Mistral-7B-v0.3 (model card base_model) is not a model component of "
     "the AI-BOM, so its weights are not pinned"),
])
def test_each_gap_is_named(check, art, ctx, change, message):
    assert _run(check, art, ctx, bom=_edit(change)) == [message]


def test_the_card_must_name_a_model_the_bom_lists(check, art, ctx):
    other = {"front_matter": {**CARD["front_matter"], "risk_management": {"model_id": "other-bot"}}}
    [message] = _run(check, art, ctx, card=other)
    assert message.startswith("the model card's model 'other-bot' is not a model component")
    unnamed = {"front_matter": {"risk_management": {}}}
    assert "does not name its model" in _run(check, art, ctx, card=unnamed)[0]


def test_a_bom_without_models_fails(check, art, ctx):
    bom = {"bomFormat": "CycloneDX", "specVersion": "1.6", "components": []}
    assert _run(check, art, ctx, bom=bom) == [
        "the AI-BOM lists no machine-learning-model component: add the model (and its base model) "
        "with their hashes"]
