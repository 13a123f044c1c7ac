"""``any``: several alternative checks; the artifact passes when one of them passes.

Options: ``checks``: a list of check specifications (each with its ``type``).
When none passes, every alternative's findings are reported.
"""
from __future__ import annotations

from typing import Iterator

from checker.checks.base import SUBCHECKS_SCHEMA, Compiled, Context, compiled_subchecks, run_check
from checker.model import Artifact, Finding

ID = "any"
DESCRIPTION = "alternative checks of which one must pass"
SCHEMA = SUBCHECKS_SCHEMA
DEPENDS_ON: frozenset[str] = frozenset()  # besides what the checks it combines depend on
SUBCHECKS = "checks"

compile = compiled_subchecks


def check(compiled: list[Compiled], artifact: Artifact, ctx: Context) -> Iterator[Finding]:
    outcomes = [list(run_check(spec, artifact, ctx)) for spec in compiled]
    if any(not found for found in outcomes):
        return
    failures = [f for found in outcomes for f in found if not f.not_applicable]
    if not failures:
        yield outcomes[0][0]
        return
    yield Finding("none of the alternatives holds: " +
                  "; or ".join(found[0].message for found in outcomes if found),
                  path=failures[0].path, line=failures[0].line)
    yield from failures
