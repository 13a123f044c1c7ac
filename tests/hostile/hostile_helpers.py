"""Helpers for the hostile-input tests: a small team pack, repositories written in
the test itself (no committed binaries), and the real CLI run through click.

Imported by module name (``from hostile_helpers import ...``): tests/ has no packages.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Mapping

from click.testing import CliRunner, Result

from checker.cli import main

AS_OF = "2026-11-01"
GOOD_TM_PATH = "good/threat-model.yaml"
GOOD_TM = b"schema: threat-model/v1\nsystem:\n  name: good-bot\n"

# One rule per kind the tests break, so every bad file becomes an ``error`` result,
# and the good threat model always gives a ``pass`` result to look for.
PACK = """\
pack: hostile-test
version: 0.1.0
title: Rules for the hostile-input tests
rules:
  - id: HT-1
    name: threat-model-lacks-system
    title: Threat models name their system
    dimension: threat-models
    discipline: security
    severity: high
    applies_to: threat_model
    check:
      type: schema
      schema:
        system: {type: dict, required: true}
  - id: HT-2
    name: threat-model-schema-unknown
    title: Threat models say which schema they follow
    dimension: threat-models
    discipline: security
    severity: low
    applies_to: threat_model
    check:
      type: schema
      schema:
        schema: {type: string, allowed: [threat-model/v1]}
  - id: HT-3
    name: model-card-license-missing
    title: Model cards name a licence
    dimension: governance
    discipline: safety
    severity: low
    applies_to: model_card
    missing: not-applicable
    check:
      type: schema
      path: front_matter
      schema:
        license: {type: string}
  - id: HT-4
    name: config-model-missing
    title: Serving configs name their model
    dimension: governance
    discipline: security
    severity: low
    applies_to: [config, eval_report, ai_bom, codeowners, security_policy]
    missing: not-applicable
    check:
      type: schema
      schema:
        model: {type: dict}
  - id: HT-5
    name: model-card-mentions-evil
    title: Model cards do not mention evil
    dimension: governance
    discipline: safety
    severity: low
    applies_to: model_card
    missing: not-applicable
    check:
      type: pattern
      forbid:
        - name: evil
          any: ['evil\\S*']
"""

# Characters XML 1.0 cannot carry, and terminal/CI controls (ESC, BEL, DEL, C1).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def write_pack(folder: Path) -> Path:
    path = folder / "hostile-test.yaml"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(PACK, encoding="utf-8")
    return path


def write(root: Path, files: Mapping[str, bytes | str]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return root


def check(root: Path, pack: Path | None, *args: str) -> Result:
    """``safesec check`` through click, exceptions not caught by the test runner."""
    policy = ["--policy", str(pack)] if pack is not None else []
    return CliRunner().invoke(main, ["check", str(root), *policy, "--as-of", AS_OF, *args],
                              catch_exceptions=False)


def check_json(root: Path, pack: Path, *args: str) -> tuple[Result, dict]:
    result = check(root, pack, "--format", "json", *args)
    assert "Traceback" not in result.output, result.output
    return result, json.loads(result.stdout)


def statuses(report: dict) -> dict[tuple[str, str], dict]:
    return {(r["rule"], r["artifact"]): r for r in report["results"]}


def assert_good_still_reported(report: dict) -> None:
    """The valid threat model next to the bad file was evaluated and passed."""
    good = statuses(report).get(("HT-1", GOOD_TM_PATH))
    assert good is not None and good["status"] == "pass", report["results"]


def assert_one_line_error(result: Result, *needles: str) -> str:
    """Exit 2, no traceback, and one ``safesec: error:`` line holding every needle."""
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("safesec: error:")]
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]
