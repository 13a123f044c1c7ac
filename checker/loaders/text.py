"""Bytes to text: size cap, binary and encoding checks, BOM and CRLF handling."""
from __future__ import annotations

from checker.errors import LoadError

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def decode(raw: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Return the text of a file, or raise LoadError naming the line at fault.

    ``raw`` may be one byte longer than ``max_bytes``: readers read no further
    than that, so a longer file is known to be over the cap without reading it.
    """
    if len(raw) > max_bytes:
        raise LoadError(f"file is larger than the {max_bytes:,}-byte cap "
                        "(max_file_bytes in .safesec.yaml); not read further")
    if not raw.strip():
        raise LoadError("file is empty", line=1)
    nul = raw.find(b"\x00")
    if nul >= 0:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise LoadError("file is UTF-16 encoded; expected UTF-8", line=1)
        raise LoadError("binary file (contains NUL bytes); expected UTF-8 text",
                        line=raw.count(b"\n", 0, nul) + 1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise LoadError(f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); expected UTF-8 text",
                        line=line) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
