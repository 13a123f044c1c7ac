"""Output formats: a literal registry of reporter modules.

Each module has ``render(run: RunResult, **opts) -> str`` and a ``SPEC``
(``base.Spec``): its ``safesec check`` options, whether ``--format`` may send it to
standard output, and which render keyword arguments it takes from the run.  The
CLI builds its options from this registry, in this order; to add a format, add a
module and one line below.
"""
from __future__ import annotations

from typing import Any

from checker.model import RunResult
from checker.reporters import console, github, html, json_report, junit, sarif
from checker.reporters.base import Reporter

REPORTERS: dict[str, Reporter] = {
    "console": console,
    "junit": junit,
    "json": json_report,
    "sarif": sarif,
    "github": github,
    "html": html,
}


def get_reporter(name: str) -> Reporter:
    """The reporter module registered as ``name``; ``KeyError`` names the choices."""
    try:
        return REPORTERS[name]
    except KeyError:
        choices = ", ".join(sorted(REPORTERS))
        raise KeyError(f"unknown output format {name!r} (choose from {choices})") from None


def render(name: str, run: RunResult, **opts: Any) -> str:
    """Shortcut: ``get_reporter(name).render(run, **opts)``."""
    return get_reporter(name).render(run, **opts)
