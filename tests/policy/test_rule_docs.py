"""`safesec policy docs` and `safesec explain`: one renderer, and docs/rules.md is never stale."""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from checker.model import Rule, Severity
from checker.policy.loader import load_packs
from checker.policy.docs import pack_meta, render_pack, render_rule

ROOT = Path(__file__).resolve().parents[2]
COMMAND = "safesec policy docs policies --output docs/rules.md"
SECTIONS = ("### What it checks", "### Why it matters", "### Example", "### How to fix",
            "### References")


@pytest.fixture(scope="module")
def builtin_rules():
    rules, _settings = load_packs([ROOT / "policies"])
    return rules


def render_builtin(rules) -> str:
    return render_pack(rules, packs=pack_meta(str(ROOT / "policies")), command=COMMAND)


def test_committed_rules_md_is_current(builtin_rules):
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == render_builtin(builtin_rules), (
        "docs/rules.md is stale: run `python -m checker policy docs policies "
        "--output docs/rules.md` and commit the result")


def test_cli_writes_the_same_document(cli, tmp_path, builtin_rules):
    out = tmp_path / "rules.md"
    result = cli("policy", "docs", ROOT / "policies", "--output", out)
    assert result.exit_code == 0, result.output
    assert "36 rules" in result.output or f"{len(builtin_rules)} rules" in result.output
    body = out.read_text(encoding="utf-8").split("\n", 1)[1]
    assert body == render_builtin(builtin_rules).split("\n", 1)[1]


def test_every_rule_has_the_five_parts_an_index_row_and_both_examples(builtin_rules):
    text = render_builtin(builtin_rules)
    for rule in builtin_rules:
        section = render_rule(rule)
        assert section.startswith(f"## {rule.id} {rule.name}\n")
        positions = [section.index(s) for s in SECTIONS]
        assert positions == sorted(positions), rule.id
        assert "Fails:" in section and "Passes:" in section, f"{rule.id} lacks an example"
        assert "(not documented)" not in section, rule.id
        assert re.search(rf"^\| \[{re.escape(rule.id)}\]\(#", text, re.M)
        assert section.rstrip("\n") in text


def test_explain_prints_the_rules_section_of_the_docs(cli):
    result = cli("explain", "TM-4")
    assert result.exit_code == 0, result.output
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert result.output.startswith("## TM-4 indirect-prompt-injection-not-modelled\n")
    assert result.output.rstrip("\n") in committed
    assert "LLM01:2025" in result.output and "### How to fix" in result.output


def test_rendering_is_deterministic_whatever_the_input_order(builtin_rules):
    shuffled = list(builtin_rules)
    random.Random(7).shuffle(shuffled)
    assert render_builtin(shuffled) == render_builtin(builtin_rules)


def test_rules_are_grouped_by_dimension_in_the_documented_order(builtin_rules):
    prose = re.sub(r"^(`{3,})\w*\n.*?^\1$", "", render_builtin(builtin_rules), flags=re.M | re.S)
    headings = re.findall(r"^# (.+)$", prose, re.M)
    assert headings[1:] == ["Objectives of protection", "Threat models", "Problem framing",
                            "Governance"]


def _rule(**extra) -> Rule:
    fields = dict(id="X-1", name="thing-missing", title="A thing is present",
                  dimension="governance", discipline="security", severity=Severity.LOW,
                  applies_to=("security_policy",), check={"type": "pattern"}, pack="demo")
    return Rule(**{**fields, **extra})


def test_an_example_holding_a_fence_gets_a_longer_fence():
    rule = _rule(examples={"fail": "# Security\n```sh\ncurl x\n```\n"})
    section = render_rule(rule)
    assert "````markdown\n# Security\n```sh\ncurl x\n```\n````" in section


def test_atlas_references_link_and_others_are_listed():
    rule = _rule(references={"atlas": ["AML.T0051.001", "AML.M0020"], "eu_ai_act": ["Art. 15"],
                             "house": ["POL-7"]})
    refs = render_rule(rule).split("### References\n\n", 1)[1]
    assert refs.splitlines() == [
        "- MITRE ATLAS: [AML.T0051.001](https://atlas.mitre.org/techniques/AML.T0051.001), "
        "[AML.M0020](https://atlas.mitre.org/mitigations/AML.M0020)",
        "- EU AI Act: Art. 15",
        "- house: POL-7"]


def test_an_undocumented_rule_says_so():
    section = render_rule(_rule())
    assert "### Why it matters\n\n(not documented)" in section
    assert "### Example\n\n(no example)" in section
