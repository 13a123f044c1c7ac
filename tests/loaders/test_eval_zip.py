"""Inspect .eval logs: only header.json is read from the zip, within the size cap; a file
that is no zip or has no header is refused with a reason, never a traceback."""
from __future__ import annotations

import io
import json
import zipfile

import pytest

from checker.errors import LoadError
from checker.loaders.artifact import load_artifact
from checker.loaders.eval_zip import header_text
from checker.model import LoadFailure, Skipped

HEADER = {"version": 2, "status": "success",
          "eval": {"task": "mmlu", "model": "openai/gpt-4o", "created": "2026-01-02T00:00:00"},
          "results": {"total_samples": 10, "completed_samples": 10,
                      "scores": [{"name": "choice", "metrics": {"accuracy": {"value": 0.8}}}]}}


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_the_header_is_read_and_recognised_as_an_inspect_log():
    raw = _zip({"header.json": json.dumps(HEADER).encode(), "samples/1_epoch_1.json": b"{}"})
    [log] = load_artifact("logs/run.eval", "", raw, claimed=False)
    assert (log.kind, log.format) == ("eval_report", "inspect-ai")
    assert log.data["results"][0]["value"] == 0.8


def test_a_log_without_header_is_no_artifact_when_found_by_its_extension_only():
    raw = _zip({"_journal/start.json": b"{}"})
    [skipped] = load_artifact("runs/x.eval", "", raw, claimed=False)
    assert isinstance(skipped, Skipped) and "no header.json" in skipped.reason
    # under a glob of the config it claims to be an eval report: an error
    [failure] = load_artifact("logs/x.eval", "eval_report", raw)
    assert isinstance(failure, LoadFailure) and "did not finish" in failure.message


def test_not_a_zip_and_an_inflating_header_are_refused():
    with pytest.raises(LoadError, match="not a zip archive"):
        header_text(b"{}", 100)
    bomb = _zip({"header.json": b" " * 5000})  # compresses to little, inflates past the cap
    with pytest.raises(LoadError, match="cap"):
        header_text(bomb, 1000)
