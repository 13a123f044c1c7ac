"""engine._result: the Result of one rule on one artifact; Result is a frozen, slotted,
picklable dataclass."""
from __future__ import annotations

import dataclasses
import pickle

import pytest

from checker import engine
from checker.model import Artifact, Finding, Result, Rule, Severity, Status


def _rule() -> Rule:
    return Rule(id="R-1", name="r", title="Title", dimension="governance", discipline="safety",
                severity=Severity.HIGH, applies_to=("model_card",), check={}, pack="p")


def _built(status: Status, findings: list) -> tuple[Result, Result]:
    rule = _rule()
    art = Artifact(path="a/MODEL_CARD.md", kind="model_card", format="markdown", data={},
                   locate=lambda path: 7 if path else 3)
    built = engine._result(rule, "a", art.path, status, findings, art.file, art)
    located = tuple(engine._locate(f, art.file, art) for f in findings)
    first = located[0] if located else (art.file, 3, "")
    slow = Result(rule=rule.id, pack=rule.pack, system="a", artifact=art.path, status=status,
                  severity=rule.severity, message=first[2] if located else "Title: ok",
                  file=first[0], line=first[1], dimension=rule.dimension,
                  discipline=rule.discipline, title=rule.title,
                  findings=located if status is not Status.PASS else ())
    return built, slow


def test_result_holds_the_first_finding_and_no_findings_when_it_passes():
    for status, findings in ((Status.PASS, []),
                             (Status.FAIL, [Finding("bad", path=("x",)), Finding("worse")])):
        built, slow = _built(status, findings)
        assert built == slow and hash(built) == hash(slow) and repr(built) == repr(slow)
        assert pickle.loads(pickle.dumps(built)) == slow
        assert dataclasses.replace(built, system="b") == dataclasses.replace(slow, system="b")
    assert _built(Status.PASS, [])[0].findings == ()
    failed, _slow = _built(Status.FAIL, [Finding("bad", path=("x",)), Finding("worse")])
    assert (failed.message, failed.line, len(failed.findings)) == ("bad", 7, 2)


def test_result_has_no_instance_dict():
    built, _slow = _built(Status.PASS, [])
    assert not hasattr(built, "__dict__")


def test_result_stays_frozen():
    built, _slow = _built(Status.PASS, [])
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.system = "b"  # type: ignore[misc]  # the point of the test


def test_results_are_sorted_by_result_sort_key():
    built, _slow = _built(Status.PASS, [])
    assert engine._SORT_KEY(built) == built.sort_key()
