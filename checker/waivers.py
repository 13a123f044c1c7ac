"""Waivers: an active one turns a failure into ``waived``; an expired one is a failure, and
so is one whose expiry lies more than :data:`MAX_DAYS` ahead (``9999-12-31`` would make it
permanent: a waiver is a decision to review, not to forget)."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from checker.globs import matches
from checker.model import Result, Status, Waiver


MAX_DAYS = 731  # two years, a leap day included


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
        return _failing(result, waiver, f"waiver {waiver.id} ({waiver.source}:{waiver.line}) "
                                        f"expired on {waiver.expires}")
    if dt.date.fromisoformat(waiver.expires) > as_of + dt.timedelta(days=MAX_DAYS):
        return _failing(result, waiver, f"waiver {waiver.id} ({waiver.source}:{waiver.line}) is "
                        f"not applied: it expires on {waiver.expires}, more than two years "
                        f"after {as_of.isoformat()}; set an expiry within two years and review "
                        "it then")
    return replace(result, status=Status.WAIVED, waiver=waiver,
                   message=f"waived by {waiver.id} ({waiver.reason}, owner {waiver.owner}, "
                           f"expires {waiver.expires}): {result.message}")


def _failing(result: Result, waiver: Waiver, why: str) -> Result:
    """``result`` still failing, its message (and first finding) saying why ``waiver``
    does not apply."""
    findings = result.findings
    if findings:  # reporters show findings: the first one names the waiver too
        (file, line, message), *rest = findings
        findings = ((file, line, f"{why}; {message}"), *rest)
    return replace(result, message=f"{why}; {result.message}", waiver=waiver,
                   findings=tuple(findings))
