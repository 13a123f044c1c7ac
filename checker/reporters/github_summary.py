"""Markdown for ``$GITHUB_STEP_SUMMARY``: verdict, counts, the dimension x discipline
matrix, failing rules, input errors and waivers.

GitHub takes up to 1 MiB per step; we stay under 64 KiB so the summary loads fast
and a noisy run cannot break the upload: tables are cut, with a line saying how
many rows were left out.  Text from the repository (ids, titles, messages, file names,
waiver fields) goes into code spans: no raw HTML, no table breaks, and no live link,
image or emphasis however it is written.
"""
from __future__ import annotations

from collections import Counter

from checker.model import REPOSITORY, Result, RunResult, Status
from checker.reporters.base import findings, headline, show_bytes, system_name, where
from checker.reporters.crosswalk import clean
from checker.reporters.tally import axes, failing, gated, matrix

LIMIT = 64 * 1024  # bytes; the summary is always shorter
RESERVE = 512  # kept free for the tail of the last table and the footer
NONE: Counter[Status] = Counter()  # the cell of a pair no result falls into
MARKS = ((Status.FAIL, "❌"), (Status.ERROR, "⚠️"), (Status.PASS, "✅"), (Status.WAIVED, "💤"),
         (Status.BLOCKED, "⛔"), (Status.NOT_APPLICABLE, "➖"))


def step_summary(run: RunResult, limit: int = LIMIT) -> str:
    """The run as GitHub-flavoured Markdown, shorter than ``limit`` bytes."""
    out = _head(run) + _matrix(run)
    sections = [
        ("Input errors", ("rule", "where", "problem"), _error_rows(run)),
        ("Failing rules", ("rule", "severity", "title", "system", "where", "problem"),
         [_fail_row(r) for r in failing(run)]),
        ("Waived", ("rule", "where", "waiver", "reason", "owner", "expires"),
         [_waived_row(r) for r in run.results if r.status is Status.WAIVED]),
    ]
    for title, header, rows in sections:
        if rows:
            budget = limit - _size(out) - RESERVE
            out += _table(title, header, rows, budget)
    footer = "\n_Full details: the JUnit, SARIF or HTML report of this run._\n"
    out += footer
    return out if _size(out) < limit else _cut(out, limit)


def cell(text: object) -> str:
    """Untrusted text in a table cell: a code span, where Markdown and HTML are shown
    literally (``[x](url)`` and ``![](img)`` are neither a link nor an image)."""
    return code(text)


def code(text: object) -> str:
    """A code span in a table cell (code spans show entities literally: no HTML escaping)."""
    value = " ".join(show_bytes(clean(text)).split()).replace("`", "'").replace("|", "\\|")
    return f"`{value}`" if value else "—"


def _head(run: RunResult) -> str:
    summary, above = run.summary, gated(run)
    if run.errors or summary["errors"]:
        verdict = f"⚠️ inputs could not be evaluated ({summary['errors'] + len(run.errors)})"
    elif above:
        verdict = f"❌ {len(above)} failed at or above {run.fail_on}"
    else:
        verdict = f"✅ no failures at or above {run.fail_on}"
    systems = len(run.systems) or len({r.system for r in run.results} - {REPOSITORY})
    counts = (f"**{summary['passed']}** passed · **{summary['root_causes']}** root causes "
              f"(missing artifacts) · **{summary['findings']}** findings · "
              f"**{summary['errors']}** errors · **{summary['waived']}** waived · "
              f"**{summary['blocked']}** blocked · "
              f"**{summary['not_applicable']}** not applicable — {len(run.rules)} rules, "
              f"{len(run.artifacts)} artifacts, {systems} system{'s' if systems != 1 else ''}")
    return f"## safesec: {verdict}\n\n{counts}\n\n"


def _matrix(run: RunResult) -> str:
    dims, discs = axes(run)
    cells = matrix(run)
    lines = ["### By dimension and discipline", "",
             "| dimension | " + " | ".join(discs) + " |", "|---" * (len(discs) + 1) + "|"]
    for dim in dims:
        row = [" ".join(f"{mark} {cells[(dim, d)][s]}" for s, mark in MARKS
                        if cells.get((dim, d), NONE)[s]) or "—" for d in discs]
        lines.append(f"| {dim} | " + " | ".join(row) + " |")
    legend = ("❌ failed · ⚠️ error · ✅ passed · 💤 waived · ⛔ blocked by a missing artifact · "
              "➖ not applicable")
    return "\n".join(lines) + f"\n\n{legend}\n\n"


def _table(title: str, header: tuple[str, ...], rows: list[list[str]], budget: int) -> str:
    text = f"### {title} ({len(rows)})\n\n| " + " | ".join(header) + " |\n"
    text += "|---" * len(header) + "|\n"
    kept = 0
    for row in rows:
        line = "| " + " | ".join(row) + " |\n"
        if _size(text + line) > budget:
            break
        text += line
        kept += 1
    if kept < len(rows):
        text += f"\n…and {len(rows) - kept} more not listed here.\n"
    return text + "\n"


def _fail_row(result: Result) -> list[str]:
    file, line, _msg = findings(result)[0]
    return [code(result.rule), str(result.severity), cell(result.title),
            cell(system_name(result.system)),
            code(where(file, line)), cell(headline(result))]


def _error_rows(run: RunResult) -> list[list[str]]:
    rows = [["—", "—", cell(e)] for e in run.errors]
    for result in run.results:
        if result.status is Status.ERROR:
            file, line, _msg = findings(result)[0]
            rows.append([code(result.rule), code(where(file, line)), cell(headline(result))])
    return rows


def _waived_row(result: Result) -> list[str]:
    waiver = result.waiver
    place = code(where(result.file, result.line))
    if waiver is None:
        return [code(result.rule), place, "—", "—", "—", "—"]
    return [code(result.rule), place, cell(f"{waiver.id}: {waiver.justification}"),
            cell(waiver.reason), cell(waiver.owner), cell(waiver.expires)]


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def _cut(text: str, limit: int) -> str:
    """Last resort (a huge header): cut whole lines until under ``limit`` bytes."""
    note = "\n…summary cut to stay under GitHub's size budget.\n"
    lines = text.splitlines(keepends=True)
    while lines and _size("".join(lines) + note) >= limit:
        lines.pop()
    return "".join(lines) + note
