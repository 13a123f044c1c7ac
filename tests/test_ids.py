"""ATLAS and OWASP LLM 2025 IDs shipped with the package, and their generator."""
from __future__ import annotations

import importlib.util
import json
import os
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


# ---------------------------------------------------------------- crosswalk lists
# The ciso-assistant framework libraries are AGPL-licensed and large (ai-act.yaml is 850 KB),
# so they are not copied into tests/data: point SAFESEC_FRAMEWORK_SOURCES at a folder of
# ciso-assistant-{ai-act,nist-ai-rmf-1.0,iso42001-2023}.yaml taken from
# intuitem/ciso-assistant-community backend/library/libraries/ at commit f990d7b to run it.
GEN_SOURCE = Path(os.environ.get("SAFESEC_FRAMEWORK_SOURCES")
                  or REPO / ".." / "shared" / "corpus" / "frameworks")


@pytest.mark.parametrize("key", sorted(ids.FRAMEWORKS))
def test_every_list_records_where_it_came_from(key):
    assert ids.framework_source(key)


@pytest.mark.parametrize("key,item,problem", [
    ("nist_ai_rmf", "MEASURE 2.7", None),
    ("nist_ai_rmf", "MEASURE 2.14", "MEASURE 2.14 is not in the shipped NIST AI RMF 1.0 list"),
    ("nist_ai_600_1", "MS-2.7-007", None),
    ("nist_ai_600_1", "MS-2.7-010", "MS-2.7-010 is not in the shipped NIST AI 600-1 list"),
    ("nist_ai_600_1", "MP-4.1-010", None),
    ("nist_ai_600_1", "MP-4.1-011", "MP-4.1-011 is not in the shipped NIST AI 600-1 list"),
    ("nist_ai_600_1", "GV-4.3-001", None),  # printed "GV4.3--001" in the PDF
    ("nist_ai_600_1", "GV4.3--001", "GV4.3--001 is not in the shipped NIST AI 600-1 list"),
    ("eu_gpai_cop", "Safety and Security 6.1", None),
    ("eu_gpai_cop", "Transparency 1.3", None),
    ("eu_gpai_cop", "Copyright 1.5", None),
    ("eu_gpai_cop", "Transparency 1.4", "Transparency 1.4 is not in the shipped EU GPAI Code of "
                                        "Practice list"),
    ("eu_gpai_cop", "Measure 6.1", "Measure 6.1 does not say which chapter of the Code it is in: "
                                   "write 'Safety and Security 6.1'"),
    ("eu_gpai_cop", "Measure 1.2", "Measure 1.2 does not say which chapter of the Code it is in: "
                                   "write 'Transparency 1.2' or 'Copyright 1.2' or "
                                   "'Safety and Security 1.2'"),
    ("eu_gpai_cop", "Measure 6.3", "Measure 6.3 is not in the shipped EU GPAI Code of Practice "
                                   "list"),
    ("iso_42001", "A.6.2.6", None),
    ("iso_42001", "A.6.2.9", "A.6.2.9 is not in the shipped ISO/IEC 42001:2023 list"),
    ("eu_ai_act", {"id": "Art. 55(1)(b)", "scope": "gpai-systemic"}, None),
    ("eu_ai_act", {"id": "Art. 15(6)", "scope": "high-risk"},
     "Art. 15(6): Article 15 has no paragraph or point 6"),
    ("eu_ai_act", {"id": "Art. 114", "scope": "any"}, "Art. 114: the EU AI Act has Articles 1 to 113"),
    ("eu_ai_act", "Art. 15(5)", "Art. 15(5) binds high-risk (write scope: high-risk), not None"),
    ("eu_ai_act", {"id": "Art. 55(1)", "scope": "high-risk"},
     "Art. 55(1) binds gpai-systemic (write scope: gpai-systemic), not high-risk"),
    ("eu_ai_act", {"id": "Article 15", "scope": "high-risk"},
     "'Article 15' is not an EU AI Act citation of the form Art. 15(5) or Art. 55(1)(a)"),
    ("atlas", "AML.T9999", "AML.T9999 is not in MITRE ATLAS 5.6.0"),
    ("owasp_llm_2025", "LLM01", "LLM01 lacks its edition year (write LLM01:2025)"),
    ("cwe", "CWE-79", "'cwe' is not a known framework (known: atlas, eu_ai_act, eu_gpai_cop, "
                      "iso_42001, nist_ai_600_1, nist_ai_rmf, owasp_llm_2025)"),
])
def test_reference_problem_names_what_is_wrong(key, item, problem):
    assert ids.reference_problem(key, item) == problem


def test_eu_citations_parse_into_article_and_point():
    assert ids.eu_article("Art. 55(1)(a)") == (55, "1.a")
    assert ids.eu_article("Art. 73") == (73, "")
    assert ids.eu_article("Art. 13(3)(b)(ii)") == (13, "3.b.ii")
    assert ids.eu_article("Art 15") is None
    assert ids.eu_scope("Art. 9(8)") == "high-risk" and ids.eu_scope("Art. 53(1)") == "gpai"
    assert ids.reference_text({"id": "Art. 9(8)", "scope": "high-risk"}) == "Art. 9(8) (high-risk)"
    assert ids.clause_title("eu_ai_act", "Art. 73(6)") == "Reporting of serious incidents"


def test_art_73_has_the_official_paragraph_numbers():
    """The source skips 73(4) and repeats a paragraph; the list carries 1 to 11."""
    assert ids.reference_problem("eu_ai_act", {"id": "Art. 73(4)", "scope": "high-risk"}) is None
    assert ids.reference_problem("eu_ai_act", {"id": "Art. 73(12)", "scope": "high-risk"})


def _framework_generator():
    spec = importlib.util.spec_from_file_location("gen_framework_ids",
                                                  REPO / "scripts" / "gen_framework_ids.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not (GEN_SOURCE / "ciso-assistant-ai-act.yaml").exists(),
                    reason="the ciso-assistant framework libraries are not here: set "
                           "SAFESEC_FRAMEWORK_SOURCES to a folder holding them (see GEN_SOURCE)")
def test_the_framework_generator_reproduces_the_lists_read_from_ciso_assistant(tmp_path):
    names = ("nist_ai_rmf", "eu_ai_act", "iso_42001")
    argv = ["--source", str(GEN_SOURCE), "-o", str(tmp_path)]
    assert _framework_generator().main(argv + [f"--only={n}" for n in names]) == 0
    for name in names:
        shipped = (REPO / "checker" / "data" / f"{name}.json").read_text(encoding="utf-8")
        assert (tmp_path / f"{name}.json").read_text(encoding="utf-8") == shipped, name
