"""JSON reporter: golden output, documented keys, determinism, and the bytes of
``json.dumps(document, indent=2, sort_keys=True)`` on hand-built, example and generated
runs full of odd strings (controls, quotes, backslashes, lone surrogates, emoji) and values.
"""
from __future__ import annotations

import json
import math
import random
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.model import (SEVERITIES, Artifact, LoadFailure, Result, RunResult, Severity, Status,
                           Waiver)
from checker.reporters import json_report, jsontext

STATUSES = {str(s) for s in Status}


def test_matches_golden(run, golden):
    golden("json/run.json", json_report.render(run))


def test_empty_run_matches_golden(empty_run, golden):
    golden("json/empty.json", json_report.render(empty_run))


def test_top_level_keys_and_summary(run):
    doc = json.loads(json_report.render(run))
    assert {"version", "summary", "systems", "artifacts", "results", "errors"} <= set(doc)
    assert doc["summary"] == {"passed": 4, "failed": 4, "root_causes": 2, "findings": 2,
                              "blocked": 2, "errors": 1, "waived": 1, "not_applicable": 1}
    assert doc["systems"] == ["models/chat", "models/vision"]
    assert doc["errors"] == [".safesec.yaml:30: unknown setting 'eval_max_age'"]


def test_a_root_cause_lists_what_it_blocks_and_each_blocked_result_names_it(run):
    results = json.loads(json_report.render(run))["results"]
    causes = {r["rule"]: r for r in results if "blocks" in r}
    assert sorted(causes) == ["MISSING-CONFIG", "MISSING-INCIDENT-RESPONSE"]
    config = causes["MISSING-CONFIG"]
    assert (config["status"], config["severity"], config["system"], config["blocks"]) == (
        "fail", "critical", "models/chat", ["INT-1"])
    assert causes["MISSING-INCIDENT-RESPONSE"]["system"] == "*"
    blocked = {r["rule"]: r for r in results if r["status"] == "blocked"}
    assert {rule: r["blocked_by"] for rule, r in blocked.items()} == {
        "INT-1": "MISSING-CONFIG", "GOV-4": "MISSING-INCIDENT-RESPONSE"}
    assert all("blocked_by" not in r for r in results if r["status"] != "blocked")


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


# The report is json.dumps of this document; the writer is held to it byte for byte.

def document(run: RunResult) -> dict[str, Any]:
    extra = {"as_of": run.as_of} if run.as_of else {}
    return {
        **extra,
        "version": run.version,
        "fail_on": str(run.fail_on),
        "summary": run.summary,
        "systems": [str(system) for system in run.systems],
        "artifacts": [_artifact(a) for a in run.artifacts],
        "results": [_result(r) for r in sorted(run.results, key=Result.sort_key)],
        "errors": [str(error) for error in run.errors],
        "skipped": [{"path": path, "reason": reason} for path, reason in run.skipped],
    }


def _artifact(artifact: Any) -> dict[str, Any]:
    entry = {"path": artifact.path, "kind": artifact.kind, "format": artifact.format,
             "system": artifact.system}
    if isinstance(artifact, LoadFailure):
        entry.update(error=artifact.message, line=artifact.line)
    return entry


def _result(result: Result) -> dict[str, Any]:
    entry = {
        "rule": result.rule, "pack": result.pack, "system": result.system,
        "artifact": result.artifact, "status": str(result.status),
        "severity": str(result.severity), "message": result.message, "file": result.file,
        "line": result.line, "dimension": result.dimension, "discipline": result.discipline,
        "title": result.title,
        "findings": [{"file": file, "line": line, "message": message}
                     for file, line, message in result.findings],
    }
    if result.waiver is not None:
        entry["waiver"] = _waiver(result.waiver)
    if result.blocks:
        entry["blocks"] = [str(rule) for rule in result.blocks]
    elif result.blocked_by:
        entry["blocked_by"] = result.blocked_by
    return entry


def _waiver(waiver: Waiver) -> dict[str, Any]:
    return {
        "id": waiver.id, "rule": waiver.rule, "path": waiver.path, "reason": waiver.reason,
        "justification": waiver.justification, "owner": waiver.owner,
        "approved_by": list(waiver.approved_by), "expires": str(waiver.expires),
        "source": waiver.source, "line": waiver.line,
    }


def expected(run: RunResult) -> str:
    return json.dumps(document(run), indent=2, sort_keys=True) + "\n"


ODD = list('"\\/\x00\x01\x08\t\n\x0c\r\x1b\x1f\x7f\x80\x9f\u00e9\u2028\u2029\ud800\udbff\udc00'
           '\udfff\ufeff\ufffe\uffff\U0001f600\U0010ffff<>&%s{}[]:,')
TEXT = st.one_of(st.text(max_size=12), st.text(st.sampled_from(ODD), max_size=12))
SCALAR = st.one_of(TEXT, st.none(), st.booleans(), st.integers(), st.sampled_from([2**70, -1]),
                   st.floats(allow_nan=True, allow_infinity=True))
JSONISH = st.recursive(SCALAR, lambda kids: st.one_of(
    st.lists(kids, max_size=3), st.tuples(kids, kids),
    st.dictionaries(TEXT, kids, max_size=3)), max_leaves=8)
ANY = st.one_of(TEXT, TEXT, SCALAR, JSONISH)  # a field's value: usually text, anything allowed


waivers = st.builds(
    Waiver, id=ANY, rule=ANY, path=ANY, reason=ANY, justification=ANY, owner=ANY,
    approved_by=st.one_of(st.lists(ANY, max_size=3).map(tuple), TEXT), expires=ANY, source=ANY,
    line=ANY)
results = st.builds(
    Result, rule=TEXT, pack=TEXT, system=TEXT, artifact=TEXT,
    status=st.one_of(st.sampled_from(Status), ANY), severity=st.one_of(st.sampled_from(Severity), ANY),
    message=ANY, file=TEXT, line=st.integers(-5, 10**12), dimension=ANY, discipline=ANY,
    title=ANY, findings=st.lists(st.tuples(ANY, ANY, ANY), max_size=3).map(tuple),
    waiver=st.one_of(st.none(), waivers),
    blocks=st.one_of(st.just(()), st.lists(TEXT, max_size=3).map(tuple)),
    blocked_by=st.one_of(st.just(""), TEXT))
artifacts = st.one_of(
    st.builds(Artifact, path=ANY, kind=ANY, format=ANY, data=st.none(), system=ANY),
    st.builds(LoadFailure, path=ANY, kind=ANY, line=ANY, message=ANY, format=ANY, system=ANY))
runs = st.builds(
    RunResult, root=st.just("/repo"), rules=st.just(()),
    artifacts=st.lists(artifacts, max_size=4).map(tuple),
    results=st.lists(results, max_size=5).map(tuple),
    systems=st.lists(ANY, max_size=3).map(tuple),
    fail_on=st.one_of(st.sampled_from(Severity), ANY), version=ANY,
    errors=st.lists(ANY, max_size=3).map(tuple), as_of=ANY)


def test_json_writer_matches_json_dumps_on_the_hand_built_runs(run, empty_run):
    waived_only = replace(run, results=tuple(r for r in run.results if r.waiver), as_of="2026-11-28")
    for case in (run, empty_run, waived_only, replace(run, artifacts=(), errors=(), systems=())):
        assert json_report.render(case) == expected(case)


def test_json_writer_matches_json_dumps_on_the_fixture_repositories(fixture_runs):
    for checked in fixture_runs.values():
        assert json_report.render(checked) == expected(checked)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(runs)
def test_json_writer_matches_json_dumps_on_generated_runs(generated):
    try:
        want = expected(generated)
    except (TypeError, ValueError) as exc:  # e.g. NaN is fine, but dict keys of mixed types are not
        with pytest.raises(type(exc)):
            json_report.render(generated)
        return
    assert json_report.render(generated) == want


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(TEXT, TEXT, TEXT, TEXT, TEXT), min_size=1, max_size=3),
       st.lists(st.tuples(TEXT, TEXT, st.integers(-5, 10**6), TEXT), min_size=1, max_size=4),
       st.sampled_from(Status), st.sampled_from(Severity))
def test_results_of_one_rule_in_many_places_match_json_dumps(rules, places, status, severity):
    """Passes of a rule differ only in their artifact, file, line and system: each is
    written as json.dumps writes it, '%' and '%s' in any field included."""
    results = tuple(Result(rule=rule, pack=pack, system=system, artifact=artifact,
                           status=status, severity=severity, message=message, file=file,
                           line=line, dimension=dimension, discipline="d%s", title=message)
                    for rule, pack, message, dimension, _x in rules
                    for artifact, file, line, system in places)
    run = RunResult(root="/repo", rules=(), artifacts=(), results=results, systems=(),
                    fail_on=Severity.HIGH, version="1", errors=(), as_of="")
    assert json_report.render(run) == expected(run)


@settings(max_examples=300, deadline=None)
@given(JSONISH, st.integers(0, 6), st.booleans())
def test_writer_value_is_json_dumps_reindented(value, depth, ascii_only):
    """``value`` inside ``depth`` lists and under a key, as json would indent it."""
    writer = jsontext.Writer(ensure_ascii=ascii_only)
    options = {"indent": 2, "sort_keys": True, "ensure_ascii": ascii_only}
    text = writer.value(value, depth)
    for level in reversed(range(depth)):
        text = jsontext.array([text], level)
    nested = value
    for _ in range(depth):
        nested = [nested]
    assert text == json.dumps(nested, **options)
    assert writer.shape(["k"], 0).render((writer.value(value, 1),)) == json.dumps(
        {"k": value}, **options)


def test_scalars_are_written_as_json_writes_them():
    writer = jsontext.Writer()
    for value in (None, True, False, 0, -7, 2**80, Severity.HIGH, 1.5, -0.0, 1e300,
                  math.inf, -math.inf, math.nan, "", "\ud800\U0001f600\"\\\x00"):
        assert writer.value(value, 0) == json.dumps(value), value


def test_unserialisable_values_raise_like_json_dumps(run):
    broken = replace(run, results=(replace(run.results[0], message={1, 2}),))
    with pytest.raises(TypeError):
        json_report.render(broken)


def test_shapes_refuse_unsorted_keys_and_wrong_arity():
    with pytest.raises(ValueError):
        jsontext.Writer().shape(["b", "a"], 0)
    with pytest.raises(ValueError):
        jsontext.Writer().shape(["a", "b"], 0).render(("1",))


def test_percent_signs_in_keys_are_kept():
    writer = jsontext.Writer()
    assert writer.shape(["%%", "%s"], 0).render(("1", "2")) == json.dumps(
        {"%s": 2, "%%": 1}, indent=2, sort_keys=True)
