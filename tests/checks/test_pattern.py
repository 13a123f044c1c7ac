"""``pattern``: regexes required, forbidden (with the line of the match), counted, in a ratio."""
from __future__ import annotations

import pytest

from checker.checks import compile_check

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
    assert finding.message == "no mention of safe harbour (expected a match of safe harbou?r)"


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
