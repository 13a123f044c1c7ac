"""``any``: alternative checks; one passing is enough, else every alternative's findings."""
from __future__ import annotations

import pytest

from checker.checks import compile_check

IN_CARD = {"type": "schema", "path": "front_matter",
           "schema": {"owners": {"required": True}}}
IN_TEXT = {"type": "pattern", "require": [{"name": "owner", "any": [r"owner: @\w+"]}]}
NOTHING = {"type": "each", "path": "items", "require": [{"path": "id", "exists": True}],
           "if_empty": "not-applicable"}


def test_one_alternative_passing_passes(check, art):
    card = art("model_card", text="# Card\n\nowner: @alice\n", fmt="markdown")
    assert check({"type": "any", "checks": [IN_CARD, IN_TEXT]}, card) == []


def test_no_alternative_passing_reports_a_summary_then_each_finding(check, art):
    card = art("model_card", text="# Card\n\nNobody.\n", fmt="markdown")
    found = check({"type": "any", "checks": [IN_CARD, IN_TEXT]}, card)
    assert found[0].message.startswith("none of the alternatives holds: "
                                       "front_matter.owners: required field; or no mention of owner")
    assert [f.message for f in found[1:]] == [
        "front_matter.owners: required field",
        "no mention of owner"]


def test_not_applicable_when_no_alternative_applies(check, art):
    card = art("model_card", {"items": []})
    [finding] = check({"type": "any", "checks": [NOTHING, NOTHING]}, card)
    assert finding.not_applicable


@pytest.mark.parametrize("options, problem", [
    ({}, "checks"),
    ({"checks": [IN_CARD, {"type": "pattern"}]}, r"checks\[1\]: pattern needs"),
    ({"checks": [IN_CARD], "mode": "first"}, "mode"),
])
def test_bad_options_are_value_errors(options, problem):
    with pytest.raises(ValueError, match=problem):
        compile_check({"type": "any", **options})
