"""Locked rules: organisation rules a repository's config cannot weaken.

A pack marks rules (or itself) ``locked: true``.  The project config may still disable,
narrow with ``only``, lower, waive or out-gate other rules; for a locked rule each such
attempt is ignored and listed in one result of rule ``CONFIG-2``, so a reviewer sees it
and the run fails.  Options typed on the command line (``--fail-on``) are the caller's,
not the repository's, and are not attempts.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from checker.model import Result, Rule, Severity, Status, Waiver
from checker.run.config import ProjectConfig

RULE = Rule(
    id="CONFIG-2", name="locked-rules-kept", title="Locked organisation rules are kept",
    dimension="governance", discipline="interplay", severity=Severity.HIGH,
    applies_to=("config",), check={}, pack="safesec-gate",
    rationale="An organisation's pack can lock rules so that every repository is judged by "
              "them. A repository config that disables, narrows away, lowers or waives a "
              "locked rule would take the repository out of that promise; the attempt is "
              "ignored and listed here.",
    remediation="Remove the attempt from .safesec.yaml; an exception to a locked rule is "
                "granted by the pack's owners in the pack, not by the repository.",
    missing="pass", source="(safesec)")

DEFAULT_GATE = Severity.HIGH


@dataclass(frozen=True)
class Locks:
    """What the config tried against the locked rules: (line, words) each."""

    locked: tuple[str, ...] = ()  # ids of the locked rules the run evaluates
    attempts: tuple[tuple[int, str], ...] = ()


def keep_locked(rules: list[Rule], config: ProjectConfig
                ) -> tuple[ProjectConfig, Locks]:
    """``config`` with its attempts on locked rules taken out, and what they were.

    The returned config no longer disables, leaves out, lowers or waives a locked rule,
    and its ``fail_on`` is dropped when it would let a locked rule's failure pass."""
    locked = {r.id: r for r in rules if r.locked}
    if not locked:
        return config, Locks()
    lines, rule_lines = config.key_lines, config.rule_lines
    attempts: list[tuple[int, str]] = []

    def attempt(line: int | None, text: str) -> None:
        attempts.append((line or 1, text))

    for rule_id in config.disable:
        if rule_id in locked:
            attempt(rule_lines.get(rule_id), f"rules.disable names locked rule {rule_id}")
    kept_only = config.only
    if config.only:
        left = sorted(set(locked) - set(config.only))
        for rule_id in left:
            attempt(lines.get("rules"), f"rules.only leaves out locked rule {rule_id}")
        kept_only = (*config.only, *left)
    severity = dict(config.severity)
    for rule_id, level in config.severity.items():
        if rule_id in locked and level < locked[rule_id].severity:
            attempt(rule_lines.get(rule_id), f"rules.severity lowers locked rule {rule_id} "
                                             f"from {locked[rule_id].severity} to {level}")
            del severity[rule_id]
    waivers: list[Waiver] = []
    for waiver in config.waivers:
        if waiver.rule in locked:
            attempt(waiver.line, f"waiver {waiver.id} waives locked rule {waiver.rule}")
        else:
            waivers.append(waiver)
    fail_on = config.fail_on
    if fail_on is not None and fail_on > DEFAULT_GATE:
        lowest = min(locked.values(), key=lambda r: r.severity)
        if lowest.severity < fail_on:
            attempt(lines.get("fail_on"), f"fail_on: {fail_on} would let locked rule "
                                          f"{lowest.id} ({lowest.severity}) fail without "
                                          f"failing the run")
            fail_on = None
    kept = replace(config, disable=tuple(r for r in config.disable if r not in locked),
                   only=kept_only, severity=severity, waivers=tuple(waivers), fail_on=fail_on)
    return kept, Locks(tuple(sorted(locked)), tuple(sorted(attempts)))


def lock_result(locks: Locks, config_file: str) -> Result:
    """The CONFIG-2 result: a failure listing each attempt, or a pass naming the locks."""
    if locks.attempts:
        count = len(locks.attempts)
        findings = tuple((config_file, line, f"ignored: {text}") for line, text in locks.attempts)
        message = (f"the config tries to weaken {count} locked rule setting"
                   f"{'s' if count > 1 else ''}; the run keeps the pack's: "
                   + "; ".join(text for _line, text in locks.attempts))
        status, line = Status.FAIL, locks.attempts[0][0]
    else:
        findings, status, line = (), Status.PASS, 1
        message = (f"{RULE.title}: {len(locks.locked)} locked rule"
                   f"{'s' if len(locks.locked) > 1 else ''} evaluated as the pack sets "
                   f"{'them' if len(locks.locked) > 1 else 'it'}")
    return config_result(RULE, status, message, config_file, line, findings)


def config_result(rule: Rule, status: Status, message: str, file: str, line: int,
                  findings: tuple[tuple[str, int, str], ...]) -> Result:
    """The one result of a rule about the project config itself (CONFIG-1, CONFIG-2)."""
    return Result(rule=rule.id, pack=rule.pack, system="", artifact=file, status=status,
                  severity=rule.severity, message=message, file=file, line=line,
                  dimension=rule.dimension, discipline=rule.discipline, title=rule.title,
                  findings=findings)
