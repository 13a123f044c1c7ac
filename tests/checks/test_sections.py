"""``sections``: required Markdown headings with real content, placeholders refused."""
from __future__ import annotations

import pytest

from checker.checks import compile_check

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
