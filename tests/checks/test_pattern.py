"""``pattern``: regexes required, forbidden (with the line of the match), counted, in a ratio;
its shortcuts answer as the plain definitions do (the prose of a text found in one pass, and
a shared document's matches reused across systems)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.checks import compile_check
from checker.checks.base import Context
from checker.checks.pattern import _UNFILLED, _prose

POLICY = """\
# Security Policy

Email security@example.org; we answer within 2 business days.

Internal token: sk-test-123
"""


def pattern(**options):
    return {"type": "pattern", **options}


def test_required_pattern_present_passes(check, art):
    policy = art("security_policy", text=POLICY, fmt="markdown")
    rule = pattern(require=[{"name": "a channel", "any": [r"security@", r"/report"]},
                            {"name": "a timeline", "any": [r"\d+ business days"]}])
    assert check(rule, policy) == []


def test_required_pattern_absent_fails_naming_it(check, art):
    policy = art("security_policy", text=POLICY, fmt="markdown")
    [finding] = check(pattern(require=[{"name": "safe harbour", "any": ["safe harbou?r"]}]), policy)
    assert finding.message == "no mention of safe harbour"


def test_matching_is_case_insensitive_and_min_count_counts(check, art):
    policy = art("security_policy", text=POLICY, fmt="markdown")
    assert check(pattern(require=[{"name": "s", "any": ["SECURITY"], "min_count": 2}]), policy) == []
    assert len(check(pattern(require=[{"name": "s", "any": ["security"], "min_count": 3}]),
                     policy)) == 1


def test_forbidden_pattern_fails_at_the_line_of_the_match(check, art):
    policy = art("security_policy", text=POLICY, fmt="markdown")
    [finding] = check(pattern(forbid=[{"name": "a secret", "any": [r"sk-[a-z]+-\d+"]}]), policy)
    assert finding.message == "a secret: found 'sk-test-123'"
    assert finding.line == 5


def test_forbidden_line_counts_front_matter_lines(check, art):
    card = art("model_card", text="---\nlicense: mit\n---\n# Card\n\nTODO later\n", fmt="markdown")
    [finding] = check(pattern(forbid=[{"name": "todo", "any": ["TODO"]}]), card)
    assert finding.line == 6


def test_when_skips_a_requirement(check, art):
    card = art("model_card", text="---\nrisk_management: {release: api}\n---\n# Card\n",
               fmt="markdown")
    group = {"name": "marginal risk", "any": ["marginal risk"],
             "when": {"path": "front_matter.risk_management.release", "equals": "open-weights"}}
    assert check(pattern(require=[group]), card) == []
    group["when"]["equals"] = "api"
    assert len(check(pattern(require=[group]), card)) == 1


def test_path_searches_only_those_values(check, art):
    report = art("eval_report", {"notes": ["adaptive attack", "budget 100"], "other": "secret"})
    assert check(pattern(path="notes", forbid=[{"name": "s", "any": ["secret"]}]), report) == []
    assert len(check(pattern(path="notes", require=[{"name": "s", "any": ["secret"]}]),
                     report)) == 1


RATIO = {"name": "security share", "numerator": ["security", "attack"],
         "denominator": ["safety", "harm"], "min": 0.5}


def test_ratio_met_passes_and_unmet_fails(check, art):
    balanced = art("model_card", text="# c\nsafety harm security attack\n", fmt="markdown")
    lopsided = art("model_card", text="# c\nsafety harm harm safety security\n", fmt="markdown")
    assert check(pattern(ratio=RATIO), balanced) == []
    [finding] = check(pattern(ratio=RATIO), lopsided)
    assert finding.message.startswith("security share: 1 matches against 4 is 0.250")
    assert not finding.not_applicable


def test_ratio_without_denominator_matches_does_not_apply(check, art):
    card = art("model_card", text="# c\nsecurity only\n", fmt="markdown")
    [finding] = check(pattern(ratio=RATIO), card)
    assert finding.not_applicable


def test_ratio_minimum_from_a_setting(check, art, ctx):
    card = art("model_card", text="# c\nsafety harm harm safety security\n", fmt="markdown")
    rule = pattern(ratio={**RATIO, "min": {"setting": "ratio"}})
    assert check(rule, card, ctx(card, settings={"ratio": 0.2})) == []


@pytest.mark.parametrize("options, problem", [
    ({}, "needs 'require', 'forbid' or 'ratio'"),
    ({"require": [{"name": "x", "any": ["("]}]}, "invalid regex"),
    ({"require": [{"name": "x"}]}, "any"),
    ({"require": [{"name": "x", "any": ["a"], "min_count": 0}]}, "min_count"),
    ({"ratio": {"numerator": ["a"], "denominator": ["b"]}}, "min"),
])
def test_bad_options_are_value_errors(options, problem):
    with pytest.raises(ValueError, match=problem):
        compile_check(pattern(**options))


# --- shortcuts ---------------------------------------------------------------------------

PIECES = st.sampled_from(["#", " ", "\t", "\n", "\r", "\x0b", "\x85", "\u2028", "TODO", "todo",
                          "TBD", "FIXME", "<a b>", "<x", ">", "<Ab-c>", "word", "_", "é",
                          "safety", "ſ", "K", "FıXME", "tbd", "İ", "xTODO",
                          "_todo", "1TBD", "éFIXME", "tODOS", "TTODO", "fixme_", "ª"])
TEXTS = st.lists(PIECES, max_size=30).map("".join)


def _prose_by_line(text: str) -> str:
    return "\n".join(ln for ln in text.split("\n") if not _UNFILLED.search(ln))


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_prose_in_one_pass_drops_the_lines_the_per_line_search_drops(text):
    assert _prose(text) == _prose_by_line(text)


def test_prose_keeps_plain_lines_and_drops_headings_and_todos():
    text = "# Title\nsafe text\n  ## sub\nTODO later\n<owner> here\nsecure\n"
    assert _prose(text) == "safe text\nsecure\n"


def test_a_shared_document_is_searched_once_per_group(art):
    policy = art("security_policy", text="prompt injection and jailbreaks\nsk-1\n",
                 fmt="markdown")
    module, opts = compile_check({"type": "pattern",
                                  "require": [{"name": "pi", "any": ["prompt injection"]},
                                              {"name": "x", "any": ["exfil"]}],
                                  "forbid": [{"name": "key", "any": [r"sk-\d"]}]})
    memo: dict = {}
    answers = []
    for system in ("a", "b"):
        ctx = Context(system=system, artifacts=[policy], settings={}, memo=memo)
        answers.append([(f.message, f.line) for f in module.check(opts, policy, ctx)])
    assert answers[0] == answers[1] == [
        ("no mention of x", None), ("key: found 'sk-1'", 2)]
    assert len(memo) == 3  # one answer per group and text


# ---- in_context: prose read in context (checks.prose)

IN_CONTEXT = {"type": "pattern", "in_context": True, "require": [
    {"name": "safe harbour", "any": ["safe[- ]harbou?r"]},
    {"name": "a timeline", "any": [r"\b\d+ business days"]}]}


def test_in_context_refuses_a_denied_requirement_and_says_why(check, art):
    doc = art("security_policy", text="# Policy\n\nWe offer no safe harbour. We reply in 2 business days.\n",
              fmt="markdown")
    [finding] = check(IN_CONTEXT, doc)
    assert finding.message.startswith("no statement of safe harbour")
    assert "denying clause" in finding.message


def test_in_context_reads_numbers_in_words_and_passes_affirmed_text(check, art):
    doc = art("security_policy", text="# Policy\n\nSafe harbour applies. We reply within two business days.\n",
              fmt="markdown")
    assert check(IN_CONTEXT, doc) == []


def test_without_in_context_the_old_keyword_reading_stays(check, art):
    spec = {**IN_CONTEXT, "in_context": False}
    doc = art("security_policy", text="# Policy\n\nWe offer no safe harbour. 2 business days.\n",
              fmt="markdown")
    assert check(spec, doc) == []


def test_in_context_ignores_what_is_listed_out_of_scope(check, art):
    spec = {"type": "pattern", "in_context": True,
            "require": [{"name": "prompt injection", "any": ["prompt injection"]}]}
    doc = art("security_policy", text="# Policy\n\n## Out of scope\n\n- prompt injection\n",
              fmt="markdown")
    assert len(check(spec, doc)) == 1


def test_a_hint_follows_the_findings_of_the_in_context_reading(check, art):
    policy = art("security_policy", text="# Policy\n\n## Safe harbour\n\nWe offer no safe "
                 "harbour.\n", fmt="markdown")
    groups = [{"name": "safe harbour", "any": [r"safe[- ]harbou?r"]}]
    [finding] = check(pattern(require=groups, in_context=True, hint="(see step 6)"), policy)
    assert finding.message.startswith("no statement of safe harbour")
    assert finding.message.endswith(" (see step 6)")
    [plain] = check(pattern(require=[{"name": "a channel", "any": ["security@"]}],
                            hint="(see step 6)"), policy)
    assert plain.message == "no mention of a channel"  # read as in 1.x: nothing new to say
