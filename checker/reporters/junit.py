"""JUnit XML report (``--junit-xml``): one testsuite per pack, one testcase per result.

A missing artifact kind is one failing testcase (``safesec.MISSING-<KIND>``, in the
``safesec`` suite) whose body lists the rules it blocks; each blocked rule is a skipped
testcase that names the root cause.

Built with junit-xml 1.9, then corrected on the ElementTree it returns (no
``disabled``, times with three decimals, totals recounted, control characters
stripped) and written as ``ET.indent`` + ``ET.tostring`` write it, one testcase at a
time (``chunks``).  ``strict=True`` drops the
testcase ``file``/``line`` attributes, which the Jenkins xUnit junit-10 schema
rejects; otherwise the output is identical.  No timestamp or hostname: the same run
gives the same bytes.
"""
from __future__ import annotations

import secrets
import xml.etree.ElementTree as ET
from xml.etree.ElementTree import _escape_attrib, _escape_cdata  # type: ignore[attr-defined]
from collections import Counter
from typing import Any, Iterator

from checker.memory import gc_paused
from checker.model import RESULT_ORDER, Result, Rule, RunResult, Status
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
        return "".join(chunks(run, strict, prefix))


def chunks(run: RunResult, strict: bool = False, prefix: str = "", **_opts: Any) -> Iterator[str]:
    """:func:`render`'s text in pieces, one testcase at a time: a report of many results is
    written as it is made, never held whole (memory stays flat in the number of results).

    The document is what ``ET.indent`` + ``ET.tostring`` give for the whole tree: the
    suites' skeleton (totals, properties, errors) is serialized with a marker testcase
    per suite, and each suite's testcases are serialized in its place."""
    mark = f"testcases-{secrets.token_hex(16)}"
    root = ET.Element("testsuites", {"name": "safesec"})
    suites = list(_suites(run))
    for _pack, results, shell in suites:
        root.append(_fix_suite(shell, _counts(results)))
        if results:
            ET.SubElement(shell, "testcase", {"name": mark})
    _total(root, root.findall("testsuite"))
    root.attrib.pop("skipped")  # junit-10 has no skipped count on <testsuites>
    skeleton = _serialized(root, 0)
    pieces = skeleton.split(_serialized(ET.Element("testcase", {"name": mark}), 0))
    yield HEADER + pieces[0]
    rules = rule_index(run)
    known: dict[str, str] = {}  # attribute values written before (class names, files), escaped
    for (_pack, results, _shell), after in zip((s for s in suites if s[1]), pieces[1:]):
        for n, (result, name) in enumerate(zip(results, _unique_names(results))):
            key = (result.pack, result.rule)
            yield ("\n    " if n else "") + _case(result, name, rules.get(key), prefix, strict,
                                                   known)
        yield after
    yield "\n"


def _serialized(element: ET.Element, level: int) -> str:
    """``element`` indented as at ``level`` of the document, without its tail; cleaned of
    what XML cannot hold only when it holds some (rare)."""
    ET.indent(element, level=level)
    text = ET.tostring(element, encoding="unicode")
    if has_illegal_xml(text):
        _clean(element)
        text = ET.tostring(element, encoding="unicode")
    return text


def _suites(run: RunResult) -> Iterator[tuple[str, list[Result], ET.Element]]:
    """Each pack's results in report order, with its ``<testsuite>`` without testcases."""
    from junit_xml import TestSuite  # measurable import cost; only JUnit needs it

    by_pack: dict[str, list[Result]] = {r.pack: [] for r in run.rules}
    for result in run.results:
        by_pack.setdefault(result.pack, []).append(result)
    for index, pack in enumerate(sorted(by_pack) or [DEFAULT_SUITE]):
        results = sorted(by_pack.get(pack, ()), key=RESULT_ORDER)
        errors = "\n".join(str(e) for e in run.errors) if index == 0 else None
        props = {"safesec.fail_on": str(run.fail_on), "safesec.pack": pack,
                 "safesec.version": run.version}
        yield pack, results, TestSuite(pack, [], properties=props,
                                       stderr=errors or None).build_xml_doc()


def _counts(results: list[Result]) -> tuple[int, dict[str, int]]:
    """tests, and failures/errors/skipped: the testcases with a child of that kind."""
    status = Counter(r.status for r in results)
    return len(results), {"failures": status[Status.FAIL], "errors": status[Status.ERROR],
                          "skipped": status[Status.WAIVED] + status[Status.NOT_APPLICABLE]
                          + status[Status.BLOCKED]}


def _unique_names(results: list[Result]) -> list[str]:
    """``RULE subject``; clashes get ``[system]``, then ``#n`` (input order).  Compared as
    written, without what XML cannot hold (``\x1f`` and "" would otherwise clash there)."""
    plain = [_safe(f"{r.rule} {subject(r)}") for r in results]
    if len(set(plain)) == len(plain):
        return plain
    clashes = Counter(plain)
    named = [p if clashes[p] == 1 else _safe(f"{p} [{r.system or '.'}]")
             for p, r in zip(plain, results)]
    if len(set(named)) == len(named):
        return named
    seen: Counter[str] = Counter()
    unique = []
    for name in named:
        seen[name] += 1
        unique.append(name if seen[name] == 1 else f"{name} #{seen[name]}")
    return unique


def _case(result: Result, name: str, rule: Rule | None, prefix: str, strict: bool,
          known: dict[str, str] | None = None) -> str:
    """One ``<testcase>`` as junit-xml builds it and ``_serialized`` writes it at its depth
    in the document (time zeroed, no ``type`` on skipped, no file/line when ``strict``),
    written directly: the ElementTree round trip per testcase doubled the report's cost.
    ``known``: attribute values escaped before, for reuse (each file and class name recurs
    in many testcases).  ``name`` comes from ``_unique_names``, already without what XML
    cannot hold."""
    known = {} if known is None else known
    file = result.file or result.artifact
    head = f'<testcase name="{_escape_attrib(name)}" classname="' \
        f'{_known(f"{result.pack}.{result.rule}", known)}"'
    if file and not strict:
        head += f' file="{_known(f"{prefix}/{file}" if prefix else file, known)}" ' \
            f'line="{_known(str(result.line), known)}"'
    head += ' time="0.000"'
    status = result.status
    if status is Status.FAIL:
        child = _element("failure", [("type", str(result.severity)),
                                     ("message", f"{result.rule}: {headline(result)}")],
                         _failure_body(result, rule))
    elif status is Status.ERROR:
        child = _element("error", [("type", "error"),
                                   ("message", f"{result.rule}: {headline(result)}")],
                         _problems(result))
    elif status is Status.WAIVED:
        child = _element("skipped", [("message", _waived(result))], _waiver_body(result))
    elif status is Status.NOT_APPLICABLE:
        child = _element("skipped", [("message", f"not applicable: {headline(result)}")], "")
    elif status is Status.BLOCKED:  # the failure is its root cause's
        child = _element("skipped", [("message", headline(result))], "")
    else:
        return head + " />"
    return head + ">\n      " + child + "\n    </testcase>"


def _element(tag: str, attrs: list[tuple[str, str]], text: str) -> str:
    """An element without children as ``ET.tostring`` writes it, stripped of what XML
    cannot hold (every attribute given has a value before that, so junit-xml writes it)."""
    inner = "".join(f' {key}="{_attribute(value)}"' for key, value in attrs)
    if not text:
        return f"<{tag}{inner} />"
    return f"<{tag}{inner}>{_escape_cdata(_safe(text))}</{tag}>"


def _attribute(value: str) -> str:
    """An attribute value as written: stripped of what XML cannot hold, then escaped."""
    return _escape_attrib(_safe(value))  # type: ignore[no-any-return]


def _known(value: str, known: dict[str, str]) -> str:
    """``_attribute(value)``, remembered in ``known``."""
    found = known.get(value)
    if found is None:
        found = known[value] = _attribute(value)
    return found


def _safe(text: str) -> str:
    return xml_safe(text) if has_illegal_xml(text) else text


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


def _fix_suite(suite: ET.Element, counts: tuple[int, dict[str, int]]) -> ET.Element:
    """Drop ``disabled``, zero the time, set the totals of the suite's testcases."""
    suite.attrib.pop("disabled", None)
    _set_totals(suite, *counts)
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
