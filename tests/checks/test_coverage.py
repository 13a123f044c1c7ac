"""``coverage``: categories that must all appear (values, any_of, match, min, where, kind)."""
from __future__ import annotations

import pytest

from checker.checks import compile_check

TM = {"hazards": [{"id": "H-1", "source": "accident"}],
      "threats": [{"id": "T-1", "property": "C", "owasp_llm": ["LLM01:2025"]},
                  {"id": "T-2", "property": "I", "owasp_llm": []}]}


def coverage(*require):
    return {"type": "coverage", "require": list(require)}


def test_all_values_present_passes_and_a_missing_one_fails(check, art):
    tm = art("threat_model", TM)
    assert check(coverage({"name": "CI", "path": "threats[].property", "values": ["C", "I"]}),
                 tm) == []
    [finding] = check(coverage({"name": "CIA", "path": "threats[].property",
                                "values": ["C", "I", "A"]}), tm)
    assert finding.message == "CIA: missing A (found C, I)"


def test_any_of_and_match(check, art):
    tm = art("threat_model", TM)
    assert check(coverage({"name": "x", "path": "hazards[].source",
                           "any_of": ["accident", "misuse"]}), tm) == []
    [finding] = check(coverage({"name": "supply chain", "path": "threats[].owasp_llm[]",
                                "match": "^LLM0[34]:2025$"}), tm)
    assert finding.message == ("supply chain: expected a value matching /^LLM0[34]:2025$/ "
                               "(found LLM01:2025)")


def test_min_counts_values_and_may_come_from_a_setting(check, art, ctx):
    tm = art("threat_model", TM)
    rule = coverage({"name": "threats", "path": "threats[].id", "min": {"setting": "n"}})
    assert check(rule, tm, ctx(tm, settings={"n": 2})) == []
    [finding] = check(rule, tm, ctx(tm, settings={"n": 3}))
    assert finding.message == "threats: found 2, expected at least 3"
    [none] = check(coverage({"name": "objectives", "path": "objectives.security"}), tm)
    assert none.message == "objectives: none found"


def test_where_counts_only_matching_items(check, art):
    tm = art("threat_model", TM)
    rule = coverage({"name": "availability threat", "path": "threats",
                     "where": {"path": "property", "equals": "A"}})
    [finding] = check(rule, tm)
    assert finding.message == "availability threat: none found"


def test_values_from_every_artifact_of_a_kind_in_the_system(check, art, ctx):
    card = art("model_card", {"front_matter": {}})
    external = art("eval_report", {"assessor": {"type": "external"}}, path="models/a/evals/r.yaml")
    internal = art("eval_report", {"assessor": {"type": "internal"}}, path="models/a/evals/s.yaml")
    rule = coverage({"name": "external assessor", "path": "assessor.type", "kind": "eval_report",
                     "any_of": ["external"]})
    assert check(rule, card, ctx(card, external, internal)) == []
    [finding] = check(rule, card, ctx(card, internal))
    assert finding.message.endswith("(found internal) in the system's eval reports")


def test_when_skips_the_requirement(check, art):
    tm = art("threat_model", TM)
    rule = coverage({"name": "CIA", "path": "threats[].property", "values": ["A"],
                     "when": {"path": "hazards[0].source", "equals": "misuse"}})
    assert check(rule, tm) == []


def test_placeholders_do_not_count(check, art):
    tm = art("threat_model", {"objectives": {"security": ["TODO", "TBD"]}})
    [finding] = check(coverage({"name": "security objectives", "path": "objectives.security"}),
                      tm)
    assert finding.message == "security objectives: none found"


@pytest.mark.parametrize("require, problem", [
    ([], "require"),
    ([{"name": "x"}], "path"),
    ([{"name": "x", "path": "a", "kind": "spreadsheet"}], "unknown kind spreadsheet"),
    ([{"name": "x", "path": "a", "match": "("}], "invalid regex"),
    ([{"name": "x", "path": "a", "min": "two"}], "min"),
])
def test_bad_options_are_value_errors(require, problem):
    with pytest.raises(ValueError, match=problem):
        compile_check(coverage(*require))
