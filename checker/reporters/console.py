"""Console report (the default on stdout): what blocks the merge first, each with its fix.

One line per failing or erroring result, ``SEVERITY  RULE  path:line  message``, sorted by
severity, then system, then rule (errors first: they stop the run), its further findings
indented below it, then ``fix:`` and the rule's remediation on one line with the
``safesec explain RULE`` that tells more.  A missing artifact kind is one root-cause line
that names the rules it blocks.  The footer counts root causes and findings and gives the
gate.  ``quiet`` keeps only what fails the gate and the gate line (a passing run is one
line); ``verbose`` adds the waived, blocked, passing and not-applicable results.

Colour only when asked (``checker.run.reports`` decides from ``--color``, ``NO_COLOR``,
``FORCE_COLOR`` and the terminal); text from artifacts is flattened to one line with
control characters shown inert, so a file cannot drive the terminal.
"""
from __future__ import annotations

from collections import Counter
from typing import Any, Callable

import click

from checker.model import (DISCIPLINES, NOTHING_CHECKED, REPOSITORY, UNDER,
                           Result, Rule, RunResult, Severity, Status, natural_key)
from checker.reporters.base import Spec, findings, one_line, rule_index, where

SPEC = Spec(stdout=True, takes=("color", "verbose", "quiet"))
Painter = Callable[[str, dict[str, Any]], str]  # paint(text, click.style keywords)
Rules = dict[tuple[str, str], Rule]

SEVERITY_STYLE: dict[Severity, dict[str, Any]] = {
    Severity.CRITICAL: {"fg": "red", "bold": True},
    Severity.HIGH: {"fg": "red", "bold": True},
    Severity.MEDIUM: {"fg": "yellow", "bold": True},
    Severity.LOW: {"fg": "cyan"},
    Severity.INFO: {"fg": "cyan"},
}
LABELS: dict[Status, tuple[str, dict[str, Any]]] = {
    Status.FAIL: ("FAIL", {"fg": "red", "bold": True}),
    Status.ERROR: ("ERROR", {"fg": "magenta", "bold": True}),
    Status.WAIVED: ("WAIVED", {"fg": "yellow"}),
    Status.BLOCKED: ("BLOCKED", {"dim": True}),
    Status.NOT_APPLICABLE: ("N/A", {"dim": True}),
    Status.PASS: ("PASS", {"fg": "green"}),
}
WIDTH = max(len(s.name) for s in Severity)  # CRITICAL; every label fits
PAD = " " * (WIDTH + 2)
DIM: dict[str, Any] = {"dim": True}
# the order of the statuses -v lists after the problems, and of the counts
LISTED = (Status.WAIVED, Status.BLOCKED, Status.PASS, Status.NOT_APPLICABLE)
WORDS = {Status.ERROR: "error", Status.WAIVED: "waived", Status.BLOCKED: "blocked",
         Status.NOT_APPLICABLE: "not applicable", Status.PASS: "passed"}


def render(run: RunResult, color: bool = False, verbose: bool = False, quiet: bool = False,
           **_opts: Any) -> str:
    """The run as text for a terminal."""
    paint = _painter(color)
    rules = rule_index(run)
    problems = [r for r in run.results if r.status in (Status.FAIL, Status.ERROR)
                and not (quiet and r.status is Status.FAIL and r.severity < run.fail_on)]
    lines: list[str] = []
    for result in sorted(problems, key=_problem_key):
        lines += _problem(result, paint, rules)
    label = paint("ERROR".ljust(WIDTH), LABELS[Status.ERROR][1])
    lines += [f"{label}  {one_line(error)}" for error in run.errors]
    if verbose:
        rest = [r for r in run.results if r.status in LISTED]
        if rest and lines:
            lines.append("")
        lines += [_other(r, paint) for r in sorted(rest, key=_listed_key)]
    if quiet:
        return "\n".join(lines + [_gate(run, paint)]) + "\n"
    if lines:
        lines.append("")
    if verbose and run.skipped:
        lines += _skipped(run.skipped) + [""]
    return "\n".join(lines + _footer(run, paint)) + "\n"


def _skipped(skipped: tuple[tuple[str, str], ...]) -> list[str]:
    """The files that are no artifact: those in folders of tests and examples as one count,
    the others one line each with the reason."""
    folders = sorted({reason.split(" ", 2)[1] for _path, reason in skipped
                      if reason.startswith(UNDER)})
    counted = sum(1 for _path, reason in skipped if reason.startswith(UNDER))
    lines = []
    if counted:
        names = ", ".join(folders[:-1]) + " and " + folders[-1] if len(folders) > 1 else folders[0]
        lines.append(f"skipped: {counted} file{'s' if counted != 1 else ''} under {names} "
                     "(not the team's evidence)")
    return lines + [f"skipped: {one_line(path)}: {reason}" for path, reason in skipped
                    if not reason.startswith(UNDER)]


def _problem_key(result: Result) -> tuple[Any, ...]:
    """Errors first, then by severity, system and rule (``TM-2`` before ``TM-10``)."""
    return (result.status is not Status.ERROR, -result.severity, result.system,
            natural_key(result.rule), result.pack, result.file, result.line, result.artifact)


def _listed_key(result: Result) -> tuple[Any, ...]:
    return (LISTED.index(result.status), -result.severity, result.system,
            natural_key(result.rule), result.pack, result.file, result.line, result.artifact)


def _problem(result: Result, paint: Painter, rules: Rules) -> list[str]:
    """A failure or error: its line, its other findings, its fix."""
    found = findings(result)
    file, line, message = found[0]
    if result.status is Status.ERROR:
        tag = paint("ERROR".ljust(WIDTH), LABELS[Status.ERROR][1])
    else:
        tag = paint(str(result.severity).upper().ljust(WIDTH), SEVERITY_STYLE[result.severity])
    lines = [f"{tag}  {paint(result.rule, {'bold': True})}  "
             f"{one_line(_location(result, file, line))}  {one_line(message)}"]
    lines += [f"{PAD}{one_line(where(f, ln))}  {one_line(m)}" for f, ln, m in found[1:]]
    fix = _fix(result, rules.get((result.pack, result.rule)))
    if fix:
        lines.append(PAD + paint(fix, DIM))
    return lines


def _location(result: Result, file: str, line: int) -> str:
    """``path:line``; without a file, the system the result is about."""
    if file:
        return where(file, line)
    if result.system in (REPOSITORY, ".", ""):
        return "(repository)"
    return f"(system {result.system})"


def _fix(result: Result, rule: Rule | None) -> str:
    """``fix: <remediation>`` on one line, with where to read more about the rule."""
    if rule is None or result.status is not Status.FAIL:
        return ""
    more = "" if rule.source == "(safesec)" else f"safesec explain {rule.id}"
    if not rule.remediation:
        return f"more: {more}" if more else ""
    return f"fix: {one_line(rule.remediation)}" + (f"  (more: {more})" if more else "")


def _other(result: Result, paint: Painter) -> str:
    """A waived, blocked, passing or not-applicable result (``-v``)."""
    label, style = LABELS[result.status]
    waiver = result.waiver
    if result.status is Status.WAIVED and waiver is not None:
        note = f"waived by {waiver.id} (owner {waiver.owner}, expires {waiver.expires})"
    else:
        note = result.message
    location = _location(result, result.file, result.line)
    return (f"{paint(label.ljust(WIDTH), style)}  {result.rule}  {one_line(location)}  "
            f"{one_line(note)}")


def _counts(results: list[Result] | tuple[Result, ...]) -> str:
    """``2 root causes, 3 findings, 1 error, 40 passed``: what there is, worst first."""
    counts = Counter(r.status for r in results)
    causes = sum(1 for r in results if r.blocks and r.status is Status.FAIL)
    parts = _plural(causes, "root cause") + _plural(counts[Status.FAIL] - causes, "finding")
    parts += _plural(counts[Status.ERROR], "error")
    parts += [f"{counts[s]} {WORDS[s]}" for s in LISTED if counts[s]]
    return ", ".join(parts) or "nothing checked"


def _plural(count: int, noun: str) -> list[str]:
    return [f"{count} {noun}{'s' if count != 1 else ''}"] if count else []


def _footer(run: RunResult, paint: Painter) -> list[str]:
    total = len(run.results)
    lines = [f"{total} result{'s' if total != 1 else ''}: {_counts(run.results)}"]
    for discipline in DISCIPLINES:
        mine = [r for r in run.results if r.discipline == discipline]
        lines.append(f"  {discipline:<10} {_counts(mine)}")
    return lines + [_gate(run, paint)]


def _gate(run: RunResult, paint: Painter) -> str:
    """The verdict the exit code will carry, in words (the run decides it)."""
    gate = str(run.fail_on)
    blocking = [r for r in run.results if r.status is Status.FAIL and r.severity >= run.fail_on]
    causes = sum(1 for r in blocking if r.blocks)
    errors = run.count(Status.ERROR)
    reasons = []
    if blocking:
        what = _plural(causes, "root cause") + _plural(len(blocking) - causes, "finding")
        reasons.append(f"{' and '.join(what)} at or above {gate}")
    reasons += [f"{errors} could not be evaluated"] if errors else []
    unread = [e for e in run.errors if not e.startswith(NOTHING_CHECKED)]
    if not errors and unread:
        reasons.append(f"{len(unread)} file(s) could not be read")
    reasons += [NOTHING_CHECKED] if len(unread) < len(run.errors) else []
    verdict = {0: ("passed", Status.PASS), 1: ("FAILED", Status.FAIL), 2: ("ERROR", Status.ERROR)}
    word, status = verdict.get(run.exit_code(), ("ERROR", Status.ERROR))
    text = f"Gate (fail on {gate}): {word}" + (f" ({', '.join(reasons)})" if reasons else "")
    if run.as_of:
        text += f"; evaluated as of {run.as_of}"
    return paint(text, LABELS[status][1])


def _painter(color: bool) -> Painter:
    if not color:
        return lambda text, _style: text
    return lambda text, style: click.style(text, **style)
