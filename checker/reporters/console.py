"""Console report (the default on stdout): problems first, passes as counts.

Grouped by system, then dimension.  Each failing or erroring result is one
line ``  FAIL  RULE-ID  path:line  message`` (further findings indented below);
the footer gives totals, counts per discipline and the gate.  Colour only when
asked (the CLI asks on a TTY); text from artifacts is flattened to one line
with control characters removed, so a file cannot drive the terminal.
"""
from __future__ import annotations

from collections import Counter
from itertools import groupby
from typing import Any, Callable

import click

from checker.model import (DIMENSIONS, DISCIPLINES, NOTHING_CHECKED, UNDER, Result, Rule,
                           RunResult, Status)
from checker.reporters.base import Spec, findings, one_line, rule_index, where

SPEC = Spec(stdout=True, takes=("color", "verbose"))
Painter = Callable[[str, dict[str, Any]], str]  # paint(text, click.style keywords)
Rules = dict[tuple[str, str], Rule]

LABELS: dict[Status, tuple[str, dict[str, Any]]] = {
    Status.FAIL: ("FAIL", {"fg": "red", "bold": True}),
    Status.ERROR: ("ERROR", {"fg": "magenta", "bold": True}),
    Status.WAIVED: ("WAIVED", {"fg": "yellow"}),
    Status.NOT_APPLICABLE: ("N/A", {"dim": True}),
    Status.PASS: ("PASS", {"fg": "green"}),
}
WIDTH = max(len(label) for label, _ in LABELS.values())
# statuses in the order they are counted in summaries
ORDER = (Status.FAIL, Status.ERROR, Status.WAIVED, Status.NOT_APPLICABLE, Status.PASS)
WORDS = {Status.FAIL: "failed", Status.ERROR: "error", Status.WAIVED: "waived",
         Status.NOT_APPLICABLE: "not applicable", Status.PASS: "passed"}


def render(run: RunResult, color: bool = False, verbose: bool = False, **_opts: Any) -> str:
    """The run as text for a terminal."""
    paint = _painter(color)
    rules = rule_index(run) if verbose else None
    lines: list[str] = []
    for system, results in groupby(sorted(run.results, key=_system_key), key=_system):
        lines += _system_block(system, list(results), paint, rules)
    label = paint("ERROR".ljust(WIDTH), LABELS[Status.ERROR][1])
    lines += [f"  {label}  {one_line(error)}" for error in run.errors]
    if run.errors:
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


def _system(result: Result) -> str:
    return result.system or "."


def _system_key(result: Result) -> tuple[Any, ...]:
    dimension = DIMENSIONS.index(result.dimension) if result.dimension in DIMENSIONS else len(DIMENSIONS)
    return (_system(result), dimension, result.dimension, ORDER.index(result.status), result.sort_key())


def _system_block(system: str, results: list[Result], paint: Painter,
                  rules: Rules | None) -> list[str]:
    """One system: a line per dimension with counts, then its problems.

    ``rules`` is the rule index in verbose mode (every result is listed, with
    remediation) and None otherwise.
    """
    name = "(repository)" if system == "." else system
    lines = [paint(one_line(name), {"bold": True})]
    for dimension, grouped in groupby(results, key=lambda r: r.dimension):
        group = list(grouped)
        lines.append(f" {dimension or '(no dimension)'}: {_counts(group)}")
        for result in group:
            if rules is not None or result.status in (Status.FAIL, Status.ERROR):
                lines += _result_lines(result, paint, rules)
    return lines + [""]


def _result_lines(result: Result, paint: Painter, rules: Rules | None) -> list[str]:
    label, style = LABELS[result.status]
    found = findings(result)
    file, line, message = found[0]
    if result.status in (Status.WAIVED, Status.NOT_APPLICABLE, Status.PASS):
        file, line, message = result.file, result.line, _note(result)
    tag = paint(label.ljust(WIDTH), style)
    lines = [f"  {tag}  {result.rule}  {one_line(where(file, line))}  {one_line(message)}"]
    if result.status in (Status.FAIL, Status.ERROR):
        pad = " " * (WIDTH + len(result.rule) + 4)
        lines += [f"  {pad}{one_line(where(f, ln))}  {one_line(m)}" for f, ln, m in found[1:]]
        rule = (rules or {}).get((result.pack, result.rule))
        if rule is not None and rule.remediation:
            lines.append(f"  {pad}fix: {one_line(rule.remediation)}")
    return lines


def _note(result: Result) -> str:
    waiver = result.waiver
    if result.status is Status.WAIVED and waiver is not None:
        return f"waived by {waiver.id} (owner {waiver.owner}, expires {waiver.expires})"
    return result.message


def _counts(results: list[Result]) -> str:
    counts = Counter(r.status for r in results)
    parts = [f"{counts[s]} {WORDS[s]}" for s in ORDER if counts[s]]
    if counts[Status.ERROR] > 1:
        parts = [p.replace(" error", " errors") for p in parts]
    return ", ".join(parts) or "nothing checked"


def _footer(run: RunResult, paint: Painter) -> list[str]:
    total = len(run.results)
    lines = [f"{total} result{'s' if total != 1 else ''}: {_counts(list(run.results))}"]
    for discipline in DISCIPLINES:
        mine = [r for r in run.results if r.discipline == discipline]
        lines.append(f"  {discipline:<10} {_counts(mine)}")
    return lines + [_gate(run, paint)]


def _gate(run: RunResult, paint: Painter) -> str:
    """The verdict the exit code will carry, in words (the run decides it)."""
    gate = str(run.fail_on)
    blocking = sum(1 for r in run.results if r.status is Status.FAIL and r.severity >= run.fail_on)
    errors = run.count(Status.ERROR)
    reasons = [f"{blocking} failed at or above {gate}"] if blocking else []
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
