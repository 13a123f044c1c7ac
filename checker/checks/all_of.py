"""``all``: several checks on the same artifact; every one must pass.

Options: ``checks``: a list of check specifications (each with its ``type``).
"""
from __future__ import annotations

from typing import Iterator

from checker.checks.base import SUBCHECKS_SCHEMA, Compiled, Context, compiled_subchecks, run_check
from checker.model import Artifact, Finding

ID = "all"
DESCRIPTION = "several checks that must all pass"
SCHEMA = SUBCHECKS_SCHEMA
DEPENDS_ON: frozenset[str] = frozenset()  # besides what the checks it combines depend on
SUBCHECKS = "checks"

compile = compiled_subchecks


def check(compiled: list[Compiled], artifact: Artifact, ctx: Context) -> Iterator[Finding]:
    outcomes = [list(run_check(spec, artifact, ctx)) for spec in compiled]
    failures = [f for found in outcomes for f in found if not f.not_applicable]
    if failures:
        yield from failures
    elif all(found for found in outcomes):  # every sub-check says it does not apply
        yield outcomes[0][0]
