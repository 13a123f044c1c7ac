"""``all``: several checks on the same artifact; every one must pass.

Options: ``checks``: a list of check specifications (each with its ``type``).
"""
from __future__ import annotations

from typing import Any, Iterator

from checker.checks.base import Compiled, Context, run_check
from checker.model import Artifact, Finding

ID = "all"
DESCRIPTION = "several checks that must all pass"
SCHEMA = {"checks": {"type": "list", "required": True, "empty": False,
                     "schema": {"type": "dict", "allow_unknown": True}}}
DEPENDS_ON: frozenset[str] = frozenset()  # besides what the checks it combines depend on
SUBCHECKS = "checks"


def compile(options: dict[str, Any]) -> list[Compiled]:
    checks: list[Compiled] = options["checks"]  # compiled by checker.checks.compile_check
    return checks


def check(compiled: list[Compiled], artifact: Artifact, ctx: Context) -> Iterator[Finding]:
    outcomes = [list(run_check(spec, artifact, ctx)) for spec in compiled]
    failures = [f for found in outcomes for f in found if not f.not_applicable]
    if failures:
        yield from failures
    elif all(found for found in outcomes):  # every sub-check says it does not apply
        yield outcomes[0][0]
