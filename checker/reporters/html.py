"""HTML report (``--html``) for ``check`` and ``audit``: one self-contained file.

Inline CSS and inline SVG only: no scripts, no CDN, no web fonts, so it opens
offline and can be attached to a ticket or an audit file.  It shows the verdict,
the dimension x discipline matrix, for an audit the timeline of failed rules per
commit, then a section per system with every failure at ``path:line``, its
remediation and its crosswalk (NIST AI RMF, EU AI Act, OWASP LLM, MITRE ATLAS).
All text from repositories and policies goes through ``html.escape``.
"""
from __future__ import annotations

from html import escape
from importlib import resources
from typing import Any

from checker.model import REPOSITORY, Result, Rule, RunResult, Status
from checker.reporters.base import Option, Spec, findings, rule_index, where
from checker.reporters.crosswalk import clean, crosswalk, view, view_names
from checker.reporters.html_crosswalk import clause_section
from checker.reporters.html_timeline import section
from checker.reporters.tally import axes, by_severity, gated, matrix

SPEC = Spec(file=Option("--html", "html_file", "Write a self-contained HTML report here."),
            takes=("crosswalk",))
# the stylesheet, inlined into the page (no CDN, no web fonts)
CSS = resources.files("checker.reporters").joinpath("html.css").read_text(encoding="utf-8")

STATUS_ORDER = {Status.ERROR: 0, Status.FAIL: 1, Status.WAIVED: 2, Status.BLOCKED: 3,
                Status.PASS: 4, Status.NOT_APPLICABLE: 5}


def render(run: RunResult, audit: Any = None, title: str = "", crosswalk: Any = (),
           **_opts: Any) -> str:
    """The run (and, for ``audit``, its commit timeline) as one HTML document; with
    ``crosswalk`` (view names) also a clause-by-clause section per framework."""
    heading = title or ("safesec governance audit" if audit is not None else "safesec compliance report")
    body = [_header(run, heading), "<main>", _cards(run), _matrix(run)]
    if audit is not None:
        body.append(section(audit))
    body.append(_input_errors(run))
    rules = rule_index(run)
    for system in _systems(run):
        body.append(_system(system, [r for r in run.results if (r.system or ".") == system], rules))
    body += [clause_section(view(run, name)) for name in view_names(crosswalk)]
    body += ["</main>", f"<footer>safesec {_e(run.version)} · gate {_e(run.fail_on)} · "
             f"{len(run.rules)} rules · {len(run.artifacts)} artifacts</footer>"]
    return ("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{_e(heading)}</title><style>\n{CSS}</style></head><body>"
            + "\n".join(body) + "</body></html>\n")


def _e(text: object) -> str:
    return escape(clean(text), quote=True)


def _verdict(run: RunResult) -> tuple[str, str]:
    above = gated(run)
    if run.errors or run.count(Status.ERROR):
        return "error", "Some inputs could not be evaluated"
    if above:
        return "fail", f"{len(above)} failed at or above {run.fail_on}"
    return "pass", f"No failures at or above {run.fail_on}"


def _header(run: RunResult, heading: str) -> str:
    cls, text = _verdict(run)
    root = f"{_e(run.root)} · " if run.root else ""
    return (f"<header><h1>{_e(heading)}</h1><div class='meta'>{root}safesec {_e(run.version)}</div>"
            f"<div class='verdict {cls}'>{_e(text)}</div></header>")


def _cards(run: RunResult) -> str:
    summary = run.summary
    cards = (("cause", "root causes", summary["root_causes"]),
             ("fail", "findings", summary["findings"]), ("error", "errors", summary["errors"]),
             ("waived", "waived", summary["waived"]), ("blocked", "blocked", summary["blocked"]),
             ("pass", "passed", summary["passed"]),
             ("na", "not applicable", summary["not_applicable"]))
    return "<div class='cards'>" + "".join(
        f"<div class='card {cls}'><b>{n}</b>{label}</div>" for cls, label, n in cards) + "</div>"


def _matrix(run: RunResult) -> str:
    dims, discs = axes(run)
    cells = matrix(run)
    head = "".join(f"<th>{_e(d)}</th>" for d in discs)
    rows = []
    for dim in dims:
        row = "".join(_matrix_cell(cells.get((dim, d))) for d in discs)
        rows.append(f"<tr><th>{_e(dim)}</th>{row}</tr>")
    return ("<section id='matrix'><h2>Dimension × discipline</h2><table class='matrix'><thead>"
            f"<tr><th>dimension</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            "<p class='muted'>failed / errors / passed / waived / blocked / not applicable per cell."
            "</p></section>")


def _matrix_cell(counts: Any) -> str:
    if not counts:
        return "<td class='m-none'>—</td>"
    cls = "m-fail" if counts[Status.FAIL] else "m-error" if counts[Status.ERROR] else "m-pass"
    names = ((Status.FAIL, "failed"), (Status.ERROR, "errors"), (Status.PASS, "passed"),
             (Status.WAIVED, "waived"), (Status.BLOCKED, "blocked"),
             (Status.NOT_APPLICABLE, "n/a"))
    text = " · ".join(f"{counts[s]} {name}" for s, name in names if counts[s])
    return f"<td class='{cls}'>{text}</td>"


def _input_errors(run: RunResult) -> str:
    if not run.errors:
        return ""
    items = "".join(f"<li>{_e(e)}</li>" for e in run.errors)
    return f"<section id='input-errors'><h2>Input errors</h2><ul>{items}</ul></section>"


def _systems(run: RunResult) -> list[str]:
    named = [s if isinstance(s, str) else getattr(s, "name", str(s)) for s in run.systems]
    return sorted(set(named) | {r.system or "." for r in run.results})


def _system(system: str, results: list[Result], rules: dict[tuple[str, str], Rule]) -> str:
    anchor = "repository" if system == REPOSITORY else \
        "system-" + "".join(c if c.isalnum() else "-" for c in system)
    problems = [r for r in by_severity(results) if r.status in (Status.FAIL, Status.ERROR)]
    title = "Repository-wide" if system == REPOSITORY else f"System: {system}"
    out = [f"<section class='system' id='{_e(anchor)}'><h2>{_e(title)}</h2>"]
    if problems:
        out.append(f"<h3>Problems ({len(problems)})</h3>")
        out += [_problem(r, rules.get((r.pack, r.rule))) for r in problems]
    else:
        out.append("<p class='muted'>No failures.</p>")
    out.append(_results_table(results))
    return "".join(out) + "</section>"


def _problem(result: Result, rule: Rule | None) -> str:
    cls = "failure error" if result.status is Status.ERROR else "failure"
    items = "".join(f"<li><span class='loc'>{_e(where(f, ln))}</span> — {_e(m)}</li>"
                    for f, ln, m in findings(result))
    parts = [f"<div class='{cls}'><h4><span class='badge {_e(result.status)}'>{_e(result.status)}</span> "
             f"<code>{_e(result.rule)}</code> {_e(result.title or (rule.title if rule else ''))} "
             f"<span class='muted'>({_e(result.severity)} · {_e(result.dimension)} · "
             f"{_e(result.discipline)})</span></h4><ul>{items}</ul>"]
    if rule is not None and rule.remediation and result.status is Status.FAIL:
        parts.append(f"<p><b>Remediation:</b> {_e(rule.remediation.strip())}</p>")
    parts.append(_crosswalk(rule))
    return "".join(parts) + "</div>"


def _crosswalk(rule: Rule | None) -> str:
    rows = crosswalk(rule)
    if not rows:
        return ""
    body = "".join(f"<dt>{_e(name)}</dt><dd>{', '.join(_ref(i) for i in items)}</dd>" for name, items in rows)
    return f"<dl class='crosswalk'>{body}</dl>"


def _ref(item: tuple[str, str]) -> str:
    text, url = item
    if url.startswith(("https://", "http://")):
        return f"<a href='{_e(url)}'>{_e(text)}</a>"
    return _e(text)


def _results_table(results: list[Result]) -> str:
    ordered = sorted(results, key=lambda r: (STATUS_ORDER.get(r.status, 9), r.sort_key()))
    rows = []
    for result in ordered:
        note = result.message
        if result.status is Status.WAIVED and result.waiver is not None:
            w = result.waiver
            note = f"waived by {w.id} ({w.reason}; owner {w.owner}; expires {w.expires}): {w.justification}"
        rows.append(f"<tr><td><span class='badge {_e(result.status)}'>{_e(result.status)}</span></td>"
                    f"<td><code>{_e(result.rule)}</code></td><td>{_e(result.severity)}</td>"
                    f"<td class='loc'>{_e(where(result.file or result.artifact, result.line))}</td>"
                    f"<td>{_e(note)}</td></tr>")
    return ("<h3>All results</h3><table><thead><tr><th>status</th><th>rule</th><th>severity</th>"
            f"<th>where</th><th>message</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")
