"""Cerberus's answers for the built-in pack, recorded in ``record.json`` beside this file.

Loading a pack validates it against the pack schema, then every check's options against
that check's schema, and Cerberus fills in the options' defaults.  For the built-in pack
the answers are always the same, so they are recorded, keyed by the exact inputs: the
pack file's bytes (its SHA-256), each check's options (as canonical JSON), the schema
they were checked against and Cerberus's version.  They are reused only when all of
these are equal; anything else (a user's pack, an edited built-in pack, another
Cerberus, a changed schema) is validated by Cerberus.

``scripts/record_builtin_pack.py`` writes the record (run it after changing the built-in
pack or a check schema); ``tests/policy/test_record.py`` checks that it is what Cerberus
says now.
"""
from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any

RECORD = Path(__file__).with_name("record.json")


def options_document(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any] | None:
    """The normalized options Cerberus gave ``spec`` under ``schema``, if recorded."""
    entries = load(RECORD).get("options")
    if not entries:
        return None
    key = options_key(spec, schema)
    document = entries.get(key) if key else None
    return json.loads(document) if document is not None else None  # a fresh copy each time


def pack_is_valid(raw: bytes, schema: dict[str, Any]) -> bool:
    """These exact pack bytes passed ``schema`` (the pack schema) when recorded."""
    packs = load(RECORD).get("packs") or ()
    return pack_key(raw, schema) in packs


def options_key(spec: dict[str, Any], schema: dict[str, Any]) -> str | None:
    """The record's key of a check's options; None when they cannot be recorded."""
    options, shape = canonical(spec), fingerprint(schema)
    return f"{shape}:{options}" if options is not None and shape else None


def pack_key(raw: bytes, schema: dict[str, Any]) -> str:
    return f"{fingerprint(schema)}:{hashlib.sha256(raw).hexdigest()}"


def canonical(value: Any) -> str | None:
    """JSON that tells apart every value it stands for; None for what JSON would blur
    (non-string keys, tuples, dates, other types)."""
    def plain(item: Any) -> bool:
        if item is None or isinstance(item, (str, bool, int, float)):
            return type(item) in (type(None), str, bool, int, float)
        if type(item) is list:
            return all(plain(x) for x in item)
        if type(item) is dict:
            return all(type(k) is str and plain(v) for k, v in item.items())
        return False

    if not plain(value):
        return None
    try:
        return json.dumps(value, sort_keys=True, ensure_ascii=False, allow_nan=False,
                          separators=(",", ":"))
    except ValueError:  # NaN or infinity
        return None


def fingerprint(schema: dict[str, Any]) -> str:
    """The schema as a short digest; '' if unusual.  (The Cerberus judging by it is the
    record's ``cerberus``: a record of another version is not read at all.)"""
    try:
        text = json.dumps(schema, sort_keys=True)
    except (TypeError, ValueError):  # a schema holding code or odd values: not recorded
        return ""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def cerberus_version() -> str:
    import cerberus  # imported on first use: a measured startup cost (importlib.metadata)

    return str(cerberus.__version__)


@functools.lru_cache(maxsize=None)
def load(path: Path) -> dict[str, Any]:
    """The record at ``path``; empty when it is missing, unreadable or made by another
    version of Cerberus."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(record, dict) or record.get("cerberus") != cerberus_version():
        return {}
    return record
