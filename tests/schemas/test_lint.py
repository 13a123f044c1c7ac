"""`policy validate` judges conditions against the same native formats as the editor schemas:
the built-in pack's closed schemas over native.py (checker.schemas.formats)."""
from __future__ import annotations

import copy

from checker.schemas import formats
from checker.schemas.lint import rule_problems


def threats_rule(cond: dict) -> dict:
    return {"applies_to": "threat_model",
            "check": {"type": "each", "path": "threats", "require": [cond]}}


def test_a_value_outside_a_vocabulary_the_pack_closes_never_holds():
    problems = rule_problems(threats_rule({"path": "actor.knowledge", "equals": "blackbox"}))
    assert problems == ["check: 'actor.knowledge' is one of black-box, gray-box, white-box, "
                        "defense-aware, insider; 'blackbox' is not, so comparing with it "
                        "never holds"]


def test_likelihood_is_a_word_of_the_rubric_or_its_number():
    """The severity check reads ``likely`` or 4: a number test can hold, a misspelt word
    cannot."""
    assert rule_problems(threats_rule({"path": "likelihood", "gte": 4})) == []
    assert rule_problems(threats_rule({"path": "likelihood", "in": ["likely", 4]})) == []
    problems = rule_problems(threats_rule({"path": "likelihood", "equals": "likley"}))
    assert len(problems) == 1 and "'likley' is not" in problems[0]


def test_a_field_the_pack_adds_is_known_and_one_it_drops_is_a_near_miss(monkeypatch):
    changed = copy.deepcopy(formats.builtin_rules())
    check = next(rule for rule in changed if rule["id"] == "TM-2")["check"]
    check["native"]["schema"]["mitre_id"] = {"type": "string"}
    check["native"]["schema"].pop("owasp_llm")
    monkeypatch.setattr(formats, "builtin", lambda: formats.derive(changed)[0])
    assert rule_problems(threats_rule({"path": "mitre_id", "exists": True})) == []
    assert rule_problems(threats_rule({"path": "owasp_lm", "exists": True})) == []
    assert rule_problems(threats_rule({"path": "mitre_di", "exists": True})) == [
        "check: path 'mitre_di': 'mitre_di' is not a field of the items (did you mean "
        "'mitre_id'?); the condition would never find a value"]
