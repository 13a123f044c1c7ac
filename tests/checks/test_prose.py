"""Prose read in context: scope, negation, numbers in words, heading meanings."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.checks import prose


def affirmed(pattern: str, text: str) -> list[str]:
    scoped = prose.in_scope(text)
    return [m.group(0) for m in prose.affirmed(re.compile(pattern, re.I), scoped, 99)]


@pytest.mark.parametrize("text", [
    "We offer no safe harbour.",
    "There is never a safe harbour for testers.",
    "Safe harbour is not offered; testing is forbidden.",
])
def test_a_denied_statement_does_not_count(text):
    assert affirmed(r"safe harbou?r", text) == []


def test_a_promise_with_not_in_the_match_counts():
    assert affirmed(r"will not pursue legal action", "We will not pursue legal action.") \
        == ["will not pursue legal action"]


def test_a_denying_predicate_after_the_match_counts_as_negation():
    text = "Security research and safety red teaming against our models are forbidden."
    assert affirmed(r"security research|safety red teaming", text) == []


@pytest.mark.parametrize("text", ["We never roll back.", "We do not notify customers, regulators or any authority."])
def test_negated_duties_of_an_incident_plan_fail(text):
    assert affirmed(r"roll[- ]?back|notify|customers|regulators|authority", text) == []


def test_no_later_than_is_a_promise_not_a_denial():
    assert affirmed(r"\b\d+ business days", "We reply no later than five business days.") \
        == ["5 business days"]


def test_out_of_scope_heading_excludes_its_subtree_but_not_what_follows():
    text = ("## Out of scope\n\n- jailbreaks\n\n### Details\n\nprompt injection\n\n"
            "## In scope\n\nmodel theft\n")
    assert affirmed("jailbreaks|prompt injection|model theft", text) == ["model theft"]


def test_an_out_of_scope_lead_in_excludes_its_paragraph_and_list():
    text = ("Out of scope, and never rewarded: jailbreaks and prompt injection.\n\n"
            "Out of scope:\n\n- model theft\n- system prompt extraction\n\n"
            "We welcome reports of data extraction.\n")
    assert affirmed("jailbreaks|prompt injection|model theft|extraction", text) == ["extraction"]


def test_an_out_of_scope_list_item_excludes_only_itself():
    text = "- In scope: jailbreaks\n- Out of scope: prompt injection\n- model theft\n"
    assert affirmed("jailbreaks|prompt injection|model theft", text) == ["jailbreaks", "model theft"]


def test_headings_are_topics_not_statements():
    assert affirmed("safe harbou?r", "## Safe harbour\n\nWe offer none.\n") == []


def test_excluded_lines_keep_their_line_numbers():
    text = "a\n\nOut of scope: x\n\n## Out of scope\n\ny\n"
    assert prose.in_scope(text).count("\n") == text.count("\n")


@pytest.mark.parametrize("words, digits", [
    ("two business days", "2 business days"), ("Twenty-four hours", "24 hours"),
    ("seventy two hours", "72 hours"), ("ten working days", "10 working days"),
])
def test_numbers_written_in_words_read_as_digits(words, digits):
    assert prose.numbers_in_digits(words) == digits


def test_fenced_code_does_not_open_or_close_an_excluded_heading():
    text = "```\n## Out of scope\n```\njailbreaks\n"
    assert affirmed("jailbreaks", text) == ["jailbreaks"]


@pytest.mark.parametrize("meaning, title", [
    ("safety", "Bias, Risks, and Limitations"), ("safety", "Risks and Limitations"),
    ("safety", "Safeguards"), ("safety", "Responsibility & Safety"), ("safety", "Critical risks"),
    ("safety", "Hazard Taxonomy and Policy"), ("security", "Cyber Security"),
    ("security", "Safeguards against adversarial users"), ("security", "Threats"),
    ("safeguard-removal", "Safeguard removal and marginal risk"),
    ("safeguard-removal", "Fine-tuning attacks"),
])
def test_headings_are_matched_by_meaning(meaning, title):
    assert prose.meaning_regex(meaning).search(title)


@pytest.mark.parametrize("meaning, title", [
    ("safety", "Intended Use"), ("security", "Training Data"), ("safeguard-removal", "Security"),
])
def test_unrelated_headings_have_no_meaning(meaning, title):
    assert not prose.meaning_regex(meaning).search(title)


def test_reading_is_linear_on_a_long_hostile_text():
    text = ("no " * 50000) + "\n" + ("Out of scope:\n- x\n" * 20000)
    assert affirmed("x", text) == []


_PARTS = st.one_of(st.sampled_from(list(prose._NUMBER_WORDS) + [
    "twenty-one", "Ninety Nine", "FORTY two", "none", "often", "someone", "tenth", "1one",
    "_two", "two_", "\u017fix", "\u017feven\u017f", "s\u0131x", "\u0130", "\u212a", "\u00e9",
    "\u2013"]), st.sampled_from([" ", "-", "\n", "", ".", "x", "_"]), st.text(max_size=3))


def _sub(text):
    try:
        return prose._NUMBER.sub(prose._digits, text)
    except ValueError as exc:  # ("\u017feven": the regex reads it, the word list does not)
        return type(exc)


def _fast(text):
    try:
        return prose.numbers_in_digits(text)
    except ValueError as exc:
        return type(exc)


@given(st.lists(_PARTS, max_size=12), st.sampled_from([str, str.upper, str.title]))
@settings(max_examples=400, deadline=None)
def test_numbers_in_words_are_found_where_the_regex_finds_them(parts, case):
    """Trying the regex only where the lowercased text has a number word replaces what
    running it over the whole text replaces, whatever the case and the letters around."""
    text = case("".join(parts))
    assert _fast(text) == _sub(text)


@pytest.mark.parametrize("text, digits", [("within ſeven days", "within 7 days"),
                                          ("fıve business days", "5 business days"),
                                          ("İN TWENTY-ONE DAYS", "İN 21 DAYS")])
def test_number_words_with_letters_lower_keeps_apart_are_read_not_a_crash(text, digits):
    """'ſ', dotless 'ı' and 'İ' match the case-insensitive number words; the word is
    read through them instead of failing its lookup (the rule once reported an internal
    error on such a SECURITY.md)."""
    assert prose.numbers_in_digits(text) == digits
