"""engine._result sets a Result's fields directly: the object is the one Result(...) builds."""
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
    fast = engine._result(rule, "a", art.path, status, findings, art.file, art)
    located = tuple(engine._locate(f, art.file, art) for f in findings)
    first = located[0] if located else (art.file, 3, "")
    slow = Result(rule=rule.id, pack=rule.pack, system="a", artifact=art.path, status=status,
                  severity=rule.severity, message=first[2] if located else "Title: ok",
                  file=first[0], line=first[1], dimension=rule.dimension,
                  discipline=rule.discipline, title=rule.title,
                  findings=located if status is not Status.PASS else ())
    return fast, slow


def test_result_is_the_same_object_as_the_constructor_builds():
    for status, findings in ((Status.PASS, []),
                             (Status.FAIL, [Finding("bad", path=("x",)), Finding("worse")])):
        fast, slow = _built(status, findings)
        assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
        assert list(vars(fast).items()) == list(vars(slow).items())  # same fields, same order
        assert pickle.loads(pickle.dumps(fast)) == slow
        assert dataclasses.replace(fast, system="b") == dataclasses.replace(slow, system="b")


def test_result_stays_frozen():
    fast, _slow = _built(Status.PASS, [])
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.system = "b"


def test_results_are_sorted_by_result_sort_key():
    fast, _slow = _built(Status.PASS, [])
    assert engine._SORT_KEY(fast) == fast.sort_key()
