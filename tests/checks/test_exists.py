"""``exists``: files present by glob, or the paths an artifact references exist."""
from __future__ import annotations

import pytest

from checker.checks import compile_check

FILES = ("SECURITY.md", "models/a/MODEL_CARD.md", "models/a/evals/safety.yaml",
         "models/a/threat-model.yaml")


def test_files_present_pass(check, art, ctx):
    card = art("model_card", {})
    assert check({"type": "exists", "files": ["SECURITY.md", "**/evals/*.yaml"]}, card,
                 ctx(card, files=FILES)) == []


def test_a_missing_file_fails_naming_the_glob(check, art, ctx):
    card = art("model_card", {})
    [finding] = check({"type": "exists", "files": ["SECURITY.md", "INCIDENT_RESPONSE.md"]}, card,
                      ctx(card, files=FILES))
    assert "INCIDENT_RESPONSE.md" in finding.message and "SECURITY.md" not in finding.message


def test_any_needs_only_one_of_the_globs(check, art, ctx):
    card = art("model_card", {})
    spec = {"type": "exists", "any": True, "files": ["INCIDENT_RESPONSE.md", "SECURITY.md"]}
    assert check(spec, card, ctx(card, files=FILES)) == []
    spec["files"] = ["INCIDENT_RESPONSE.md", "docs/incident-response.md"]
    [finding] = check(spec, card, ctx(card, files=FILES))
    assert "INCIDENT_RESPONSE.md or docs/incident-response.md" in finding.message


def test_relative_to_artifact_looks_in_its_folder(check, art, ctx):
    card = art("model_card", {}, path="models/a/MODEL_CARD.md")
    spec = {"type": "exists", "relative_to": "artifact", "files": ["threat-model.yaml"]}
    assert check(spec, card, ctx(card, files=FILES)) == []
    other = art("model_card", {}, path="models/b/MODEL_CARD.md")
    assert len(check(spec, other, ctx(other, files=FILES))) == 1


def test_references_must_name_existing_files(check, art, ctx):
    card = art("model_card", text="risk_management:\n  evaluations:\n    - evals/safety.yaml\n"
               "    - evals/missing.yaml#R-1\n", path="models/a/MODEL_CARD.md")
    [finding] = check({"type": "exists", "references": "risk_management.evaluations"}, card,
                      ctx(card, files=FILES))
    assert "'evals/missing.yaml#R-1'" in finding.message
    assert "models/a/evals/missing.yaml does not exist" in finding.message
    assert card.line(finding.path) == 2


def test_references_that_name_nothing_fail(check, art, ctx):
    card = art("model_card", {"risk_management": {}})
    [finding] = check({"type": "exists", "references": "risk_management.threat_model"}, card,
                      ctx(card, files=FILES))
    assert "names no file" in finding.message


@pytest.mark.parametrize("spec, problem", [
    ({"type": "exists"}, "needs 'files' or 'references'"),
    ({"type": "exists", "files": ["a"], "relative_to": "home"}, "relative_to"),
    ({"type": "exists", "files": "SECURITY.md"}, "files"),
    ({"type": "exists", "files": ["a"], "colour": "red"}, "colour"),
])
def test_bad_options_are_value_errors(spec, problem):
    with pytest.raises(ValueError, match=problem):
        compile_check(spec)
