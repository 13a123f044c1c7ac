"""SARIF reporter: schema validity, rule metadata, locations, fingerprints, waivers."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.model import Artifact, Result, RunResult, Severity, Status
from checker.reporters import sarif

SCHEMA = Path(__file__).resolve().parents[1] / "data" / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator():
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema)


def load(run: RunResult, **opts) -> dict:
    return json.loads(sarif.render(run, **opts))


def assert_valid(validator, log: dict) -> None:
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def no_file_failure(run: RunResult, system: str) -> Result:
    """A rule that found no artifact at all: no file, no artifact."""
    template = next(r for r in run.results if r.status is Status.FAIL)
    return replace(template, rule="TM-1", system=system, artifact="", file="", line=1,
                   message="no threat_model found", findings=())


def test_valid_against_the_sarif_schema(run, empty_run, validator):
    assert_valid(validator, load(run))
    assert_valid(validator, load(empty_run))


def test_every_rule_once_with_help_and_references(run):
    driver = load(run)["runs"][0]["tool"]["driver"]
    ids = [r["id"] for r in driver["rules"]]
    assert sorted(ids) == sorted({r.id for r in run.rules}) and len(ids) == len(set(ids))
    tm2 = next(r for r in driver["rules"] if r["id"] == "TM-2")
    assert "Fix threat-actor-incomplete." in tm2["help"]["text"]
    assert "NIST AI RMF: MEASURE 2.7" in tm2["help"]["text"]
    assert "MITRE ATLAS" in tm2["help"]["markdown"] and "AML.T0040" in tm2["help"]["markdown"]
    assert tm2["defaultConfiguration"]["level"] == "error"
    assert driver["name"] == "safesec" and driver["version"] == run.version


def test_tags_and_security_severity(run):
    rules = {r["id"]: r for r in load(run)["runs"][0]["tool"]["driver"]["rules"]}
    tm2 = rules["TM-2"]["properties"]
    assert {"threat-models", "security"} <= set(tm2["tags"])
    assert tm2["security-severity"] == "8.0"
    safety = [r for r in run.rules if r.discipline == "safety"]
    assert safety, "the sample run needs a safety rule"
    for rule in safety:
        assert "security-severity" not in rules[rule.id]["properties"]
        assert "security" not in rules[rule.id]["properties"]["tags"]


def test_results_point_at_repo_relative_lines(run):
    results = load(run)["runs"][0]["results"]
    problems = [r for r in run.results if r.status in (Status.FAIL, Status.ERROR, Status.WAIVED)]
    assert len(results) == sum(max(1, len(r.findings)) for r in problems)
    for result in results:
        location = result["locations"][0]["physicalLocation"]
        uri = location["artifactLocation"]["uri"]
        assert uri and not uri.startswith(("/", "./")), uri
        assert location["region"]["startLine"] >= 1
    lines = {(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
             for r in results}
    assert {("TM-2", 12), ("TM-2", 20)} <= lines


def test_leading_slash_and_dot_are_removed():
    assert sarif.uri("./models/a b/card.md") == "models/a%20b/card.md"
    assert sarif.uri("/SECURITY.md") == "SECURITY.md"
    assert sarif.uri("docs\\x.md") == "docs/x.md"


def test_a_finding_without_a_file_gets_a_fallback_location(run, validator):
    system = next(r.system for r in run.results if r.status is Status.FAIL)
    extra = no_file_failure(run, system)
    bigger = replace(run, results=tuple(sorted(run.results + (extra,), key=Result.sort_key)))
    log = load(bigger)
    assert_valid(validator, log)
    hit = next(r for r in log["runs"][0]["results"] if r["message"]["text"] == "no threat_model found")
    card = next(a.path for a in run.artifacts if a.kind == "model_card" and a.system == system)
    assert hit["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == card
    assert hit["properties"]["fallbackLocation"] is True
    alone = replace(run, artifacts=(), results=(extra,))
    uri = load(alone, fallback_uri=".safesec.yaml")["runs"][0]["results"][0]["locations"][0]
    assert uri["physicalLocation"]["artifactLocation"]["uri"] == ".safesec.yaml"


def fingerprints(run: RunResult) -> dict:
    return {(r["ruleId"], r["message"]["text"]): r["partialFingerprints"]["safesec/v1"]
            for r in load(run)["runs"][0]["results"]}


def test_fingerprints_do_not_depend_on_lines(run):
    def shift(result: Result) -> Result:
        moved = tuple((f, ln + 40, m) for f, ln, m in result.findings)
        return replace(result, line=result.line + 40, findings=moved)

    shifted = replace(run, results=tuple(shift(r) for r in run.results))
    before, after = fingerprints(run), fingerprints(shifted)
    assert before == after and len(set(before.values())) == len(before)


def test_fingerprint_changes_with_the_problem(run):
    result = next(r for r in run.results if r.status is Status.FAIL)
    assert sarif.fingerprint(result, "a", 1) != sarif.fingerprint(result, "b", 1)
    assert sarif.fingerprint(result, "a", 1) != sarif.fingerprint(replace(result, system="x"), "a", 1)


def test_a_missing_kind_is_one_result_and_the_rules_it_blocks_are_notes(run, validator):
    log = load(run)
    assert_valid(validator, log)
    sarif_run = log["runs"][0]
    results = sarif_run["results"]
    causes = {r["ruleId"]: r for r in results if r["ruleId"].startswith("MISSING-")}
    assert sorted(causes) == ["MISSING-CONFIG", "MISSING-INCIDENT-RESPONSE"]
    config = causes["MISSING-CONFIG"]
    assert (config["level"], config["properties"]["blocks"]) == ("error", ["INT-1"])
    # the card of its system is where code scanning shows it
    assert config["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        "models/chat/MODEL_CARD.md"
    # a blocked rule is no result (code scanning would make it an alert) but a note
    assert not {"INT-1", "GOV-4"} & {r["ruleId"] for r in results}
    notes = [n for n in sarif_run["invocations"][0]["toolExecutionNotifications"]
             if n["level"] == "note"]
    assert {n["associatedRule"]["id"]: n["properties"]["blockedBy"] for n in notes} == {
        "INT-1": "MISSING-CONFIG", "GOV-4": "MISSING-INCIDENT-RESPONSE"}
    rules = sarif_run["tool"]["driver"]["rules"]
    for note in notes:
        assert rules[note["associatedRule"]["index"]]["id"] == note["associatedRule"]["id"]
    assert next(n for n in notes if n["associatedRule"]["id"] == "INT-1")["message"]["text"] == (
        "INT-1 did not run in system models/chat: blocked by MISSING-CONFIG, a missing "
        "artifact (not a failure of its own)")
    descriptor = rules[config["ruleIndex"]]
    assert descriptor["id"] == "MISSING-CONFIG"
    assert "safesec init" in descriptor["help"]["text"]


def test_a_root_cause_keeps_its_fingerprint_when_the_rules_it_blocks_change(run):
    def more(result: Result) -> Result:
        if not result.blocks:
            return result
        text = result.message + ", INT-8"
        return replace(result, message=text, blocks=result.blocks + ("INT-8",),
                       findings=((result.file, result.line, text),))

    before = {k[0]: v for k, v in fingerprints(run).items()}
    after = {k[0]: v for k, v in fingerprints(replace(run, results=tuple(map(more, run.results)))).items()}
    assert before == after


def test_waived_results_are_suppressed_with_their_justification(run):
    results = load(run)["runs"][0]["results"]
    waived = [r for r in results if r["properties"]["status"] == "waived"]
    assert waived and all("suppressions" in r for r in waived)
    suppression = waived[0]["suppressions"][0]
    assert suppression["kind"] == "external"
    assert "New red-team suite lands in Q3" in suppression["justification"]
    assert "\n" not in suppression["justification"]
    assert not any("suppressions" in r for r in results if r["properties"]["status"] != "waived")


def test_automation_details_and_category(run):
    assert load(run)["runs"][0]["automationDetails"]["id"] == "safesec/"
    details = load(run, category="safesec/models", run_id="42")["runs"][0]["automationDetails"]
    assert details["id"] == "safesec/models/42"


def test_control_characters_are_stripped_and_output_is_stable(run):
    text = sarif.render(run)
    assert "\x1b" not in text and "\\u001b" not in text and "\\u0000" not in text
    assert text == sarif.render(run)
    assert text.endswith("\n")


def test_levels_follow_severity(run):
    medium = replace(next(r for r in run.results if r.status is Status.FAIL), severity=Severity.MEDIUM)
    log = load(replace(run, results=(medium,)))
    assert {r["level"] for r in log["runs"][0]["results"]} == {"warning"}


def test_the_same_rule_id_in_two_packs_stays_unique(run, validator):
    rule = run.rules[0]
    twin = replace(rule, pack="zz-other")
    result = replace(next(r for r in run.results if r.rule == rule.id), pack="zz-other",
                     status=Status.FAIL)
    log = load(replace(run, rules=run.rules + (twin,), results=run.results + (result,)))
    assert_valid(validator, log)
    ids = [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]]
    assert f"zz-other/{rule.id}" in ids and len(ids) == len(set(ids))
    for res in log["runs"][0]["results"]:
        assert ids[res["ruleIndex"]] == res["ruleId"]


def test_prefix_makes_uris_relative_to_the_repository_root(run, validator):
    log = load(run, prefix="./services/bot/")
    assert_valid(validator, log)
    for result in log["runs"][0]["results"]:
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri.startswith("services/bot/models/") or \
            result["properties"].get("fallbackLocation"), uri
        assert uri.startswith("services/bot/"), uri
        for suppression in result.get("suppressions", []):
            assert suppression["location"]["physicalLocation"]["artifactLocation"]["uri"] == \
                "services/bot/.safesec.yaml"
    assert fingerprints(run) == {
        (r["ruleId"], r["message"]["text"]): r["partialFingerprints"]["safesec/v1"]
        for r in log["runs"][0]["results"]}


LINES = st.one_of(st.text(max_size=12),
                  st.text(st.sampled_from(list("a \n\r\x0b\x0c\x1c\x85\u2028\u2029")), max_size=12))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a.md", "./a.md", "b c.yaml", "x#y"]), LINES),
                max_size=4), st.sampled_from(["a.md", "b%20c.yaml", "x%23y", "none"]),
       st.integers(1, 6))
def test_line_lengths_are_those_of_the_artifact_text(files, target, line):
    """The length of line ``line`` of the artifact at URI ``target`` (1 when there is none;
    the last artifact of a URI wins)."""
    run = RunResult(root="/repo", rules=(), results=(), artifacts=tuple(
        Artifact(path=path, kind="config", format="yaml", data=None, text=text)
        for path, text in files))
    lengths = {sarif.uri(a.path): {n: len(t) for n, t in enumerate(a.text.splitlines(), 1)}
               for a in run.artifacts}
    assert sarif._LineLengths(run).get(target, line) == lengths.get(target, {}).get(line, 1)


def test_a_large_log_is_made_in_pieces_of_one_result(run):
    """A log of many results is written piece by piece (memory stays flat in the number of
    results, issue 14), and the pieces are the log render gives, as json.dumps writes it."""
    many = replace(run, results=tuple(replace(r, system=f"models/m{i:04d}")
                                      for i in range(500) for r in run.results))
    pieces = list(sarif.chunks(many))
    text = "".join(pieces)
    assert text == sarif.render(many)
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert len(pieces) > len(json.loads(text)["runs"][0]["results"])
    assert max(len(p) for p in pieces[1:-1]) < 3_000
