"""Inspect .eval archives: read from bytes, header and reductions only, bounded."""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from checker.errors import LoadError
from checker.loaders import eval_zip
from checker.loaders.artifact import load_artifact
from checker.loaders.eval_zip import parse as eval_parse
from checker.model import LoadFailure, Skipped

LOG = (Path(__file__).resolve().parents[1] / "data" / "formats" / "inspect" /
       "2024-11-05T13-32-37-05-00_input-task_hxs4q9azL3ySGkjJirypKZ.eval")


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def test_real_log_gives_its_header_and_reductions_but_no_samples():
    data, locate = eval_zip.parse(LOG.read_bytes())
    assert data["status"] == "success" and data["eval"]["task"] == "input_task"
    assert data["reductions"][0]["samples"][0]["value"] == 1.0
    assert "samples" not in data and locate(("results", "scores", 0)) == 1


def test_a_log_still_being_written_has_no_header():
    with pytest.raises(LoadError, match="no header.json"):
        eval_zip.parse(_zip({"_journal/start.json": b"{}"}))


def test_a_member_larger_than_the_cap_is_refused_without_reading_it_whole():
    big = _zip({"header.json": b'{"eval": {"task": "t"}, "pad": "' + b"x" * 50_000 + b'"}'})
    assert len(big) < 1_000  # compresses well: the cap is on what is unpacked
    with pytest.raises(LoadError, match="header.json in the archive is larger than"):
        eval_zip.parse(big, max_bytes=10_000)


def test_a_header_that_is_not_json_names_the_member():
    with pytest.raises(LoadError, match="header.json in the archive: invalid JSON"):
        eval_zip.parse(_zip({"header.json": b"{not json"}))


# Found by discovery: recognised by content when unclaimed, an error when claimed.
DISCOVERY_HEADER = {"version": 2, "status": "success",
          "eval": {"task": "mmlu", "model": "openai/gpt-4o", "created": "2026-01-02T00:00:00"},
          "results": {"total_samples": 10, "completed_samples": 10,
                      "scores": [{"name": "choice", "metrics": {"accuracy": {"value": 0.8}}}]}}


def test_the_header_is_read_and_recognised_as_an_inspect_log():
    raw = _zip({"header.json": json.dumps(DISCOVERY_HEADER).encode(), "samples/1_epoch_1.json": b"{}"})
    [log] = load_artifact("logs/run.eval", "", raw, claimed=False)
    assert (log.kind, log.format) == ("eval_report", "inspect-ai")
    assert log.data["results"][0]["value"] == 0.8


def test_a_log_without_header_is_no_artifact_when_found_by_its_extension_only():
    raw = _zip({"_journal/start.json": b"{}"})
    [skipped] = load_artifact("runs/x.eval", "", raw, claimed=False)
    assert isinstance(skipped, Skipped) and "no header.json" in skipped.reason
    # under a glob of the config it claims to be an eval report: an error
    [failure] = load_artifact("logs/x.eval", "eval_report", raw)
    assert isinstance(failure, LoadFailure) and "no header.json" in failure.message


def test_not_a_zip_and_an_inflating_header_are_refused():
    with pytest.raises(LoadError, match="not a readable .eval"):
        eval_parse(b"{}", max_bytes=100)
    bomb = _zip({"header.json": b" " * 5000})  # compresses to little, inflates past the cap
    with pytest.raises(LoadError, match="cap"):
        eval_parse(bomb, max_bytes=1000)
