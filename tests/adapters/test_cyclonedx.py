"""CycloneDX ML-BOMs -> ai_bom: model components, datasets and hashes."""
from __future__ import annotations

import pytest

from checker.adapters import AdaptError, adapt
from checker.adapters.cyclonedx import strong_hashes


def test_machine_learning_bom_lists_its_model_without_hashes(corpus):
    data = adapt("cyclonedx", corpus("boms/cyclonedx-1.6-machine-learning.json")).data
    assert data["spec_version"] == "1.6"
    assert data["models"] == ["component-a"]
    (model,) = data["components"]
    assert (model["name"], model["group"], model["version"]) == ("stable-diffusion", "CompVis",
                                                                 "1.4")
    assert model["model_card"] is True
    assert model["hashes"] == []  # no integrity evidence in this example


def test_data_component_and_external_reference(corpus):
    assert adapt("cyclonedx", corpus("boms/cyclonedx-1.6-component-data.json")).data[
        "datasets"] == ["my-configs"]
    llama = adapt("cyclonedx", corpus("boms/cyclonedx-1.6-ml-considerations-env.json")).data
    assert llama["models"] == ["huggingface.co-meta-llama-Llama-2-7b"]
    assert llama["components"][0]["external_references"][0]["url"] == \
        "https://huggingface.co/meta-llama/Llama-2-7b"


def test_nested_components_are_flattened(corpus):
    model = adapt("cyclonedx", corpus("threat-models/tmbom-pytm-example.cdx.json"))
    assert len(model.data["components"]) > 1 and model.data["models"] == []
    assert model.origin[("components", 1)] == ("components", 0, "components", 0)


def test_model_hashes_are_integrity_evidence():
    raw = {"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [{
        "type": "application", "name": "svc", "bom-ref": "svc", "components": [{
            "type": "machine-learning-model", "name": "bot", "bom-ref": "pkg:huggingface/o/bot",
            "hashes": [{"alg": "SHA-256", "content": "ab" * 32}, {"alg": "MD5", "content": "cd"}],
        }]}]}
    data = adapt("cyclonedx", raw).data
    assert data["models"] == ["pkg:huggingface/o/bot"]
    model = data["components"][1]
    assert [h["alg"] for h in model["hashes"]] == ["SHA-256", "MD5"]
    assert strong_hashes(model) == [{"alg": "SHA-256", "content": "ab" * 32}]


def test_pre_1_5_bom_cannot_type_models_and_missing_version_fails():
    old = adapt("cyclonedx", {"bomFormat": "CycloneDX", "specVersion": "1.4", "components": []})
    assert "components[].type=machine-learning-model" in old.unsupported
    with pytest.raises(AdaptError, match="specVersion"):
        adapt("cyclonedx", {"bomFormat": "CycloneDX"})
