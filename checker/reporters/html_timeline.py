"""The audit timeline of the HTML report: an inline SVG chart and a commit table.

Input: ``[{"sha", "date", "summary", "failed_rules"}]`` oldest first (or the
``{"commits": [...]}`` document ``safesec audit --json`` writes).  ``summary`` may be
the commit subject or the run's summary counts.
"""
from __future__ import annotations

from html import escape
from typing import Any

WIDTH, HEIGHT = 1000, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 20, 20, 48
MAX_LABELS = 8


def commits_of(audit: Any) -> list[dict[str, Any]]:
    """The commit list of an audit document, entries as dicts."""
    items = audit.get("commits", []) if isinstance(audit, dict) else list(audit or [])
    return [c for c in items if isinstance(c, dict)]


def section(audit: Any) -> str:
    commits = commits_of(audit)
    if not commits:
        return "<section id='timeline'><h2>Timeline</h2><p class='muted'>No commits audited.</p></section>"
    return ("<section id='timeline'><h2>Timeline</h2>"
            f"<p class='muted'>Failed rules at each of {len(commits)} audited commits, oldest first.</p>"
            f"{svg(commits)}{_table(commits)}</section>")


def svg(commits: list[dict[str, Any]]) -> str:
    counts = [len(c.get("failed_rules") or []) for c in commits]
    top = max(counts + [1])
    xs = [_x(i, len(commits)) for i in range(len(commits))]
    ys = [_y(n, top) for n in counts]
    parts = [f"<svg class='timeline' xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {WIDTH} {HEIGHT}'"
             f" role='img' aria-label='Failed rules per audited commit'>"]
    parts += _grid(top)
    area = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys))
    base_y = HEIGHT - BOTTOM
    parts.append(f"<polygon points='{xs[0]:.1f},{base_y} {area} {xs[-1]:.1f},{base_y}' "
                 "fill='#f4c7c3' opacity='0.6'/>")
    parts.append(f"<polyline points='{area}' fill='none' stroke='#c62828' stroke-width='2.5'/>")
    for commit, x, y, n in zip(commits, xs, ys, counts):
        colour = "#c62828" if n else "#2e7d32"
        tip = f"{_short(commit)} {commit.get('date', '')}: {n} failed {_rules(commit)}"
        parts.append(f"<circle cx='{x:.1f}' cy='{y:.1f}' r='5' fill='{colour}'>"
                     f"<title>{escape(tip)}</title></circle>")
    parts += _x_labels(commits, xs)
    parts.append("</svg>")
    return "".join(parts)


def _x(index: int, total: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span / 2 if total == 1 else span * index / (total - 1))


def _y(count: int, top: int) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - count / top)


def _grid(top: int) -> list[str]:
    step = max(1, -(-top // 4))
    out = []
    for value in range(0, top + 1, step):
        y = _y(value, top)
        out.append(f"<line x1='{LEFT}' y1='{y:.1f}' x2='{WIDTH - RIGHT}' y2='{y:.1f}' stroke='#d9dee4'/>"
                   f"<text x='{LEFT - 8}' y='{y + 4:.1f}' font-size='12' text-anchor='end' "
                   f"fill='#5f6b7a'>{value}</text>")
    out.append(f"<text x='16' y='{TOP}' font-size='12' fill='#5f6b7a' text-anchor='end' "
               f"transform='rotate(-90 16 {TOP})'>failed rules</text>")
    return out


def _x_labels(commits: list[dict[str, Any]], xs: list[float]) -> list[str]:
    every = max(1, -(-len(commits) // MAX_LABELS))
    out = []
    for index in range(0, len(commits), every):
        label = escape(str(commits[index].get("date", ""))[:10] or _short(commits[index]))
        out.append(f"<text x='{xs[index]:.1f}' y='{HEIGHT - BOTTOM + 20}' font-size='12' "
                   f"text-anchor='middle' fill='#1c1f23'>{label}</text>")
    return out


def _table(commits: list[dict[str, Any]]) -> str:
    rows = []
    for commit in reversed(commits):
        failed = commit.get("failed_rules") or []
        cls = "m-fail" if failed else "m-pass"
        tag = f" <b>{escape(str(commit['tag']))}</b>" if commit.get("tag") else ""
        rows.append(f"<tr><td><code>{escape(_short(commit))}</code>{tag}</td>"
                    f"<td>{escape(str(commit.get('date', '')))}</td>"
                    f"<td>{escape(_summary(commit.get('summary')))}</td>"
                    f"<td class='{cls}'>{len(failed)}</td><td>{escape(_rules(commit))}</td></tr>")
    return ("<table><thead><tr><th>commit</th><th>date</th><th>summary</th><th>failed</th>"
            "<th>failed rules</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def _short(commit: dict[str, Any]) -> str:
    return str(commit.get("sha", ""))[:10]


def _rules(commit: dict[str, Any]) -> str:
    return ", ".join(str(r) for r in commit.get("failed_rules") or [])


def _summary(summary: Any) -> str:
    if isinstance(summary, dict):
        return ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in summary.items())
    return "" if summary is None else str(summary)
