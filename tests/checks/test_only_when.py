"""``only_when``: checks that apply only when a condition on the artifact holds."""
from __future__ import annotations

import pytest

SPEC = {"type": "only_when", "condition": {"path": "release", "in": ["open-weights"]},
        "reason": "the release publishes no weights",
        "checks": [{"type": "coverage", "require": [{"name": "section", "path": "section"}]},
                   {"type": "coverage", "require": [{"name": "threat", "path": "threat"}]}]}


def test_when_the_condition_holds_every_check_must_pass(check, art, ctx):
    card = art("model_card", {"release": "open-weights"})
    assert [f.message for f in check(SPEC, card, ctx(card))] == ["section: none found",
                                                                 "threat: none found"]
    good = art("model_card", {"release": "open-weights", "section": "x", "threat": "T-1"})
    assert check(SPEC, good, ctx(good)) == []


def test_when_it_does_not_hold_the_checks_do_not_apply_with_the_reason(check, art, ctx):
    for data in ({"release": "api"}, {}):
        card = art("model_card", data)
        [finding] = check(SPEC, card, ctx(card))
        assert finding.not_applicable and finding.message == "the release publishes no weights"


def test_a_condition_and_a_reason_are_required(check, art, ctx):
    card = art("model_card", {})
    for missing in ("condition", "reason"):
        with pytest.raises(ValueError, match=missing):
            check({k: v for k, v in SPEC.items() if k != missing}, card, ctx(card))
