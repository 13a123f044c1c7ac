"""``raw_source``: reports what loading found wrong between a report and its raw output."""
from __future__ import annotations

from checker.checks import raw_source
from checker.model import Artifact


def _native(data: dict, evidence=()) -> Artifact:
    return Artifact(path="evals/r.yaml", kind="eval_report", format="eval-report/v1", data=data,
                    raw=data, evidence=tuple(evidence))


def test_each_disagreement_is_a_finding_at_its_path():
    data = {"source": {"path": "raw/o.json", "sha256": "a" * 64}, "results": [{"id": "x"}]}
    artifact = _native(data, [("result x: states value 0.1, but ... gives 0.3",
                               ("results", 0, "value"))])
    (finding,) = raw_source.check({}, artifact, None)
    assert (finding.message, finding.path, finding.not_applicable) == (
        "result x: states value 0.1, but ... gives 0.3", ("results", 0, "value"), False)


def test_a_source_with_nothing_wrong_passes():
    data = {"source": {"path": "raw/o.json", "sha256": "a" * 64}, "results": []}
    assert list(raw_source.check({}, _native(data), None)) == []


def test_without_source_it_does_not_apply_and_says_why():
    (native,) = raw_source.check({}, _native({"results": []}), None)
    assert native.not_applicable and "cites no raw tool output" in native.message
    tool = Artifact(path="o.json", kind="eval_report", format="promptfoo", data={"results": []},
                    raw={"evalId": "e"})
    (external,) = raw_source.check({}, tool, None)
    assert external.message == "this promptfoo output is itself the raw evidence"


def test_a_report_cannot_vouch_for_itself_by_writing_evidence_keys():
    # only loading fills Artifact.evidence; a key in the file changes nothing
    data = {"source": {"path": "raw/o.json", "sha256": "a" * 64, "verified": True},
            "evidence": [], "results": []}
    artifact = _native(data, [("source file raw/o.json cannot be read", ("source", "path"))])
    assert [f.message for f in raw_source.check({}, artifact, None)] == [
        "source file raw/o.json cannot be read"]
