"""JUnit reporter: golden output, schema validity, read-back totals, escaping; and, on the
example repositories and on generated runs whose strings carry XML specials, ANSI escapes,
control characters and surrogates: well-formed, valid when strict, one testcase per result
with the element its status calls for."""
from __future__ import annotations

import random
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.model import Result, Rule, RunResult, Severity, Status, Waiver
from checker.reporters import junit
from checker.reporters.base import headline, subject, xml_safe

XSD = Path(__file__).resolve().parents[1] / "data" / "schemas" / "jenkins-xunit-junit-10.xsd"


@pytest.fixture(scope="module")
def schema():
    import xmlschema

    return xmlschema.XMLSchema(str(XSD))


def cases(xml: str) -> dict[str, ET.Element]:
    return {c.get("name"): c for c in ET.fromstring(xml.encode()).iter("testcase")}


def test_compat_matches_golden(run, golden):
    golden("junit/run.compat.xml", junit.render(run))


def test_strict_matches_golden(run, golden):
    golden("junit/run.strict.xml", junit.render(run, strict=True))


def test_empty_run_matches_golden(empty_run, golden):
    golden("junit/empty.xml", junit.render(empty_run))


def test_strict_output_is_valid_against_jenkins_junit10(run, schema):
    errors = list(schema.iter_errors(junit.render(run, strict=True)))
    assert errors == []


def test_compat_output_breaks_the_schema_only_with_file_and_line(run, schema):
    errors = list(schema.iter_errors(junit.render(run)))
    assert errors, "compat output carries testcase file/line, which junit-10 does not allow"
    assert all("'file'" in str(e.reason) or "'line'" in str(e.reason) for e in errors)


def test_compat_differs_from_strict_only_by_file_and_line(run):
    compat = ET.fromstring(junit.render(run).encode())
    with_file = 0
    for case in compat.iter("testcase"):  # a missing kind has no file to point at
        with_file += case.attrib.pop("file", None) is not None
        case.attrib.pop("line", None)
    assert with_file == 9
    strict = ET.fromstring(junit.render(run, strict=True).encode())
    assert ET.tostring(compat) == ET.tostring(strict)


def test_compat_points_at_file_and_line(run):
    case = cases(junit.render(run))["TM-2 models/vision/threat-model.yaml"]
    assert (case.get("file"), case.get("line")) == ("models/vision/threat-model.yaml", "12")


def test_empty_run_is_a_valid_file_with_one_empty_suite(empty_run, schema):
    xml = junit.render(empty_run, strict=True)
    assert list(schema.iter_errors(xml)) == []
    suites = ET.fromstring(xml.encode()).findall("testsuite")
    assert len(suites) == 1 and suites[0].get("tests") == "0"


def test_junitparser_reads_back_the_run_totals(run, tmp_path):
    from junitparser import Error, Failure, JUnitXml, Skipped

    path = tmp_path / "report.xml"
    path.write_text(junit.render(run, strict=True), encoding="utf-8")
    report = JUnitXml.fromfile(str(path))
    suites = {suite.name: suite for suite in report}
    assert sorted(suites) == ["acme-local", "safesec", "unified-safety-security"]
    kinds = [type(r).__name__ for s in report for c in s for r in c.result]
    summary = run.summary
    assert sum(s.tests for s in report) == len(run.results)
    assert sum(s.failures for s in report) == summary["failed"] == kinds.count(Failure.__name__)
    assert sum(s.errors for s in report) == summary["errors"] == kinds.count(Error.__name__)
    skipped = summary["waived"] + summary["not_applicable"] + summary["blocked"]
    assert sum(s.skipped for s in report) == skipped == kinds.count(Skipped.__name__)
    # two root causes and two findings fail; the two blocked rules are skipped
    assert (report.tests, report.failures, report.errors, skipped) == (13, 4, 1, 4)


def test_one_suite_per_pack_one_case_per_result_with_unique_names(run):
    root = ET.fromstring(junit.render(run).encode())
    for suite in root.findall("testsuite"):
        names = [c.get("name") for c in suite.iter("testcase")]
        assert len(names) == len(set(names)) == int(suite.get("tests"))
        assert all(c.get("classname").startswith(suite.get("name") + ".") for c in suite.iter("testcase"))
    # SECURITY.md is repository-wide: one case, not one per system
    assert [n for n in cases(junit.render(run)) if n.startswith("GOV-1")] == ["GOV-1 SECURITY.md"]


def test_a_name_checked_in_two_systems_tells_them_apart(run):
    twice = [replace(r, system=system) for r in run.results if r.rule == "GOV-1"
             for system in ("models/chat", "models/vision")]
    xml = junit.render(replace(run, results=tuple(twice)))
    assert {"GOV-1 SECURITY.md [models/chat]", "GOV-1 SECURITY.md [models/vision]"} <= set(cases(xml))


def test_a_missing_kind_is_one_failure_and_each_rule_it_blocks_is_skipped(run):
    found = cases(junit.render(run))
    cause = found["MISSING-CONFIG models/chat"]
    assert cause.get("classname") == "safesec.MISSING-CONFIG"
    [failure] = cause.findall("failure")
    assert failure.get("type") == "critical"
    assert failure.get("message") == ("MISSING-CONFIG: no serving or guardrail config found for "
                                      "system models/chat, so 1 rule cannot run: INT-1")
    assert "Blocked rules (skipped): INT-1" in failure.text
    assert "Remediation: Add a serving or guardrail config" in failure.text
    blocked = found["INT-1 models/chat"]
    assert blocked.find("failure") is None
    assert blocked.find("skipped").get("message") == (
        "blocked: no serving or guardrail config found for system models/chat "
        "(root cause MISSING-CONFIG)")
    repository = found["MISSING-INCIDENT-RESPONSE (repository)"]
    assert repository.find("failure").get("type") == "high"
    assert found["GOV-4 (repository)"].find("skipped") is not None


def test_failure_lists_every_finding_remediation_and_references(run):
    case = cases(junit.render(run))["TM-2 models/vision/threat-model.yaml"]
    failures = case.findall("failure")
    assert len(failures) == 1
    failure = failures[0]
    assert failure.get("type") == "high"
    assert failure.get("message") == "TM-2: threat T-1: actor lacks budget (+1 more)"
    assert "models/vision/threat-model.yaml:12: threat T-1: actor lacks budget\n" in failure.text
    assert "models/vision/threat-model.yaml:20: threat T-2: actor lacks knowledge & access <none>" in failure.text
    assert "Remediation: Fix threat-actor-incomplete." in failure.text
    assert "atlas: AML.T0040" in failure.text and "owasp_llm_2025" not in failure.text


def test_waived_and_not_applicable_are_skipped_with_reasons(run):
    found = cases(junit.render(run))
    waived = found["PF-2 models/chat/evals/redteam.yaml"].find("skipped")
    assert waived.get("message") == "waived by W-7 (owner @org/security, expires 2027-03-31)"
    assert "Approved by: @ciso, @head-of-safety" in waived.text
    not_applicable = found["INT-4 models/chat/MODEL_CARD.md"].find("skipped")
    assert not_applicable.get("message").startswith("not applicable: release is api")


def test_error_result_is_an_error_element_without_control_characters(run):
    xml = junit.render(run)
    error = cases(xml)["PF-2 models/vision/evals/redteam.yaml"].find("error")
    assert error.get("message") == 'PF-2: bad YAML at "<root>" & beyond'
    assert not any(ch in xml for ch in "\x00\x1b")


def test_special_characters_survive_escaping(run):
    failure = cases(junit.render(run))["ACME-1 models/vision/MODEL_CARD.md"].find("failure")
    assert failure.get("message") == 'ACME-1: licence "cc-by-nc-4.0" is not in <apache-2.0> & friends'


def test_no_junit_xml_leftovers_or_run_dependent_attributes(run):
    xml = junit.render(run)
    root = ET.fromstring(xml.encode())
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')
    for element in root.iter():
        assert not {"disabled", "timestamp", "hostname"} & set(element.attrib)
        if "time" in element.attrib:
            assert element.get("time") == "0.000"
    assert all(s.get("type") is None for s in root.iter("skipped"))
    props = {p.get("name"): p.get("value") for p in root.find("testsuite").iter("property")}
    assert props["safesec.version"] == "0.1.0" and props["safesec.pack"] == "acme-local"


def test_rendering_is_deterministic_and_independent_of_input_order(run):
    shuffled = list(run.results)
    random.Random(7).shuffle(shuffled)
    again = replace(run, results=tuple(shuffled))
    assert junit.render(run) == junit.render(run) == junit.render(again)


def test_a_result_without_artifact_is_named_after_its_system(run):
    lone = replace(run.results[0], artifact="", file="", system=".", status=Status.FAIL)
    xml = junit.render(RunResult(root="/r", rules=run.rules, artifacts=(), results=(lone,)))
    case = next(iter(cases(xml).values()))
    assert case.get("name") == f"{lone.rule} (repository)" and case.get("file") is None


def test_importing_the_registry_does_not_import_junit_xml():
    code = (
        "import sys, checker.reporters as r, checker.reporters.junit;"
        "r.get_reporter('console'); r.get_reporter('json');"
        "sys.exit('junit_xml' in sys.modules)"
    )
    root = Path(__file__).resolve().parents[2]
    assert subprocess.run([sys.executable, "-c", code], cwd=root).returncode == 0


def test_file_attributes_carry_the_checked_folder_prefix(run):
    """Checking fixtures/x from the repository root: reporters resolve testcase@file
    against the workspace, so the file is prefixed while names stay stable."""
    plain = junit.render(run)
    prefixed = junit.render(run, prefix="services/bot")
    assert 'file="services/bot/' in prefixed and 'file="services/bot/' not in plain
    names = lambda text: re.findall(r'<testcase name="([^"]*)"', text)  # noqa: E731
    assert names(prefixed) == names(plain)


CHILD = {Status.FAIL: "failure", Status.ERROR: "error", Status.WAIVED: "skipped",
         Status.NOT_APPLICABLE: "skipped", Status.BLOCKED: "skipped"}


def assert_reports(run: RunResult, xml: str, strict: bool) -> None:
    """Totals, one suite per pack, and per result (in order) its testcase: class name, name,
    file/line (compat only), and the one child element its status calls for."""
    root = ET.fromstring(xml.encode())
    counts = Counter(r.status for r in run.results)
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == (
        str(len(run.results)), str(counts[Status.FAIL]), str(counts[Status.ERROR]))
    packs = sorted({r.pack for r in run.rules} | {r.pack for r in run.results}) or ["safesec"]
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [xml_safe(p) for p in packs]
    for pack, suite in zip(packs, suites):
        results = sorted((r for r in run.results if r.pack == pack), key=Result.sort_key)
        cases = suite.findall("testcase")
        names = [c.get("name") for c in cases]
        assert len(cases) == len(results) == int(suite.get("tests")) == len(set(names))
        skipped = sum(r.status in (Status.WAIVED, Status.NOT_APPLICABLE, Status.BLOCKED)
                      for r in results)
        assert suite.get("skipped") == str(skipped)
        for result, case in zip(results, cases):
            assert case.get("classname") == xml_safe(f"{result.pack}.{result.rule}")
            assert case.get("name").startswith(xml_safe(f"{result.rule} {subject(result)}"))
            assert ("file" in case.attrib) == (not strict and bool(result.file or result.artifact))
            children = [child.tag for child in case if child.tag != "system-err"]
            assert children == ([CHILD[result.status]] if result.status in CHILD else [])
            if result.status in (Status.FAIL, Status.ERROR):
                message = case.find(CHILD[result.status]).get("message")
                assert message == xml_safe(f"{result.rule}: {headline(result)}")


def assert_valid(run: RunResult, schema) -> None:
    strict = junit.render(run, strict=True)
    assert list(schema.iter_errors(strict)) == []
    assert_reports(run, strict, strict=True)
    compat = junit.render(run, prefix="sub/dir")
    assert_reports(run, compat, strict=False)
    tree = ET.fromstring(compat.encode())
    for case in tree.iter("testcase"):
        assert case.attrib.pop("file", "sub/dir/").startswith("sub/dir/")
        case.attrib.pop("line", None)
    assert ET.tostring(tree) == ET.tostring(ET.fromstring(strict.encode()))


def test_the_hand_built_runs_are_reported_case_by_case(run, empty_run, schema):
    for case in (run, empty_run, replace(run, errors=(), rules=())):
        assert_valid(case, schema)


def test_the_example_repositories_are_reported_case_by_case(fixture_runs, schema):
    for checked in fixture_runs.values():
        assert_valid(checked, schema)


ODD = list('"\'&<>;/\\\x00\x01\x08\t\n\x0b\x0c\r\x1b[]31m\x07\x7f\x85\x9f\u00e9\u2028\ud800\udfff'
           '\ufeff\ufffe\uffff\U0001f600 ')
TEXT = st.one_of(st.text(max_size=10), st.text(st.sampled_from(ODD), max_size=10))
SHORT = st.sampled_from(["", "a", "b", "x/y.yaml", "."])  # few values: names clash

waivers = st.builds(Waiver, id=TEXT, rule=TEXT, path=TEXT, reason=TEXT, justification=TEXT,
                    owner=TEXT, approved_by=st.lists(TEXT, max_size=2).map(tuple), expires=TEXT,
                    source=st.one_of(SHORT, TEXT), line=st.integers(0, 99))
results = st.builds(
    Result, rule=st.one_of(SHORT, TEXT), pack=st.sampled_from(["p1", "p2", "<&>"]),
    system=st.one_of(SHORT, TEXT), artifact=st.one_of(SHORT, TEXT), status=st.sampled_from(Status),
    severity=st.sampled_from(Severity), message=TEXT, file=st.one_of(SHORT, TEXT),
    line=st.integers(0, 10**6), dimension=TEXT, discipline=TEXT, title=st.one_of(SHORT, TEXT),
    findings=st.lists(st.tuples(st.one_of(SHORT, TEXT), st.one_of(st.none(), st.integers(0, 9)),
                                TEXT), max_size=3).map(tuple),
    waiver=st.one_of(st.none(), waivers))
rules = st.builds(
    Rule, id=st.one_of(SHORT, TEXT), name=TEXT, title=TEXT, dimension=TEXT, discipline=TEXT,
    severity=st.sampled_from(Severity), applies_to=st.just(()), check=st.just({}),
    pack=st.sampled_from(["p1", "p3"]), remediation=TEXT,
    references=st.dictionaries(TEXT, st.one_of(TEXT, st.lists(TEXT, max_size=2)), max_size=2))
runs = st.builds(
    RunResult, root=st.just("/repo"), rules=st.lists(rules, max_size=3).map(tuple),
    artifacts=st.just(()), results=st.lists(results, max_size=8).map(tuple),
    fail_on=st.sampled_from(Severity), version=TEXT, errors=st.lists(TEXT, max_size=2).map(tuple))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generated=runs)
def test_generated_runs_are_well_formed_valid_and_reported_case_by_case(generated, schema):
    assert_valid(generated, schema)
    assert not any(ch in junit.render(generated) for ch in "\x00\x1b\ud800")


def test_a_large_report_is_made_in_pieces_of_one_testcase(run):
    """A report of many results is written piece by piece (memory stays flat in the number
    of results, issue 14): every piece is about one testcase, and together they are the
    document render gives."""
    many = replace(run, results=tuple(replace(r, system=f"models/m{i:04d}")
                                      for i in range(500) for r in run.results))
    pieces = list(junit.chunks(many, prefix="sub"))
    assert "".join(pieces) == junit.render(many, prefix="sub")
    assert len(pieces) > len(many.results)
    assert max(len(p) for p in pieces[1:-2]) < 2_000
