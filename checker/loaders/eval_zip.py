"""Inspect ``.eval`` logs: zip archives read from bytes, never extracted to disk.

An ``.eval`` log holds ``header.json`` (the log without its samples: ``eval``,
``plan``, ``results``, ``stats``, ``status``), ``reductions.json`` (each scorer's
per-sample scores), ``summaries.json`` and one ``samples/<id>_epoch_<n>.json`` per
sample. Only the header and the reductions are read, each up to the file cap,
so the data has the shape of a JSON log (the ``reductions`` key included).
Lines do not exist inside an archive: every path locates to line 1.
"""
from __future__ import annotations

import io
import zipfile
import zlib
from typing import Any

from checker.errors import LoadError
from checker.loaders import json_doc, text
from checker.loaders.base import DataPath, Parsed

EXTENSION = ".eval"
HEADER = "header.json"
REDUCTIONS = "reductions.json"
MAX_MEMBERS = 100_000  # a log has one member per sample and epoch, plus four


def parse(raw: bytes, *, max_bytes: int = text.DEFAULT_MAX_BYTES) -> Parsed:
    """(the log's header with its reductions, a locate that answers 1)."""
    if len(raw) > max_bytes:
        raise LoadError(f"file is larger than the {max_bytes:,}-byte cap "
                        "(max_file_bytes in .safesec.yaml); not read further")
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = archive.namelist()
            if len(names) > MAX_MEMBERS:
                raise LoadError(f"Inspect log archive has {len(names):,} members (at most "
                                f"{MAX_MEMBERS:,} are read)")
            if HEADER not in names:
                raise LoadError("not an Inspect .eval log: the archive has no header.json "
                                "(a log still being written has only _journal/)")
            data = _json(archive, HEADER, max_bytes)
            if not isinstance(data, dict):
                raise LoadError("Inspect log header.json is not a JSON object")
            if REDUCTIONS in names and "reductions" not in data:
                data["reductions"] = _json(archive, REDUCTIONS, max_bytes)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError,
            OSError) as exc:  # corrupt, truncated, encrypted or oddly compressed archives
        raise LoadError(f"not a readable .eval (zip) archive: {exc}", line=1) from None
    return data, _first_line


def _json(archive: zipfile.ZipFile, name: str, max_bytes: int) -> Any:
    with archive.open(name) as member:
        body = member.read(max_bytes + 1)  # the declared size may lie: read no further
    if len(body) > max_bytes:
        raise LoadError(f"{name} in the archive is larger than the {max_bytes:,}-byte cap")
    try:
        return json_doc.loads(text.decode(body, max_bytes=max_bytes))
    except LoadError as exc:
        raise LoadError(f"{name} in the archive: {exc.message}", line=1) from None


def _first_line(_path: DataPath) -> int:
    return 1
