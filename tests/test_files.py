"""write_atomic: all or nothing."""
from __future__ import annotations

import os
import stat

import pytest

from checker.files import write_atomic
from checker.model import RunResult
from checker.reporters import render


def test_creates_parent_folders_and_writes_utf8(tmp_path):
    target = tmp_path / "reports" / "deep" / "safesec.xml"
    write_atomic(target, "caf\u00e9 <ok>\n")
    assert target.read_bytes() == "caf\u00e9 <ok>\n".encode()
    assert os.listdir(target.parent) == ["safesec.xml"]


def test_replaces_existing_file_and_keeps_its_mode(tmp_path):
    target = tmp_path / "report.json"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, "new\r\n")
    assert target.read_bytes() == b"new\r\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_new_file_gets_the_usual_mode_not_the_temp_files_0600(tmp_path):
    target = tmp_path / "report.json"
    old = os.umask(0o022)
    try:
        write_atomic(target, "{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_old_file_intact_when_writing_fails_midway(tmp_path):
    target = tmp_path / "report.xml"
    target.write_text("previous report")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "half written \ud800 text")  # a lone surrogate cannot be encoded
    assert target.read_text() == "previous report"
    assert os.listdir(tmp_path) == ["report.xml"]


def test_old_file_intact_when_rendering_raises(tmp_path):
    target = tmp_path / "junit.xml"
    target.write_text("previous report")
    not_a_result: object = object()
    broken = RunResult(root="/repo", rules=(), artifacts=(), results=(not_a_result,))
    with pytest.raises(Exception):
        write_atomic(target, render("junit", broken))
    assert target.read_text() == "previous report"
    assert os.listdir(tmp_path) == ["junit.xml"]

