#!/usr/bin/env python3
"""Write checker/policy/record.json: Cerberus's answers for the built-in pack.

Usage: python scripts/record_builtin_pack.py   (with the project installed: pip install -e .)

Run it after changing the built-in pack or a check's schema, and commit the result
(tests/policy/test_record.py fails while the record is stale).  Every answer comes from
Cerberus: the pack against the pack schema, then each check's options against its
check type's schema, and the checks combined inside them (``all``, ``any``).
"""
from __future__ import annotations

import json
from typing import Any, Iterator

from checker.checks import get_check, subchecks, validated_options
from checker.errors import LoadError
from checker.loaders import text, yaml_doc
from checker.policy import record
from checker.policy.loader import builtin_dir, pack_files
from checker.policy.schema import PACK
from checker.validation import validate


def build() -> dict[str, Any]:
    """The record of the built-in pack as it is now."""
    packs: set[str] = set()
    options: dict[str, str] = {}
    for file in pack_files(builtin_dir()):
        raw = file.read_bytes()
        data, locate = yaml_doc.parse(text.decode(raw))
        problems = validate(PACK, data, locate)
        if problems:
            raise LoadError(f"{file}:{problems[0][0]}: {problems[0][1]}")
        packs.add(record.pack_key(raw, PACK))
        for rule in data["rules"]:
            for spec, document in _answers(rule["check"]):
                key = record.options_key(spec, get_check(spec["type"]).SCHEMA)
                if key and record.canonical(document) is not None:
                    options[key] = json.dumps(document, ensure_ascii=False)
    return {"cerberus": record.cerberus_version(), "packs": sorted(packs),
            "options": dict(sorted(options.items()))}


def _answers(spec: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(check specification, Cerberus's document) for a check and each check inside it."""
    document = validated_options(spec)
    yield spec, document
    inner = subchecks(get_check(spec["type"]))
    for item in (document.get(inner) or ()) if inner is not None else ():
        yield from _answers(item)


def render() -> str:
    """The text of record.json."""
    return json.dumps(build(), indent=1, ensure_ascii=False) + "\n"


def main() -> None:
    record.RECORD.write_text(render(), encoding="utf-8")
    print(f"wrote {record.RECORD}")


if __name__ == "__main__":
    main()
