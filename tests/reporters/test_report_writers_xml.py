"""JUnit written by ``xmltext`` is byte-identical to the ElementTree way it replaced.

``junit_oracle`` is the reporter as it was (junit-xml, then ``_clean``, ``ET.indent``
and ``ET.tostring``); ``xmltext.tostring`` must equal ``ET.indent`` + ``ET.tostring``.
Both are checked on the hand-built run, the example repositories and generated runs
whose strings carry XML specials, ANSI escapes, control characters and surrogates.
"""
from __future__ import annotations

import copy
import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import junit_oracle
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.model import Result, Rule, RunResult, Severity, Status, Waiver
from checker.reporters import junit, xmltext

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
ODD = list('"\'&<>;/\\\x00\x01\x08\t\n\x0b\x0c\r\x1b[]31m\x07\x7f\x85\x9f\u00e9\u2028\ud800\udfff'
           '\ufeff\ufffe\uffff\U0001f600 ')
TEXT = st.one_of(st.text(max_size=10), st.text(st.sampled_from(ODD), max_size=10))
SHORT = st.sampled_from(["", "a", "b", "x/y.yaml", "."])  # few values: names clash
VARIANTS = ({}, {"strict": True}, {"prefix": "sub/dir"}, {"strict": True, "prefix": "p"})


def same(run: RunResult) -> None:
    for options in VARIANTS:
        assert junit.render(run, **options) == junit_oracle.render(run, **options), options


def test_hand_built_runs_match_the_oracle(run, empty_run):
    same(run)
    same(empty_run)
    same(replace(run, errors=(), rules=()))


def test_example_repositories_match_the_oracle():
    from checker.run.options import RunOptions
    from checker.run import check

    for name in ("compliant", "noncompliant", "two-systems"):
        same(check(RunOptions(root=str(FIXTURES / name), as_of=dt.date(2026, 11, 28))))


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


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(runs)
def test_generated_runs_match_the_oracle(generated):
    same(generated)


TAGS = st.sampled_from(["a", "b", "testcase", "c-d"])
WHITE = st.sampled_from([None, "", " ", "\n  ", "\t"])
trees = st.recursive(
    st.builds(lambda tag, attrib, text: _element(tag, attrib, text, []),
              TAGS, st.dictionaries(TAGS, TEXT, max_size=3), st.one_of(WHITE, TEXT)),
    lambda kids: st.builds(lambda *parts: _element(*parts),
                           TAGS, st.dictionaries(TAGS, TEXT, max_size=3),
                           st.one_of(WHITE, TEXT), st.lists(kids, max_size=3),
                           st.lists(st.one_of(WHITE, TEXT), min_size=3, max_size=3)),
    max_leaves=10)


def _element(tag: str, attrib: dict, text: str | None, children: list,
             tails: list | None = None) -> ET.Element:
    element = ET.Element(tag, attrib)
    element.text = text
    for child, tail in zip(children, tails or [None] * len(children)):
        child = copy.deepcopy(child)
        child.tail = tail
        element.append(child)
    return element


@settings(max_examples=400, deadline=None)
@given(trees, st.one_of(st.none(), st.just("\n"), TEXT))
def test_xmltext_is_et_indent_then_tostring(root, tail):
    root.tail = tail
    want = copy.deepcopy(root)
    ET.indent(want)
    expected = ET.tostring(want, encoding="unicode")
    assert xmltext.tostring(root) == expected
    assert xmltext.tostring(root) == expected  # the tree was left as it was


def test_xmltext_refuses_what_elementtree_would_not_write_plainly():
    with pytest.raises(ValueError):
        xmltext.tostring(ET.Element("{urn:x}tag"))
    bad = ET.Element("a", {"n": 1})  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        ET.tostring(bad, encoding="unicode")
    with pytest.raises(TypeError):
        xmltext.tostring(bad)
