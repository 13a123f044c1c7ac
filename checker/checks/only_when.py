"""``only_when``: checks that apply only when a condition on the artifact holds.

Options: ``condition`` (a condition on the artifact's data, in the ``when`` language),
``reason`` (why the checks do not apply when it does not hold), ``checks`` (a list of
check specifications; every one must pass, as under ``all``).

Part of a rule whose other checks always apply: the rule-level ``when`` would switch
them off too.  When the condition does not hold the checks are not applicable, with
the reason.
"""
from __future__ import annotations

from typing import Any, Iterator

from checker.checks import all_of
from checker.checks.base import SUBCHECKS_SCHEMA, Context, compiled_subchecks
from checker.conditions import compile_condition
from checker.model import Artifact, Finding

ID = "only_when"
DESCRIPTION = "checks that apply only when a condition on the artifact holds"
SCHEMA = {**SUBCHECKS_SCHEMA, "condition": {"type": "dict", "required": True},
          "reason": {"type": "string", "required": True, "empty": False}}
DEPENDS_ON: frozenset[str] = frozenset()  # besides what the checks it combines depend on
SUBCHECKS = "checks"


def compile(options: dict[str, Any]) -> dict[str, Any]:
    return {"checks": compiled_subchecks(options), "reason": options["reason"],
            "condition": compile_condition(options["condition"])}


def check(opts: dict[str, Any], artifact: Artifact, ctx: Context) -> Iterator[Finding]:
    if not opts["condition"].holds(artifact.data, ctx, artifact.data):
        yield Finding(opts["reason"], not_applicable=True)
        return
    yield from all_of.check(opts["checks"], artifact, ctx)
