"""``cross_ref``: values of one artifact must be present in another of the same system."""
from __future__ import annotations

import pytest

from checker.checks import compile_check

CONFIG = """\
safeguards:
  - {id: input-classifier}
  - {id: pii-redactor}
"""
TM = {"assets": [{"id": "input-classifier", "kind": "safeguard"}, {"id": "weights", "kind": "model"}],
      "threats": [{"id": "T-1", "targets": ["weights"]}, {"id": "T-2", "targets": ["tokenizer"]}]}
TO_ASSETS = {"kind": "threat_model", "path": "assets[].id"}


def cross_ref(**options):
    return {"type": "cross_ref", **options}


def test_every_value_resolving_passes(check, art, ctx):
    tm = art("threat_model", TM)
    rule = cross_ref(items="threats", key="targets", to={"kind": "self", "path": "assets[].id"})
    tm_ok = art("threat_model", {**TM, "threats": TM["threats"][:1]})
    assert check(rule, tm_ok, ctx(tm_ok)) == []
    [finding] = check(rule, tm, ctx(tm))
    assert finding.message.startswith("T-2: 'tokenizer' not found in assets[].id")


def test_values_are_looked_up_in_another_kind_of_the_system(check, art, ctx):
    config = art("config", text=CONFIG)
    tm = art("threat_model", TM)
    [finding] = check(cross_ref(items="safeguards", to=TO_ASSETS), config, ctx(config, tm))
    assert finding.message == ("pii-redactor: 'pii-redactor' not found in assets[].id "
                               "(looked in models/a/threat-model.yaml)")
    assert config.line(finding.path) == 3


def test_target_items_filtered_by_where(check, art, ctx):
    config = art("config", {"safeguards": [{"id": "weights"}]})
    tm = art("threat_model", TM)
    rule = cross_ref(items="safeguards", to={"kind": "threat_model", "items": "assets",
                                             "path": "id", "where": {"path": "kind",
                                                                     "equals": "safeguard"}})
    [finding] = check(rule, config, ctx(config, tm))
    assert "'weights' not found" in finding.message


def test_no_artifact_to_resolve_against_fails(check, art, ctx):
    config = art("config", text=CONFIG)
    [finding] = check(cross_ref(items="safeguards", to=TO_ASSETS), config, ctx(config))
    assert finding.message == ("no threat model in system models/a to resolve safeguards "
                               "against")


def test_mode_any_needs_one_value_to_resolve(check, art, ctx):
    config = art("config", text=CONFIG)
    tm = art("threat_model", TM)
    rule = cross_ref(items="safeguards", to=TO_ASSETS, mode="any")
    assert check(rule, config, ctx(config, tm)) == []
    lonely = art("config", {"safeguards": [{"id": "x"}, {"id": "y"}]})
    [finding] = check(rule, lonely, ctx(lonely, tm))
    assert finding.message.startswith("none of 2 item(s) at safeguards resolves")


def test_missing_key_fails_unless_allowed(check, art, ctx):
    config = art("config", {"safeguards": [{"name": "no id"}]})
    tm = art("threat_model", TM)
    [finding] = check(cross_ref(items="safeguards", to=TO_ASSETS), config, ctx(config, tm))
    assert "(missing)" in finding.message
    assert check(cross_ref(items="safeguards", to=TO_ASSETS, allow_missing=True), config,
                 ctx(config, tm)) == []


@pytest.mark.parametrize("if_empty, expected", [
    ("not-applicable", [True]), ("fail", [False]), ("pass", [])])
def test_nothing_selected_follows_if_empty(check, art, ctx, if_empty, expected):
    config = art("config", {"safeguards": []})
    found = check(cross_ref(items="safeguards", to=TO_ASSETS, if_empty=if_empty), config,
                  ctx(config))
    assert [f.not_applicable for f in found] == expected


@pytest.mark.parametrize("options, problem", [
    ({"to": TO_ASSETS}, "items"),
    ({"items": "safeguards"}, "to"),
    ({"items": "safeguards", "to": {"kind": "spreadsheet", "path": "id"}}, "to"),
    ({"items": "safeguards", "to": TO_ASSETS, "mode": "most"}, "mode"),
    ({"items": "safeguards", "to": {"kind": "self", "path": "a[["}}, "invalid JMESPath"),
])
def test_bad_options_are_value_errors(options, problem):
    with pytest.raises(ValueError, match=problem):
        compile_check(cross_ref(**options))
