"""Output formats: a literal registry of reporter modules.

Each module has ``render(run: RunResult, **opts) -> str`` (see ``base.Reporter``).
Modules are imported only when asked for, so ``safesec --version`` stays cheap;
to add a format, add one line below.
"""
from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from checker.model import RunResult

REPORTERS = {
    "console": "checker.reporters.console",
    "json": "checker.reporters.json_report",
    "junit": "checker.reporters.junit",
    "sarif": "checker.reporters.sarif",
    "github": "checker.reporters.github",
    "html": "checker.reporters.html",
}


def get_reporter(name: str) -> ModuleType:
    """The reporter module registered as ``name``; ``KeyError`` names the choices."""
    try:
        module = REPORTERS[name]
    except KeyError:
        choices = ", ".join(sorted(REPORTERS))
        raise KeyError(f"unknown output format {name!r} (choose from {choices})") from None
    return importlib.import_module(module)


def render(name: str, run: RunResult, **opts: Any) -> str:
    """Shortcut: ``get_reporter(name).render(run, **opts)``."""
    return get_reporter(name).render(run, **opts)
