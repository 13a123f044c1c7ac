"""Inspect .eval archives: read from bytes, header and reductions only, bounded."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from checker.errors import LoadError
from checker.loaders import eval_zip

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
