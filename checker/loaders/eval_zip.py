"""Inspect ``.eval`` logs: a zip archive whose ``header.json`` holds the log without its
samples (the eval spec, status, results and stats), the part safesec reads.

Only that one member is read, and no more than the size cap of it (a member that claims
to be small but inflates further is cut off and refused); nothing is extracted to disk.
"""
from __future__ import annotations

import io
import zipfile

from checker.errors import LoadError

HEADER = "header.json"
ZIP_MAGIC = b"PK\x03\x04"


def header_text(raw: bytes, max_bytes: int) -> bytes:
    """The bytes of the archive's ``header.json``; LoadError when the file is no zip
    archive or has no header (a run that did not finish writes none)."""
    if not raw.startswith(ZIP_MAGIC):
        raise LoadError("not a zip archive; an Inspect .eval log is one", line=1)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            try:
                info = archive.getinfo(HEADER)
            except KeyError:
                raise LoadError("Inspect log has no header.json: the run did not finish, so "
                                "it holds no results", line=1) from None
            if info.file_size > max_bytes:
                raise LoadError(f"header.json is larger than the {max_bytes:,}-byte cap",
                                line=1)
            with archive.open(info) as member:
                data = member.read(max_bytes + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError,
            OSError) as exc:
        raise LoadError(f"unreadable zip archive: {exc}", line=1) from None
    if len(data) > max_bytes:
        raise LoadError(f"header.json is larger than the {max_bytes:,}-byte cap", line=1)
    return data
