#!/usr/bin/env python3
"""Generate checker/data/atlas_ids.json from a MITRE ATLAS release file (dist/ATLAS.yaml).

Usage: python scripts/gen_atlas_ids.py [ATLAS.yaml] [-o checker/data/atlas_ids.json]

The default input is ../shared/corpus/threat-models/mitre-atlas-ATLAS-dist.yaml
(atlas-data commit 8ee2c68, ATLAS 5.6.0). Output is compact and sorted, so a
re-run on the same release is byte-identical; rerun it on a new release and
commit the result together with the version bump.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_IN = ROOT.parent / "shared" / "corpus" / "threat-models" / "mitre-atlas-ATLAS-dist.yaml"
DEFAULT_OUT = ROOT / "checker" / "data" / "atlas_ids.json"
PATTERNS = {  # from atlas-data schemas/atlas_id.py
    "tactics": re.compile(r"^AML\.TA\d{4}$"),
    "techniques": re.compile(r"^AML\.T\d{4}(\.\d{3})?$"),
    "mitigations": re.compile(r"^AML\.M\d{4}$"),
}


def build(atlas: dict) -> dict:
    found: dict[str, dict[str, str]] = {key: {} for key in PATTERNS}
    for matrix in atlas.get("matrices") or []:
        for key, pattern in PATTERNS.items():
            for obj in matrix.get(key) or []:
                ident = str(obj.get("id", ""))
                if not pattern.match(ident):
                    raise SystemExit(f"unexpected {key} id {ident!r} in the ATLAS file")
                found[key][ident] = " ".join(str(obj.get("name", "")).split())
    names = {i: n for group in found.values() for i, n in group.items()}
    return {
        "atlas_version": str(atlas.get("version")),
        "source": "mitre-atlas/atlas-data dist/ATLAS.yaml",
        "tactics": sorted(found["tactics"]),
        "techniques": sorted(found["techniques"]),
        "mitigations": sorted(found["mitigations"]),
        "names": dict(sorted(names.items())),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("atlas", nargs="?", type=Path, default=DEFAULT_IN)
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with args.atlas.open(encoding="utf-8") as handle:
        data = build(yaml.load(handle, Loader=loader))  # noqa: S506 - safe loader
    args.output.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    counts = ", ".join(f"{len(data[k])} {k}" for k in PATTERNS)
    print(f"ATLAS {data['atlas_version']}: {counts} -> {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
