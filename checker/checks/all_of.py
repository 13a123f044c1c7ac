"""``all``: several checks on the same artifact; every one must pass.

Options: ``checks``: a list of check specifications (each with its ``type``).
"""
from __future__ import annotations

from typing import Any, Iterator

from checker.model import Artifact, Finding

ID = "all"
DESCRIPTION = "several checks that must all pass"
SCHEMA = {"checks": {"type": "list", "required": True, "empty": False,
                     "schema": {"type": "dict", "allow_unknown": True}}}


def compile(options: dict) -> Any:
    from checker.checks import compile_check

    out = []
    for index, spec in enumerate(options["checks"]):
        try:
            out.append(compile_check(spec))
        except ValueError as exc:
            raise ValueError(f"checks[{index}]: {exc}") from None
    return out


def check(compiled: Any, artifact: Artifact, ctx: Any) -> Iterator[Finding]:
    from checker.checks import run_check

    outcomes = [list(run_check(spec, artifact, ctx)) for spec in compiled]
    failures = [f for found in outcomes for f in found if not f.not_applicable]
    if failures:
        yield from failures
    elif all(found for found in outcomes):  # every sub-check says it does not apply
        yield outcomes[0][0]
