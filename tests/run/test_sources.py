"""FsSource.read: a file's bytes, at most max_bytes + 1 of them (one more than allowed tells
the loader the file is too large), whatever size the file system reports."""
from __future__ import annotations

import os
from types import SimpleNamespace

import pytest

from checker.run import sources
from checker.run.sources import FsSource


@pytest.fixture()
def tree(tmp_path):
    (tmp_path / "small.yaml").write_bytes(b"a: 1\n")
    (tmp_path / "big.yaml").write_bytes(b"x" * 5000)
    (tmp_path / "empty.yaml").write_bytes(b"")
    return tmp_path


def test_reads_whole_files_and_one_byte_past_the_limit(tree):
    source = FsSource(str(tree))
    assert source.read("small.yaml", 100) == b"a: 1\n"
    assert source.read("empty.yaml", 100) == b""
    assert source.read("big.yaml", 100) == b"x" * 101  # too large: the loader says so
    assert source.read("big.yaml", 5000) == b"x" * 5000


@pytest.mark.parametrize("reported", [0, 3])
def test_a_size_the_file_system_gets_wrong_reads_as_much_as_the_limit_allows(
        tree, monkeypatch, reported):
    """A size of 0 (a file of unknown size) or one that is smaller than the file (it grew
    after it was measured) still reads the file, up to the limit."""
    real = os.fstat
    monkeypatch.setattr(sources.os, "fstat", lambda fd: SimpleNamespace(
        **{**{k: getattr(real(fd), k) for k in ("st_mode",)}, "st_size": reported}))
    source = FsSource(str(tree))
    assert source.read("small.yaml", 100) == b"a: 1\n"
    assert source.read("big.yaml", 100) == b"x" * 101
    assert source.read("big.yaml", 5000) == b"x" * 5000
