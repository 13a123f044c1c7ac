"""The HTML report's crosswalk sections (``--crosswalk``): one framework, clause by clause.

Each section lists, per system, the framework's clauses that the run's rules cite, with
the status of every result of those rules.  For the EU AI Act a system that declares its
``risk_tier`` sees only the articles that bind it, and the others are named once below
the table; without a declared tier every article is shown with whom it binds.
"""
from __future__ import annotations

from html import escape
from typing import Any

from checker.reporters.crosswalk import clean


def _e(text: object) -> str:
    return escape(clean(text), quote=True)


def clause_section(doc: dict[str, Any]) -> str:
    """A ``<section>`` for one framework's view (``crosswalk.view``)."""
    name = str(doc["framework"])
    anchor = "crosswalk-" + "".join(c if c.isalnum() else "-" for c in name.lower())
    out = [f"<section class='crosswalk-view' id='{_e(anchor)}'><h2>Crosswalk: {_e(name)}</h2>",
           f"<p class='muted'>Clause list: {_e(doc['source'])}</p>"]
    for system in doc["systems"]:
        out.append(_system(system))
    return "".join(out) + "</section>"


def _system(system: dict[str, Any]) -> str:
    tier = system.get("risk_tier")
    note = ""
    if "risk_tier" in system and system.get("clauses") and _scoped(system):
        note = (f" <span class='muted'>(risk tier {_e(tier)}: only the articles that bind it)</span>"
                if tier else " <span class='muted'>(no risk tier declared: every article, "
                "marked with whom it binds)</span>")
    rows = []
    for clause in system["clauses"]:
        scope = f" <span class='badge'>{_e(clause['scope'])}</span>" if clause.get("scope") else ""
        results = ", ".join(f"<span class='badge {_e(r['status'])}'>{_e(r['status'])}</span> "
                            f"<code>{_e(r['rule'])}</code>" for r in clause["results"])
        rows.append(f"<tr><td><b>{_e(clause['clause'])}</b>{scope}</td>"
                    f"<td>{_e(clause['title'])}</td><td>{results}</td></tr>")
    table = ("<table><thead><tr><th>clause</th><th>title</th><th>results</th></tr></thead>"
             f"<tbody>{''.join(rows)}</tbody></table>") if rows else \
        "<p class='muted'>No rule of this run cites this framework.</p>"
    hidden = system.get("not_applicable_to_tier") or []
    tail = (f"<p class='muted'>Not applicable to risk tier {_e(tier)}: "
            f"{_e(', '.join(hidden))}.</p>") if hidden else ""
    return f"<h3>System: {_e(system['system'])}{note}</h3>{table}{tail}"


def _scoped(system: dict[str, Any]) -> bool:
    return any(c.get("scope") for c in system["clauses"]) or bool(system.get("not_applicable_to_tier"))
