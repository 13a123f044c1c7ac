"""ATLAS and OWASP LLM 2025 IDs shipped with the package, and their generator."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from checker import ids
from checker.adapters.base import ids_in

REPO = Path(__file__).resolve().parents[1]
ATLAS_DIST = REPO / ".." / "shared" / "corpus" / "threat-models" / "mitre-atlas-ATLAS-dist.yaml"


def _generator():
    spec = importlib.util.spec_from_file_location("gen_atlas_ids",
                                                  REPO / "scripts" / "gen_atlas_ids.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("value,ok", [
    ("AML.T0054", True), ("AML.T0051.001", True), ("AML.TA0000", True), ("AML.M0020", True),
    ("AML.T9999", False), ("AML.T54", False), ("aml.t0054", False), ("AML.CS0016", False),
    (None, False), (54, False),
])
def test_is_atlas_id(value, ok):
    assert ids.is_atlas_id(value) is ok


@pytest.mark.parametrize("value,ok", [
    ("LLM01:2025", True), ("LLM10:2025", True), ("llm07:2025", True), ("LLM01", False),
    ("LLM01:2023", False), ("LLM11:2025", False), ("", False),
])
def test_is_owasp_llm_id_requires_the_2025_year(value, ok):
    assert ids.is_owasp_llm_id(value) is ok


def test_explain_id_says_what_is_wrong():
    assert ids.explain_id("LLM01:2025") is None
    assert ids.explain_id("LLM01") == "LLM01 lacks its edition year (write LLM01:2025)"
    assert ids.explain_id("AML.T9999") == "AML.T9999 is not in MITRE ATLAS 5.6.0"
    assert "neither" in ids.explain_id("T1059")
    assert ids.name_of("AML.T0054") == "LLM Jailbreak"
    assert ids.name_of("LLM01:2025") == "Prompt Injection"


def test_one_pattern_tests_a_value_and_finds_ids_in_text():
    assert ids.ATLAS_ID.fullmatch("AML.T0051.001") and ids.ATLAS_ID.fullmatch("AML.TA0002")
    assert not ids.ATLAS_ID.fullmatch("AML.M0001.001")
    assert ids.OWASP_LLM_ID.fullmatch("LLM01:2025") and not ids.OWASP_LLM_ID.fullmatch("LLM01")
    atlas, owasp = ids_in("see AML.T0054 and XAML.T0001 (AML.M0020)", None,
                          "LLM01:2025, LLM02:20251 and LLM07:2025")
    assert atlas == ["AML.M0020", "AML.T0054"]
    assert owasp == ["LLM01:2025", "LLM07:2025"]


def test_shipped_atlas_list_matches_the_5_6_0_release_counts():
    data = json.loads((REPO / "checker" / "data" / "atlas_ids.json").read_text())
    assert data["atlas_version"] == "5.6.0"
    assert (len(data["tactics"]), len(data["techniques"]), len(data["mitigations"])) == (16, 170,
                                                                                         35)


def test_generator_builds_sorted_lists_and_rejects_odd_ids():
    gen = _generator()
    atlas = {"version": "9.9", "matrices": [{
        "tactics": [{"id": "AML.TA0001", "name": "Staging"}],
        "techniques": [{"id": "AML.T0002.001", "name": "b"}, {"id": "AML.T0001", "name": "a"}],
        "mitigations": [{"id": "AML.M0001", "name": "m"}]}]}
    out = gen.build(atlas)
    assert out["techniques"] == ["AML.T0001", "AML.T0002.001"]
    assert out["names"]["AML.TA0001"] == "Staging" and out["atlas_version"] == "9.9"
    atlas["matrices"][0]["mitigations"].append({"id": "M0001"})
    with pytest.raises(SystemExit, match="unexpected mitigations id"):
        gen.build(atlas)


def test_shipped_file_is_what_the_generator_makes_from_the_corpus_release(tmp_path):
    if not ATLAS_DIST.is_file():
        pytest.skip("../shared/corpus not present")
    out = tmp_path / "atlas_ids.json"
    assert _generator().main([str(ATLAS_DIST), "-o", str(out)]) == 0
    assert out.read_text() == (REPO / "checker" / "data" / "atlas_ids.json").read_text()
