"""The hand-written JSON writer gives exactly the bytes of ``json.dumps(..., indent=2)``.

``json_report.render`` and ``jsontext`` write reports entry by entry from templates;
``json.dumps(json_report.to_dict(run), indent=2, sort_keys=True) + "\\n"`` is the
definition they are held to, on hand-built runs and on generated ones full of odd
strings (controls, quotes, backslashes, lone surrogates, emoji) and odd values.
"""
from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.model import Artifact, LoadFailure, Result, RunResult, Severity, Status, Waiver
from checker.reporters import json_report, jsontext

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

ODD = list('"\\/\x00\x01\x08\t\n\x0c\r\x1b\x1f\x7f\x80\x9f\u00e9\u2028\u2029\ud800\udbff\udc00'
           '\udfff\ufeff\ufffe\uffff\U0001f600\U0010ffff<>&%s{}[]:,')
TEXT = st.one_of(st.text(max_size=12), st.text(st.sampled_from(ODD), max_size=12))
SCALAR = st.one_of(TEXT, st.none(), st.booleans(), st.integers(), st.sampled_from([2**70, -1]),
                   st.floats(allow_nan=True, allow_infinity=True))
JSONISH = st.recursive(SCALAR, lambda kids: st.one_of(
    st.lists(kids, max_size=3), st.tuples(kids, kids),
    st.dictionaries(TEXT, kids, max_size=3)), max_leaves=8)
ANY = st.one_of(TEXT, TEXT, SCALAR, JSONISH)  # a field's value: usually text, anything allowed


def expected(run: RunResult) -> str:
    return json.dumps(json_report.to_dict(run), indent=2, sort_keys=True) + "\n"


waivers = st.builds(
    Waiver, id=ANY, rule=ANY, path=ANY, reason=ANY, justification=ANY, owner=ANY,
    approved_by=st.one_of(st.lists(ANY, max_size=3).map(tuple), TEXT), expires=ANY, source=ANY,
    line=ANY)
results = st.builds(
    Result, rule=TEXT, pack=TEXT, system=TEXT, artifact=TEXT,
    status=st.one_of(st.sampled_from(Status), ANY), severity=st.one_of(st.sampled_from(Severity), ANY),
    message=ANY, file=TEXT, line=st.integers(-5, 10**12), dimension=ANY, discipline=ANY,
    title=ANY, findings=st.lists(st.tuples(ANY, ANY, ANY), max_size=3).map(tuple),
    waiver=st.one_of(st.none(), waivers))
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


@pytest.fixture(scope="module")
def fixture_runs() -> list[RunResult]:
    """The example repositories, checked for a fixed day."""
    from checker.run.options import RunOptions
    from checker.run import check

    return [check(RunOptions(root=str(FIXTURES / name), as_of=dt.date(2026, 11, 28)))
            for name in ("compliant", "noncompliant", "two-systems")]


def test_json_writer_matches_json_dumps_on_the_fixture_repositories(fixture_runs):
    for checked in fixture_runs:
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


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a.md", "./a.md", "b c.yaml", "x#y"]), TEXT),
                max_size=4), st.sampled_from(["a.md", "b%20c.yaml", "x%23y", "none"]),
       st.integers(1, 6))
def test_sarif_line_lengths_are_measured_as_before(files, target, line):
    """Lazy line lengths: what the eager table ``{uri: {n: len(line)}}`` gave."""
    from checker.reporters import sarif

    run = RunResult(root="/repo", rules=(), results=(), artifacts=tuple(
        Artifact(path=path, kind="config", format="yaml", data=None, text=text)
        for path, text in files))
    eager = {sarif.uri(a.path): {n: len(t) for n, t in enumerate(a.text.splitlines(), 1)}
             for a in run.artifacts}
    assert sarif._LineLengths(run).get(target, line) == eager.get(target, {}).get(line, 1)
    assert sarif.uri(target) == sarif._uri(target)
