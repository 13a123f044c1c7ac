"""``schema``: a Cerberus schema over the data or the value at ``path``."""
from __future__ import annotations

import pytest

from checker.checks import compile_check

CARD = """\
license: mit
risk_management:
  release: api
  risk_tier: TODO
"""
RM_SCHEMA = {"release": {"type": "string", "allowed": ["api", "open-weights"]},
             "risk_tier": {"type": "string", "not_placeholder": True},
             "owners": {"type": "dict", "required": True}}


def test_valid_data_passes(check, art):
    card = art("model_card", text="risk_management:\n  release: api\n  risk_tier: high\n"
               "  owners: {safety: '@s'}\n")
    assert check({"type": "schema", "path": "risk_management", "schema": RM_SCHEMA}, card) == []


def test_each_violation_is_a_finding_at_its_line(check, art):
    card = art("model_card", text=CARD)
    found = check({"type": "schema", "path": "risk_management", "schema": RM_SCHEMA}, card)
    assert [(f.message, card.line(f.path)) for f in found] == [
        ("risk_management.owners: required field", 2),
        ("risk_management.risk_tier: is a placeholder ('TODO'); fill it in", 4),
    ]


def test_whole_document_by_default(check, art):
    card = art("model_card", text=CARD)
    [finding] = check({"type": "schema", "schema": {"license": {"allowed": ["apache-2.0"]}}}, card)
    assert finding.message == "license: unallowed value mit (expected one of apache-2.0)"
    assert card.line(finding.path) == 1


def test_missing_or_non_mapping_path_fails(check, art):
    card = art("model_card", text=CARD)
    [missing] = check({"type": "schema", "path": "model_index", "schema": {}}, card)
    [scalar] = check({"type": "schema", "path": "license", "schema": {}}, card)
    assert missing.message == "model_index is missing (expected a mapping)"
    assert scalar.message == "license is a str (expected a mapping)"


def test_allow_unknown_false_refuses_other_keys(check, art):
    card = art("model_card", text=CARD)
    [finding] = check({"type": "schema", "allow_unknown": False,
                       "schema": {"license": {"type": "string"}}}, card)
    assert finding.message == "risk_management: unknown key 'risk_management' (expected one of license)"


def test_isodate_type_accepts_dates_and_date_strings(check, art):
    report = art("eval_report", text="date: 2026-01-02\nuntil: '2026-02-03'\nbad: '2026-13-01'\n")
    schema = {name: {"type": "isodate"} for name in ("date", "until", "bad")}
    [finding] = check({"type": "schema", "schema": schema}, report)
    assert finding.message == "bad: must be of isodate type"


@pytest.mark.parametrize("spec, problem", [
    ({"type": "schema"}, "schema: required field"),
    ({"type": "schema", "schema": {"a": {"type": "nonsense"}}}, "invalid Cerberus schema"),
    ({"type": "schema", "schema": {}, "allow_unknown": "yes"}, "allow_unknown"),
    ({"type": "schema", "schema": {}, "extra": 1}, "extra: unknown field"),
    ({"type": "no-such-check"}, "unknown check type 'no-such-check'"),
    ({"schema": {}}, "needs a 'type'"),
])
def test_bad_options_are_value_errors(spec, problem):
    with pytest.raises(ValueError, match=problem):
        compile_check(spec)
