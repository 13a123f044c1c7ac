"""Every crosswalk reference of the built-in pack names a real clause of a shipped list.

The lists (checker/data) are generated from the frameworks' texts by
scripts/gen_framework_ids.py and gen_atlas_ids.py; a reference that is not in its list,
an EU AI Act article cited without whom it binds, or with the wrong scope, fails here.
"""
from __future__ import annotations

import pytest

from checker import ids
from checker.policy.loader import builtin_dir, load_packs


def _references() -> list[tuple[str, str, object]]:
    rules, _settings = load_packs([builtin_dir()])
    return [(rule.id, key, item) for rule in rules
            for key, items in sorted(rule.references.items()) for item in items]


REFERENCES = _references()


@pytest.mark.parametrize("rule,key,item", REFERENCES,
                         ids=[f"{r}-{k}-{ids.reference_id(i)}" for r, k, i in REFERENCES])
def test_each_reference_is_in_its_shipped_list(rule, key, item):
    assert ids.reference_problem(key, item) is None, f"{rule}: {ids.reference_problem(key, item)}"


def test_the_pack_cites_every_crosswalk_framework():
    cited = {key for _rule, key, _item in REFERENCES}
    assert cited == set(ids.FRAMEWORKS)


def test_eu_ai_act_citations_carry_their_scope():
    eu = [(rule, item) for rule, key, item in REFERENCES if key == "eu_ai_act"]
    assert eu and all(isinstance(item, dict) and item.get("scope") for _rule, item in eu)
    scopes = {item["id"]: item["scope"] for _rule, item in eu}
    assert scopes["Art. 15(5)"] == "high-risk"
    assert scopes["Art. 55(1)(b)"] == "gpai-systemic"
    assert scopes["Art. 50(2)"] == "any"


@pytest.mark.parametrize("rule,key,wrong", [
    ("GOV-8", "nist_ai_rmf", "GOVERN 1.1"),  # legal requirements: ATLAS/OWASP are not law
    ("INT-5", "nist_ai_rmf", "MEASURE 2.11"),  # fairness and bias
    ("PF-6", "eu_ai_act", "Art. 9(4)"),  # combined effects of measures
    ("PF-3", "eu_ai_act", "Art. 9(5)"),  # the threshold duty is Art. 9(8)
    ("GOV-7", "eu_ai_act", "Art. 43"),
    ("GOV-7", "eu_ai_act", "Art. 55(1)(a)"),
    ("TM-6", "eu_ai_act", "Art. 15(4)"),  # errors and faults, not attacks
    ("OBJ-3", "owasp_llm_2025", "LLM05:2025"),  # downstream output handling
    ("PF-5", "owasp_llm_2025", "LLM09:2025"),
    ("PF-5", "nist_ai_rmf", "MEASURE 2.13"),
    ("PF-1", "nist_ai_rmf", "MAP 1.5"),  # risk tolerance, not sample size
    ("GOV-5", "nist_ai_rmf", "GOVERN 3.1"),  # workforce diversity
    ("INT-8", "nist_ai_rmf", "MANAGE 2.3"),
])
def test_the_citations_the_domain_review_found_wrong_are_gone(rule, key, wrong):
    cited = {ids.reference_id(i) for r, k, i in REFERENCES if r == rule and k == key}
    assert wrong not in cited


@pytest.mark.parametrize("rule,key,cited", [
    ("GOV-9", "eu_gpai_cop", "Transparency 1.2"),  # information to downstream providers
    ("TM-9", "eu_gpai_cop", "Transparency 1.1"),  # model authenticity and dependencies
    ("TM-7", "nist_ai_600_1", "MP-5.1-006"),  # threats profiled with their likelihood
    ("PF-4", "nist_ai_600_1", "MP-2.3-005"),  # regular adversarial testing
    ("INT-6", "nist_ai_600_1", "MP-5.1-001"),  # TEVV of content provenance
    ("TM-8", "eu_gpai_cop", "Safety and Security 6.1"),  # the security goal
])
def test_chapter_qualified_measures_and_map_actions_are_cited_where_a_rule_checks_them(
        rule, key, cited):
    assert cited in {ids.reference_id(i) for r, k, i in REFERENCES if r == rule and k == key}


def test_no_code_of_practice_citation_leaves_its_chapter_unnamed():
    cop = [ids.reference_id(i) for _r, k, i in REFERENCES if k == "eu_gpai_cop"]
    assert cop and not [c for c in cop if c.startswith("Measure")]
