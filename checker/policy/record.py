"""Cerberus's answers for the built-in pack, recorded in ``record.json`` beside this file.

Loading a pack validates it against the pack schema, then every check's options against
that check's schema, and Cerberus fills in the options' defaults.  For the built-in pack
this is ~40 ms of every run's start (most of the packs' cost), always with the same
answers.  The answers are recorded, keyed by the exact inputs: the pack file's bytes (its
SHA-256), each check's options (as canonical JSON), the schema they were checked against
and Cerberus's version.  They are reused only when all of these are equal; anything else
(a user's pack, an edited built-in pack, another Cerberus, a changed schema) is validated
as before.  ``tests/test_validated.py`` checks that the record is what Cerberus says now.

Regenerate after changing the built-in pack or a check schema::

    python -m checker.policy.record
"""
from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path
from typing import Any, Iterator

RECORD = Path(__file__).with_name("record.json")
_STATE: dict[str, Any] = {}  # "record": the loaded record; "recording": entries being made


def options_document(spec: dict, schema: dict) -> dict | None:
    """The normalized options Cerberus gave ``spec`` under ``schema``, if recorded."""
    entries = _record().get("options")
    if not entries:
        return None
    key = _key(spec, schema)
    document = entries.get(key) if key else None
    return json.loads(document) if document is not None else None  # a fresh copy each time


def pack_is_valid(raw: bytes, schema: dict) -> bool:
    """These exact pack bytes passed ``schema`` (the pack schema) when recorded."""
    packs = _record().get("packs")
    return bool(packs) and _pack_key(raw, schema) in packs


def note_options(spec: dict, schema: dict, document: dict) -> None:
    """Record Cerberus's answer (while ``recording``)."""
    entries = _STATE.get("recording")
    key = _key(spec, schema) if entries is not None else None
    if key and canonical(document) is not None:
        entries["options"][key] = json.dumps(document, ensure_ascii=False)


def note_pack(raw: bytes, schema: dict) -> None:
    entries = _STATE.get("recording")
    if entries is not None:
        entries["packs"].append(_pack_key(raw, schema))


@contextlib.contextmanager
def recording() -> Iterator[dict]:
    """Validate with Cerberus only, and collect its answers."""
    saved = dict(_STATE)
    _STATE.clear()
    _STATE["record"] = {}
    _STATE["recording"] = entries = {"options": {}, "packs": []}
    try:
        yield entries
    finally:
        _STATE.clear()
        _STATE.update(saved)


def build() -> dict:
    """The record for the built-in pack, from Cerberus."""
    from checker.policy.loader import builtin_dir, load_packs

    with recording() as entries:
        load_packs([builtin_dir()])
    return {"cerberus": _cerberus(), "packs": sorted(set(entries["packs"])),
            "options": dict(sorted(entries["options"].items()))}


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


def _key(spec: dict, schema: dict) -> str | None:
    options, shape = canonical(spec), _fingerprint(schema)
    return f"{shape}:{options}" if options is not None and shape else None


def _pack_key(raw: bytes, schema: dict) -> str:
    return f"{_fingerprint(schema)}:{hashlib.sha256(raw).hexdigest()}"


def _fingerprint(schema: dict) -> str:
    """The schema as a short digest; '' if unusual.  (The Cerberus judging by it is the
    record's ``cerberus``: a record of another version is not read at all.)"""
    cached = _STATE.setdefault("fingerprints", {}).get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    try:
        text = json.dumps(schema, sort_keys=True)
    except (TypeError, ValueError):  # a schema holding code or odd values: not recorded
        text = None
    digest = hashlib.sha256(text.encode()).hexdigest()[:16] if text else ""
    _STATE["fingerprints"][id(schema)] = (schema, digest)  # held: the id stays unique
    return digest


def _cerberus() -> str:
    import cerberus

    return str(cerberus.__version__)


def _record() -> dict:
    record = _STATE.get("record")
    if record is None:
        try:
            record = json.loads(RECORD.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            record = {}
        if not isinstance(record, dict) or record.get("cerberus") != _cerberus():
            record = {}
        _STATE["record"] = record
    return record


def text() -> str:
    """The record file's text, as ``python -m checker.policy.record`` writes it."""
    return json.dumps(build(), indent=1, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # run as a script, this file is a second module: use the real one
    from checker.policy import record

    record.RECORD.write_text(record.text(), encoding="utf-8")
    print(f"wrote {record.RECORD}")
