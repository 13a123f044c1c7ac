"""Waivers: an active one turns a failure into ``waived``; an expired one is a failure."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from checker.globs import matches
from checker.model import Result, Status, Waiver


def find_waiver(result: Result, waivers: tuple[Waiver, ...]) -> Waiver | None:
    target = result.file or result.artifact or result.system
    for waiver in waivers:
        if waiver.rule in (result.rule, "*") and (
                matches(target, waiver.path) or matches(result.system, waiver.path)):
            return waiver
    return None


def apply_waiver(result: Result, waivers: tuple[Waiver, ...], as_of: dt.date) -> Result:
    if result.status is not Status.FAIL or not waivers:
        return result
    waiver = find_waiver(result, waivers)
    if waiver is None:
        return result
    if dt.date.fromisoformat(waiver.expires) < as_of:
        expired = f"waiver {waiver.id} ({waiver.source}:{waiver.line}) expired on {waiver.expires}"
        findings = result.findings
        if findings:  # reporters show findings: the first one names the expired waiver too
            (file, line, message), *rest = findings
            findings = ((file, line, f"{expired}; {message}"), *rest)
        return replace(result, message=f"{expired}; {result.message}", waiver=waiver,
                       findings=tuple(findings))
    return replace(result, status=Status.WAIVED, waiver=waiver,
                   message=f"waived by {waiver.id} ({waiver.reason}, owner {waiver.owner}, "
                           f"expires {waiver.expires}): {result.message}")
