"""``sections``: required Markdown headings with real content, placeholders refused."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.checks import compile_check, sections

CARD = """\
# bot

## Safety

We measure harmful compliance on two thousand natural prompts per release.

## Security

TODO

## Limitations
English only.
"""


def spec(*required, **extra):
    return {"type": "sections", "required": list(required), **extra}


SAFETY = {"name": "Safety", "match": "^safety$", "min_words": 5}
SECURITY = {"name": "Security", "match": "security"}


def test_a_section_with_enough_words_passes(check, art):
    card = art("model_card", text=CARD, fmt="markdown")
    assert check(spec(SAFETY), card) == []


def test_a_missing_section_fails_listing_the_headings_found(check, art):
    card = art("model_card", text=CARD, fmt="markdown")
    [finding] = check(spec({"name": "Evaluation", "match": "evaluat"}), card)
    assert finding.message.startswith("no Evaluation section")
    assert "headings found: bot, Safety, Security, Limitations" in finding.message


def test_a_placeholder_section_fails_at_its_heading(check, art):
    card = art("model_card", text=CARD, fmt="markdown")
    [finding] = check(spec(SECURITY), card)
    assert "Security section 'Security' is a placeholder" in finding.message
    assert card.line(finding.path) == 7
    # the reviewer is shown the placeholder text the section holds, never the regex
    assert "(it reads 'TODO')" in finding.message and "\\b" not in finding.message


def test_placeholder_ok_and_custom_placeholders(check, art):
    card = art("model_card", text=CARD, fmt="markdown")
    assert check(spec({**SECURITY, "placeholder_ok": True}), card) == []
    [finding] = check(spec({"name": "Limitations", "match": "limit"},
                           placeholders=[r"english only"]), card)
    assert "placeholder" in finding.message


def test_too_few_words_fails(check, art):
    card = art("model_card", text=CARD, fmt="markdown")
    [finding] = check(spec({"name": "Limitations", "match": "limit", "min_words": 10}), card)
    assert finding.message == "Limitations section 'Limitations' has 2 words; expected at least 10"
    assert card.line(finding.path) == 11


def test_min_words_from_a_setting(check, art, ctx):
    card = art("model_card", text=CARD, fmt="markdown")
    rule = spec({"name": "Safety", "match": "safety", "min_words": {"setting": "min_words"}})
    assert check(rule, card, ctx(card, settings={"min_words": 5})) == []
    assert len(check(rule, card, ctx(card, settings={"min_words": 50}))) == 1


def test_one_good_section_among_several_matches_is_enough(check, art):
    card = art("model_card", text="# Safety\nTODO\n\n# Safety details\nReal words here.\n",
               fmt="markdown")
    assert check(spec({"name": "Safety", "match": "safety", "min_words": 3}), card) == []


def test_data_without_sections_fails(check, art):
    report = art("eval_report", {"results": []})
    [finding] = check(spec(SAFETY), report)
    assert "no Markdown headings" in finding.message


@pytest.mark.parametrize("options, problem", [
    ({}, "required"),
    ({"required": []}, "required"),
    ({"required": [{"name": "x"}]}, "match"),
    ({"required": [{"name": "x", "match": "("}]}, "invalid regex"),
    ({"required": [{"name": "x", "match": "x", "min_words": "ten"}]}, "min_words"),
])
def test_bad_options_are_value_errors(options, problem):
    with pytest.raises(ValueError, match=problem):
        compile_check({"type": "sections", **options})


# ---- meanings, out-of-scope headings and citations of the system's evidence

HF_CARD = """\
# bot

## Bias, Risks, and Limitations

Harmful compliance on natural prompts (hazard H-1) is measured by result SAF-1 on two thousand
prompts per release, with a kill switch for the tools.

## Safeguards against adversarial users

Jailbreaks against the input-classifier (threat T-1) reach six percent attack success under
adaptive attacks in result RT-1, and we retest every release.
"""
CITE = [{"kind": "threat_model", "path": "hazards[].id", "name": "hazard ids"},
        {"kind": "threat_model", "path": "threats[].id", "name": "threat ids"},
        {"kind": "eval_report", "path": "results[].id", "name": "result ids"}]
MEANT = [{"name": "Safety", "meaning": "safety", "min_words": 20, "cite": CITE},
         {"name": "Security", "meaning": "security", "min_words": 20, "cite": CITE}]
TM = {"hazards": [{"id": "H-1"}], "threats": [{"id": "T-1"}]}
EVAL = {"results": [{"id": "SAF-1"}, {"id": "RT-1"}]}


def test_standard_card_headings_have_the_meanings(check, art, ctx):
    card = art("model_card", text=HF_CARD, fmt="markdown")
    assert check(spec(*MEANT), card, ctx(card, art("threat_model", TM), art("eval_report", EVAL))) == []


def test_filler_that_names_no_evidence_fails_and_names_examples(check, art, ctx):
    card = art("model_card", text=re.sub(r"\b(?:H-1|SAF-1|T-1|RT-1)\b", "it", HF_CARD),
               fmt="markdown")
    found = check(spec(*MEANT), card, ctx(card, art("threat_model", TM), art("eval_report", EVAL)))
    assert {f.message.split(" section")[0] for f in found} == {"Safety", "Security"}
    assert "does not refer to any of the system's hazard ids" in found[0].message
    assert "H-1" in found[0].message


def test_a_system_without_evidence_cannot_be_cited(check, art, ctx):
    card = art("model_card", text=HF_CARD, fmt="markdown")
    found = check(spec(*MEANT), card, ctx(card))
    assert found and "the system declares none" in found[0].message


def test_a_heading_under_an_out_of_scope_heading_does_not_count(check, art):
    card = art("model_card", text="# bot\n\n## Out-of-Scope Use\n\n### Safety\n\n" + "word " * 30,
               fmt="markdown")
    [finding] = check(spec({"name": "Safety", "meaning": "safety"}), card)
    assert finding.message.startswith("no Safety section")
    assert "out-of-scope" in finding.message


def test_a_requirement_needs_a_match_or_a_meaning(check, art):
    with pytest.raises(ValueError, match="'match' or 'meaning'"):
        check(spec({"name": "Safety"}), art("model_card", text=CARD, fmt="markdown"))


def test_a_hint_follows_a_missing_and_an_uncited_section_only(check, art, ctx):
    card = art("model_card", text=CARD, fmt="markdown")
    cited = {**SAFETY, "cite": [{"kind": "threat_model", "path": "threats[].id",
                                 "name": "threat ids"}]}
    found = check(spec(cited, {"name": "Evaluation", "match": "evaluat"},
                       {"name": "Security", "match": "security", "min_words": 3},
                       hint="(see step 5)"),
                  card, ctx(card, art("threat_model", {"threats": [{"id": "T-1"}]})))
    assert [f.message.endswith(" (see step 5)") for f in found] == [True, True, False]
    assert "does not refer to any of the system's threat ids" in found[0].message
    assert found[1].message.startswith("no Evaluation section")
    assert "is a placeholder" in found[2].message  # the same in 1.x: no step to name


_MARKS = ["TODO", "tbd", "FIXME later", "more information NEEDED", "{{ x }}", "{% y %}",
          "[fill in]", "Lorem Ipsum", "to\u017fdo", "ſ", "\u0130", "\u0131", "\u212a", "TOD", "xtodo",
          "todox", "\n", " ", "word", "é"]


@given(st.lists(st.sampled_from(_MARKS), max_size=10).map("".join),
       st.sampled_from([None, ["(?:TODO)", "ſtop", "k\\w", "[fill]{2}", "x|y", "\\bmore\\b"]]))
@settings(max_examples=300, deadline=None)
def test_a_placeholder_is_found_as_by_trying_each_regex(body, placeholders):
    """Placeholders whose text the lowercased section lacks are not run: the one found
    is the one running them all in order finds, whatever the case and letters."""
    options = {"required": [{"name": "x", "match": "x", "min_words": 1, "placeholder_ok": False}]}
    opts = sections.compile({**options, "placeholders": placeholders} if placeholders else options)
    assert sections._placeholder(opts, body) is next(
        (m for m in opts.placeholders if m.search(body)), None)
