"""JUnit XML report (``--junit-xml``): one testsuite per pack, one testcase per result.

A missing artifact kind is one failing testcase (``safesec.MISSING-<KIND>``, in the
``safesec`` suite) whose body lists the rules it blocks; each blocked rule is a skipped
testcase that names the root cause.

Built with junit-xml 1.9, then corrected on the ElementTree it returns (no
``disabled``, times with three decimals, totals recounted, control characters
stripped) and written by ``ET.indent`` + ``ET.tostring``.  ``strict=True`` drops the
testcase ``file``/``line`` attributes, which the Jenkins xUnit junit-10 schema
rejects; otherwise the output is identical.  No timestamp or hostname: the same run
gives the same bytes.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any

from checker.memory import gc_paused
from checker.model import Result, Rule, RunResult, Status
from checker.reporters.base import (Option, Spec, findings, has_illegal_xml, headline, flat,
                                    references, rule_index, subject, where, xml_safe)

SPEC = Spec(
    file=Option("--junit-xml", "junit_xml", "Write JUnit XML here."),
    switches=(Option("--junit-strict", "junit_strict",
                     "JUnit without testcase file/line (valid against the Jenkins junit-10 XSD)."),),
    takes=("strict", "prefix"))

HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n'
DEFAULT_SUITE = "safesec"
COUNTED = (("failures", "failure"), ("errors", "error"), ("skipped", "skipped"))


def render(run: RunResult, strict: bool = False, prefix: str = "", **_opts: Any) -> str:
    """The run as a JUnit XML document (see DESIGN §4 for the mapping).

    ``prefix`` (the checked folder relative to the repository root) is put before the
    testcase ``file`` attributes so that GitHub reporters find the files; names stay
    relative to the checked folder, stable wherever the check runs from."""
    with gc_paused():
        return _render(run, strict, prefix)


def _render(run: RunResult, strict: bool, prefix: str) -> str:
    root = ET.Element("testsuites", {"name": "safesec"})
    for suite in _suites(run, prefix):
        root.append(_fix_suite(suite.build_xml_doc(), strict))
    _total(root, root.findall("testsuite"))
    root.attrib.pop("skipped")  # junit-10 has no skipped count on <testsuites>
    ET.indent(root)
    text = ET.tostring(root, encoding="unicode")
    if has_illegal_xml(text):  # rare: clean every text and attribute, write again
        _clean(root)
        text = ET.tostring(root, encoding="unicode")
    return HEADER + text + "\n"


def _suites(run: RunResult, prefix: str = "") -> list[Any]:
    from junit_xml import TestCase, TestSuite  # measurable import cost; only JUnit needs it

    rules = rule_index(run)
    by_pack: dict[str, list[Result]] = {r.pack: [] for r in run.rules}
    for result in run.results:
        by_pack.setdefault(result.pack, []).append(result)
    suites = []
    for index, pack in enumerate(sorted(by_pack) or [DEFAULT_SUITE]):
        results = sorted(by_pack.get(pack, ()), key=Result.sort_key)
        names = _unique_names(results)
        classnames = {key: f"{key[0]}.{key[1]}" for key in {(r.pack, r.rule) for r in results}}
        cases = []
        for result, name in zip(results, names):
            key = (result.pack, result.rule)
            cases.append(_case(TestCase, result, name, rules.get(key), classnames[key], prefix))
        errors = "\n".join(str(e) for e in run.errors) if index == 0 else None
        props = {"safesec.fail_on": str(run.fail_on), "safesec.pack": pack,
                 "safesec.version": run.version}
        suites.append(TestSuite(pack, cases, properties=props, stderr=errors or None))
    return suites


def _unique_names(results: list[Result]) -> list[str]:
    """``RULE subject``; clashes get ``[system]``, then ``#n`` (input order).  Names are
    made XML-safe first, so two that differ only in characters XML cannot hold still
    clash and are told apart."""
    plain = [_safe(f"{r.rule} {subject(r)}") for r in results]
    if len(set(plain)) == len(plain):
        return plain
    clashes = Counter(plain)
    named = [p if clashes[p] == 1 else f"{p} [{_safe(r.system or '.')}]"
             for p, r in zip(plain, results)]
    if len(set(named)) == len(named):
        return named
    seen: Counter[str] = Counter()
    unique = []
    for name in named:
        seen[name] += 1
        unique.append(name if seen[name] == 1 else f"{name} #{seen[name]}")
    return unique


def _safe(name: str) -> str:
    """``xml_safe(name)``, with one search for the common name that needs nothing."""
    return xml_safe(name) if has_illegal_xml(name) else name


def _case(test_case: Any, result: Result, name: str, rule: Rule | None, classname: str,
          prefix: str = "") -> Any:
    """junit-xml's ``TestCase`` for one result (``test_case``: the class, imported once)."""
    file = result.file or result.artifact
    path = f"{prefix}/{file}" if prefix and file else file
    case = test_case(name, classname=classname, file=path or None,
                     line=str(result.line) if file else None)
    status = result.status
    if status is Status.PASS:
        return case
    if status is Status.FAIL:
        case.add_failure_info(f"{result.rule}: {headline(result)}",
                              _failure_body(result, rule), str(result.severity))
    elif status is Status.ERROR:
        case.add_error_info(f"{result.rule}: {headline(result)}", _problems(result), "error")
    elif status is Status.WAIVED:
        case.add_skipped_info(_waived(result), _waiver_body(result))
    elif status is Status.NOT_APPLICABLE:
        case.add_skipped_info(f"not applicable: {headline(result)}")
    elif status is Status.BLOCKED:  # the failure is its root cause's
        case.add_skipped_info(headline(result))
    return case


def _problems(result: Result) -> str:
    """``path:line: message`` per finding (one line each, for annotators)."""
    return "\n".join(f"{where(f, ln)}: {flat(m)}" for f, ln, m in findings(result))


def _failure_body(result: Result, rule: Rule | None) -> str:
    lines = [_problems(result), ""]
    if result.blocks:
        lines.append(f"Blocked rules (skipped): {', '.join(result.blocks)}")
    expected = result.title or (rule.title if rule else "")
    if expected:
        lines.append(f"Expected: {expected}")
    if rule is not None and rule.remediation:
        lines.append(f"Remediation: {rule.remediation.strip()}")
    refs = references(rule)
    if refs:
        lines += ["References:"] + [f"  {ref}" for ref in refs]
    return "\n".join(lines).rstrip() + "\n"


def _waived(result: Result) -> str:
    waiver = result.waiver
    if waiver is None:
        return "waived"
    return f"waived by {waiver.id} (owner {waiver.owner}, expires {waiver.expires})"


def _waiver_body(result: Result) -> str:
    waiver = result.waiver
    lines = [_problems(result)]
    if waiver is not None:
        lines += [
            "",
            f"Reason: {waiver.reason}: {flat(waiver.justification)}",
            f"Approved by: {', '.join(waiver.approved_by) or '-'}",
            f"Waiver: {where(waiver.source, waiver.line)}",
        ]
    return "\n".join(lines) + "\n"


def _fix_suite(suite: ET.Element, strict: bool) -> ET.Element:
    """Drop ``disabled``, zero the times, recount; one pass over the testcases."""
    suite.attrib.pop("disabled", None)
    cases = suite.findall("testcase")
    having = {tag: 0 for _, tag in COUNTED}  # testcases with at least one <tag> child
    for case in cases:
        case.set("time", "0.000")
        if strict:
            case.attrib.pop("file", None)
            case.attrib.pop("line", None)
        if len(case):  # a passed test has no children
            for skipped in case.iter("skipped"):
                skipped.attrib.pop("type", None)
            for tag in {child.tag for child in case} & having.keys():
                having[tag] += 1
    _set_totals(suite, len(cases), {key: having[tag] for key, tag in COUNTED})
    return suite


def _total(element: ET.Element, children: list[ET.Element]) -> None:
    """Set tests/failures/errors/skipped/time on ``<testsuites>`` from its suites."""
    counts = {key: sum(int(c.get(key, 0)) for c in children) for key, _ in COUNTED}
    _set_totals(element, sum(int(c.get("tests", 0)) for c in children), counts)


def _set_totals(element: ET.Element, tests: int, counts: dict[str, int]) -> None:
    element.set("tests", str(tests))
    for key, value in counts.items():
        element.set(key, str(value))
    element.set("time", "0.000")


def _clean(root: ET.Element) -> None:
    """Strip characters XML 1.0 cannot hold from every text and attribute."""
    for element in root.iter():
        if element.text:
            element.text = xml_safe(element.text)
        if element.tail:
            element.tail = xml_safe(element.tail)
        for key, value in element.attrib.items():
            element.set(key, xml_safe(value))
