"""The example repositories give the verdicts their expected.yaml files declare.

The fixtures are checked where they are (INT-9 and GOV-6 read this repository's git
history, in which the fixtures were committed); verdicts marked ``git: true`` are only
asserted when that history is present.
"""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
FIXTURES = REPO / "fixtures"
# the rules of the built-in pack (46 with pack 2.0); counted so that new rules need no edit here
BUILTIN_RULES = (Path(__file__).resolve().parents[1] / "policies" / "unified-safety-security.yaml").read_text(encoding="utf-8").count("\n  - id: ")
XSD = HERE / "data" / "schemas" / "jenkins-xunit-junit-10.xsd"
NONCOMPLIANT_EXPECTED = yaml.safe_load(
    (FIXTURES / "noncompliant" / "expected.yaml").read_text(encoding="utf-8"))
TWO_SYSTEMS_EXPECTED = yaml.safe_load(
    (FIXTURES / "two-systems" / "expected.yaml").read_text(encoding="utf-8"))


def has_git_history() -> bool:
    try:
        done = subprocess.run(["git", "-C", str(REPO), "log", "-1", "--format=%H", "--",
                               "fixtures/noncompliant"], capture_output=True, text=True)
    except OSError:
        return False
    return done.returncode == 0 and bool(done.stdout.strip())


@pytest.fixture(scope="module")
def builtin_ids() -> set[str]:
    from checker.policy.loader import builtin_dir, load_packs

    rules, _settings = load_packs([builtin_dir()])
    return {r.id for r in rules}


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict:
    """Each fixture checked once per module: (exit code, JSON report, JUnit path)."""
    from click.testing import CliRunner

    from checker.cli import main

    out = tmp_path_factory.mktemp("fixture-runs")
    found = {}
    for name in ("compliant", "noncompliant", "two-systems"):
        json_path, xml_path = out / f"{name}.json", out / f"{name}.xml"
        result = CliRunner().invoke(main, ["check", str(FIXTURES / name), "--json", str(json_path),
                                           "--junit-xml", str(xml_path), "--junit-strict"],
                                    catch_exceptions=False)
        found[name] = (result.exit_code, json.loads(json_path.read_text(encoding="utf-8")),
                       xml_path)
    return found


def test_compliant_exits_0(runs):
    code, data, _xml = runs["compliant"]
    assert code == 0
    assert data["summary"]["failed"] == data["summary"]["errors"] == 0
    assert data["errors"] == []


def test_compliant_exercises_every_rule_with_a_pass(runs, builtin_ids):
    _code, data, _xml = runs["compliant"]
    assert len(builtin_ids) == BUILTIN_RULES
    passed = {r["rule"] for r in data["results"] if r["status"] == "pass"}
    assert builtin_ids - passed == set()
    bad = [(r["rule"], r["status"], r["message"]) for r in data["results"]
           if r["status"] in ("fail", "error")]
    assert bad == []


def test_noncompliant_exits_1(runs):
    code, data, _xml = runs["noncompliant"]
    assert code == 1
    assert data["summary"]["errors"] == 0


def test_noncompliant_expected_yaml_covers_every_rule_once(builtin_ids):
    failures = set(NONCOMPLIANT_EXPECTED["failures"])
    passes = set(NONCOMPLIANT_EXPECTED["passes"])
    assert failures & passes == set()
    assert failures | passes == builtin_ids


def _expected_failures() -> list:
    return [pytest.param(rule, item, id=f"{rule}-{item['file']}:{item['line']}")
            for rule, items in NONCOMPLIANT_EXPECTED["failures"].items() for item in items]


@pytest.mark.parametrize("rule, item", _expected_failures())
def test_noncompliant_failure_is_reported_at_file_and_line(runs, rule, item):
    if item.get("git") and not has_git_history():
        pytest.skip("needs this repository's git history")
    _code, data, _xml = runs["noncompliant"]
    if item["file"] is None:  # a missing artifact: the rule is blocked, its root cause fails
        [blocked] = [r for r in data["results"] if r["rule"] == rule]
        assert blocked["status"] == "blocked", f"{rule} is not blocked ({item['why']})"
        [cause] = [r for r in data["results"] if r["rule"] == blocked["blocked_by"]]
        assert cause["status"] == "fail" and rule in cause["blocks"]
        assert cause["message"].startswith(item["why"])
        return
    spots = [(f["file"], f["line"]) for r in data["results"]
             if r["rule"] == rule and r["status"] == "fail"
             for f in (r["findings"] or [{"file": r["file"], "line": r["line"]}])]
    assert spots, f"{rule} did not fail ({item['why']})"
    file = item["file"] or ""
    lines = [line for f, line in spots if f == file]
    assert lines, f"{rule}: no finding in {file or '(repository)'}; found {spots}"
    if item["line"] is not None:
        assert any(abs(line - item["line"]) <= 2 for line in lines), \
            f"{rule}: expected {file}:{item['line']} (+-2) for {item['why']!r}; found {spots}"


@pytest.mark.parametrize("rule", sorted(NONCOMPLIANT_EXPECTED["passes"]))
def test_noncompliant_listed_passes_do_not_fail(runs, rule):
    _code, data, _xml = runs["noncompliant"]
    statuses = {r["status"] for r in data["results"] if r["rule"] == rule}
    assert statuses and statuses <= {"pass", "not-applicable"}, (rule, statuses)


def test_noncompliant_junit_is_valid_against_junit10_in_strict_mode(runs):
    import xmlschema

    _code, _data, xml = runs["noncompliant"]
    xmlschema.XMLSchema(str(XSD)).validate(str(xml))


def test_noncompliant_junit_read_back_agrees_with_json(runs):
    from junitparser import Error, Failure, JUnitXml, Skipped

    _code, data, xml = runs["noncompliant"]
    report = JUnitXml.fromfile(str(xml))
    cases = [case for suite in report for case in suite]
    counted = {kind: sum(1 for c in cases for r in c.result if isinstance(r, kind))
               for kind in (Failure, Error, Skipped)}
    assert counted[Failure] == data["summary"]["failed"]
    assert counted[Error] == data["summary"]["errors"]
    assert counted[Skipped] == (data["summary"]["not_applicable"] + data["summary"]["waived"]
                                + data["summary"]["blocked"])
    assert len(cases) == len(data["results"])
    assert sum(suite.failures for suite in report) == data["summary"]["failed"]
    assert {case.classname for case in cases} == {
        f"{r['pack']}.{r['rule']}" for r in data["results"]}


def test_two_systems_are_both_found(runs):
    _code, data, _xml = runs["two-systems"]
    assert data["systems"] == TWO_SYSTEMS_EXPECTED["systems"]


@pytest.mark.parametrize("item", TWO_SYSTEMS_EXPECTED["results"],
                         ids=lambda i: f"{i['rule']}-{i['system']}")
def test_two_systems_verdicts(runs, item):
    _code, data, _xml = runs["two-systems"]
    found = [r for r in data["results"] if r["rule"] == item["rule"]
             and r["system"] == item["system"]]
    assert found, item
    statuses = {r["status"] for r in found}
    if item["status"] == "fail":
        assert "fail" in statuses, (item["why"], found)
        spots = [(f["file"], f["line"]) for r in found if r["status"] == "fail"
                 for f in r["findings"]]
        assert any(f == item["file"] and abs(line - item["line"]) <= 2 for f, line in spots), spots
    else:
        assert statuses == {item["status"]}, (item["why"], [r["message"] for r in found])


def test_two_systems_int1_fails_for_b_only(runs):
    _code, data, _xml = runs["two-systems"]
    verdicts = {(r["system"], r["status"]) for r in data["results"] if r["rule"] == "INT-1"}
    assert ("models/b", "fail") in verdicts
    assert ("models/a", "fail") not in verdicts and ("models/a", "pass") in verdicts


def test_the_hashes_the_compliant_reports_record_are_those_of_the_files():
    """The compliant fixture stays honest: every SHA-256 its eval reports record
    (``evaluated.files`` for INT-9, ``source`` for PF-7) is the file's own.  After editing a
    serving, guardrail or raw output file, record its new hash (``sha256sum <file>``, run in
    fixtures/compliant) in every report that lists it."""
    import hashlib

    base = FIXTURES / "compliant"
    recorded = []
    for report in sorted(base.glob("**/evals/*.yaml")):
        data = yaml.safe_load(report.read_text(encoding="utf-8"))
        entries = list((data.get("evaluated") or {}).get("files") or [])
        entries += [data["source"]] if isinstance(data.get("source"), dict) else []
        for entry in entries:
            actual = hashlib.sha256((base / entry["path"]).read_bytes()).hexdigest()
            recorded.append((report.name, entry["path"], entry["sha256"], actual))
    assert len(recorded) >= 7  # 3 reports x 2 safety-critical files, and a raw output
    drift = [f"{name}: {path} is {actual}, recorded {stated}"
             for name, path, stated, actual in recorded if stated != actual]
    assert drift == []
