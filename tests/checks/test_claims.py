"""``claims``: affirmative robustness claims cite results that cover threats of their kind."""
from __future__ import annotations

SPEC = {"type": "claims",
        "claim": [r"\b(?:is|are|be)\s+(?:\w+\s+){0,2}?robust\b", r"\brobust (?:to|against)\b"],
        "results": {"kind": "eval_report", "path": "results[?threat_model=='adversarial']"},
        "threats": {"kind": "threat_model", "path": "threats"},
        "topics": [{"name": "jailbreaks", "any": ["jailbr"], "ids": ["AML.T0054", "LLM01:2025"]}]}
TM = {"threats": [{"id": "T-1", "atlas": ["AML.T0054"]}, {"id": "T-9", "atlas": ["AML.T0015"]}]}
EVAL = {"results": [{"id": "RT-1", "threat_model": "adversarial", "covers": ["T-1"]},
                    {"id": "RT-5", "threat_model": "adversarial", "covers": ["T-9"]},
                    {"id": "SAF-1", "threat_model": "natural", "covers": ["H-1"]}]}


def run(check, art, ctx, body):
    card = art("model_card", text=f"# bot\n\n## Security\n\n{body}\n", fmt="markdown")
    return check(SPEC, card, ctx(card, art("threat_model", TM), art("eval_report", EVAL)))


def test_a_claim_citing_a_result_of_its_kind_passes(check, art, ctx):
    assert run(check, art, ctx, "The model is robust to jailbreaks (RT-1).") == []


def test_a_claim_citing_nothing_fails_at_its_line_listing_the_results(check, art, ctx):
    [finding] = run(check, art, ctx, "The model is robust to jailbreaks.")
    assert finding.line == 5
    assert "cites no result" in finding.message and "RT-1, RT-5" in finding.message
    assert "SAF-1" not in finding.message  # not adversarial


def test_a_claim_citing_an_unrelated_result_fails(check, art, ctx):
    [finding] = run(check, art, ctx, "The model is robust to jailbreaks (RT-5).")
    assert "is about jailbreaks" in finding.message and "RT-5" in finding.message


def test_honest_and_neutral_text_is_not_a_claim(check, art, ctx):
    [finding] = run(check, art, ctx, "The model should be assumed not robust. We study the "
                                     "robustness of safety fine-tuning.")
    assert finding.not_applicable


def test_a_claim_without_any_adversarial_result_says_so(check, art, ctx):
    card = art("model_card", text="# bot\n\nThe model is robust to jailbreaks.\n", fmt="markdown")
    [finding] = check(SPEC, card, ctx(card))
    assert "the system has none" in finding.message


def test_a_hint_follows_every_finding(check, art, ctx):
    spec = {**SPEC, "hint": "(see step 5)"}
    card = art("model_card", text="# bot\n\n## Security\n\nThe model is robust to jailbreaks."
               "\n\nIt is robust against jailbreaks (RT-5).\n", fmt="markdown")
    found = check(spec, card, ctx(card, art("threat_model", TM), art("eval_report", EVAL)))
    assert len(found) == 2
    assert all(f.message.endswith(" (see step 5)") for f in found)
