"""JSON reporter: golden output, documented keys, determinism."""
from __future__ import annotations

import json
import random
from dataclasses import replace

from checker.model import SEVERITIES, Status
from checker.reporters import json_report

STATUSES = {str(s) for s in Status}


def test_matches_golden(run, golden):
    golden("json/run.json", json_report.render(run))


def test_empty_run_matches_golden(empty_run, golden):
    golden("json/empty.json", json_report.render(empty_run))


def test_top_level_keys_and_summary(run):
    doc = json.loads(json_report.render(run))
    assert {"version", "summary", "systems", "artifacts", "results", "errors"} <= set(doc)
    assert doc["summary"] == {"passed": 5, "failed": 2, "errors": 1, "waived": 1, "not_applicable": 1}
    assert doc["systems"] == ["models/chat", "models/vision"]
    assert doc["errors"] == [".safesec.yaml:30: unknown setting 'eval_max_age'"]


def test_every_result_has_the_documented_fields(run):
    keys = {"rule", "pack", "system", "artifact", "status", "severity", "message", "file", "line",
            "dimension", "discipline", "title", "findings"}
    for result in json.loads(json_report.render(run))["results"]:
        assert keys <= set(result)
        assert result["status"] in STATUSES and result["severity"] in SEVERITIES
        assert ("waiver" in result) == (result["status"] == "waived")


def test_findings_and_waiver_are_spelled_out(run):
    results = {(r["rule"], r["system"]): r for r in json.loads(json_report.render(run))["results"]}
    failing = results[("TM-2", "models/vision")]
    assert failing["findings"] == [
        {"file": "models/vision/threat-model.yaml", "line": 12, "message": "threat T-1: actor lacks budget"},
        {"file": "models/vision/threat-model.yaml", "line": 20,
         "message": "threat T-2: actor lacks knowledge & access <none>"},
    ]
    waiver = results[("PF-2", "models/chat")]["waiver"]
    assert waiver["id"] == "W-7" and waiver["expires"] == "2027-03-31"
    assert waiver["approved_by"] == ["@ciso", "@head-of-safety"]


def test_load_failure_artifact_carries_its_error(run):
    artifacts = {a["path"]: a for a in json.loads(json_report.render(run))["artifacts"]}
    broken = artifacts["models/vision/evals/redteam.yaml"]
    assert broken["error"].startswith("bad \x1b[31mYAML")  # kept verbatim; JSON escapes it
    assert "error" not in artifacts["SECURITY.md"]
    assert {"path", "kind", "format", "system"} <= set(artifacts["SECURITY.md"])


def test_output_is_ascii_sorted_indented_with_trailing_newline(run):
    text = json_report.render(run)
    assert text.isascii() and text.endswith("}\n") and text.startswith('{\n  "artifacts"')
    assert "\x1b" not in text and "\\u001b" in text


def test_rendering_is_deterministic_and_independent_of_input_order(run):
    shuffled = list(run.results)
    random.Random(3).shuffle(shuffled)
    again = replace(run, results=tuple(shuffled))
    assert json_report.render(run) == json_report.render(run) == json_report.render(again)
