"""Counts the summary-style reporters share: the dimension x discipline matrix."""
from __future__ import annotations

from collections import Counter

from checker.model import DIMENSIONS, DISCIPLINES, Result, RunResult, Severity, Status


def axes(run: RunResult) -> tuple[list[str], list[str]]:
    """Dimensions and disciplines: the framework's, then any others the run uses."""
    dims = list(DIMENSIONS) + sorted({r.dimension for r in run.results} - set(DIMENSIONS))
    discs = list(DISCIPLINES) + sorted({r.discipline for r in run.results} - set(DISCIPLINES))
    return dims, discs


def matrix(run: RunResult) -> dict[tuple[str, str], Counter[Status]]:
    """``{(dimension, discipline): Counter(status -> results)}`` over every result."""
    cells: dict[tuple[str, str], Counter[Status]] = {}
    for result in run.results:
        cells.setdefault((result.dimension, result.discipline), Counter())[result.status] += 1
    return cells


def by_severity(results: list[Result] | tuple[Result, ...]) -> list[Result]:
    """Most severe first, then in report order."""
    return sorted(results, key=lambda r: (-int(Severity(r.severity)), r.sort_key()))


def failing(run: RunResult) -> list[Result]:
    return by_severity([r for r in run.results if r.status is Status.FAIL])


def gated(run: RunResult) -> list[Result]:
    """Failures at or above the run's gate (what makes ``check`` exit 1)."""
    return [r for r in failing(run) if Severity(r.severity) >= run.fail_on]
