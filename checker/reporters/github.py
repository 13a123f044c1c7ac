"""GitHub Actions output (``--format github``): workflow-command annotations.

Each problem becomes ``::error|warning|notice file=…,line=…,title=…::message``:
``error`` for a failure at or above the gate (or an input that could not be
evaluated), ``warning`` for a medium-or-higher failure below the gate, ``notice``
for the rest.  GitHub shows only 10 annotations of each level per step and drops
the others silently, so problems are sorted by severity, the first 10 of each level
are printed, and one notice counts the rest.  Message data is escaped as GitHub
requires (``%``, CR, LF; in properties also ``:`` and ``,``) and the legacy
``##[command]`` form is broken (``##\\[``), so repository content cannot start a
workflow command of its own.

``step_summary(run)`` renders the Markdown for ``$GITHUB_STEP_SUMMARY``.
"""
from __future__ import annotations

from collections import Counter
from functools import partial
from typing import Any, Callable

from checker.model import REPOSITORY, Result, Rule, RunResult, Severity, Status
from checker.reporters.base import Spec, findings, rule_index
from checker.reporters.crosswalk import clean
from checker.reporters.github_summary import step_summary

SPEC = Spec(stdout=True, takes=("prefix",))

PER_LEVEL = 10  # GitHub: 10 error and 10 warning annotations per step
LEVEL_ORDER = {"error": 0, "warning": 1, "notice": 2}

__all__ = ["SPEC", "render", "step_summary", "escape_data", "escape_property", "commands"]


def escape_data(text: object) -> str:
    """Escape a command's message (GitHub's ``escapeData``), and break the legacy
    ``##[command]`` syntax, which the runner honours anywhere in a line, as ``##\\[``."""
    return _escape(text).replace("##[", "##\\[")


def escape_property(text: object) -> str:
    """Escape a command property value (GitHub's ``escapeProperty``); a file name keeps its
    ``##[`` so GitHub finds the file (the runner reads the legacy form only in a line that
    is not a ``::`` command)."""
    return _escape(text).replace(":", "%3A").replace(",", "%2C")


def _escape(text: object) -> str:
    return clean(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def level(result: Result, gate: Severity) -> str:
    if result.status is Status.ERROR or Severity(result.severity) >= gate:
        return "error"
    return "warning" if Severity(result.severity) >= Severity.MEDIUM else "notice"


def commands(run: RunResult, fail_on: Severity | None = None,
             prefix: str = "") -> list[tuple[str, str]]:
    """Every problem as ``(level, command line)``, most severe first (uncapped).

    ``prefix``: the checked folder relative to the repository root, put before
    every path so GitHub finds the file."""
    return [(kind, text()) for _order, kind, text in _problems(run, fail_on, prefix)]


def _problems(run: RunResult, fail_on: Severity | None,
              prefix: str) -> list[tuple[tuple[Any, ...], str, Callable[[], str]]]:
    """``(order, level, command line when called)`` of every problem, sorted: the lines
    are made only for the problems shown (a run can have 100,000 and show 30)."""
    gate = run.fail_on if fail_on is None else Severity(fail_on)
    rules = rule_index(run)
    problems: list[tuple[tuple[Any, ...], str, Callable[[], str]]] = [
        ((0, -99, (), n), "error", partial(_input_error, e)) for n, e in enumerate(run.errors)]
    for result in run.results:
        if result.status not in (Status.FAIL, Status.ERROR):
            continue
        kind = level(result, gate)
        order = (LEVEL_ORDER[kind], -int(result.severity), result.sort_key())
        for n, (file, line, message) in enumerate(findings(result)):
            where = f"{prefix.strip('/')}/{file}" if prefix.strip("/") and file else file
            text = partial(_command, kind, result, rules.get((result.pack, result.rule)), where,
                           line, message)
            problems.append((order + (n,), kind, text))
    problems.sort(key=lambda p: p[0])
    return problems


def _input_error(error: str) -> str:
    return f"::error title=safesec input error::{escape_data(error)}"


def render(run: RunResult, fail_on: Severity | None = None, per_level: int = PER_LEVEL,
           prefix: str = "", **_opts: Any) -> str:
    """Annotations GitHub will show, one notice for the rest, and a one-line total."""
    found = _problems(run, fail_on, prefix)
    counts = Counter(kind for _order, kind, _text in found)
    overflow = any(counts[k] > per_level for k in LEVEL_ORDER)
    caps = {k: per_level - (1 if overflow and k == "notice" else 0) for k in LEVEL_ORDER}
    shown: Counter[str] = Counter()
    lines = []
    for _order, kind, text in found:
        if shown[kind] < caps[kind]:
            shown[kind] += 1
            lines.append(text())
    hidden = {k: counts[k] - shown[k] for k in LEVEL_ORDER if counts[k] > shown[k]}
    if hidden:
        lines.append(_overflow_notice(hidden, per_level))
    lines.append(_total(run))
    return "\n".join(lines) + "\n"


def _command(kind: str, result: Result, rule: Rule | None, file: str, line: int,
             message: str) -> str:
    title = f"{result.rule} ({result.severity}): {result.title or (rule.title if rule else '')}"
    props = []
    if file:
        props += [f"file={escape_property(file)}", f"line={max(1, int(line or 1))}"]
    props.append(f"title={escape_property(title.strip().rstrip(':'))}")
    body = clean(message or result.message).strip()
    if result.system not in ("", ".", REPOSITORY):
        body += f"\nSystem: {result.system}"
    if result.status is Status.FAIL and rule is not None and rule.remediation:
        body += f"\nFix: {' '.join(clean(rule.remediation).split())}"
    return f"::{kind} {','.join(props)}::{escape_data(body)}"


def _overflow_notice(hidden: dict[str, int], per_level: int) -> str:
    total = sum(hidden.values())
    parts = ", ".join(f"{n} {k}{'s' if n != 1 else ''}" for k, n in hidden.items())
    text = (f"{total} more safesec problems not shown as annotations ({parts}): GitHub shows "
            f"{per_level} per level and step. See the job summary or the JUnit/SARIF report.")
    return f"::notice title=safesec::{escape_data(text)}"


def _total(run: RunResult) -> str:
    summary = run.summary
    return (f"safesec: {summary['failed']} failed ({summary['root_causes']} root causes, "
            f"{summary['findings']} findings), {summary['errors']} errors, "
            f"{summary['waived']} waived, {summary['blocked']} blocked, {summary['passed']} "
            f"passed, {summary['not_applicable']} not applicable (gate: {run.fail_on})")
