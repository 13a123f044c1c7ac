"""``severity``: severity is derived from likelihood and impact, not chosen.

Options: ``items`` (JMESPaths to the lists of hazards and threats).  Each item states
``likelihood`` and ``impact`` on the rubric below (a word or its number), and its
``severity`` must be the one the rubric derives from their product (NIST AI RMF MAP 5.1:
"likelihood and magnitude of each identified impact"):

- likelihood: rare 1, unlikely 2, possible 3, likely 4, almost-certain 5;
- impact: negligible 1, minor 2, moderate 3, major 4, severe 5;
- likelihood x impact: 1-3 low, 4-7 medium, 8-14 high, 15-25 critical.
"""
from __future__ import annotations

from typing import Any, Iterator

from checker.checks.common import items_at, label, simple_path
from checker.model import Artifact, Finding
from checker.paths import compile_path

ID = "severity"
DESCRIPTION = "severity derived from likelihood x impact on a documented rubric"
DEPENDS_ON: frozenset[str] = frozenset()
SCHEMA = {"items": {"type": "list", "required": True, "empty": False, "schema": {"type": "string"}}}
LIKELIHOOD = {"rare": 1, "unlikely": 2, "possible": 3, "likely": 4, "almost-certain": 5}
IMPACT = {"negligible": 1, "minor": 2, "moderate": 3, "major": 4, "severe": 5}
BANDS = ((15, "critical"), (8, "high"), (4, "medium"), (1, "low"))
RUBRIC = ("likelihood rare 1, unlikely 2, possible 3, likely 4, almost-certain 5; impact "
          "negligible 1, minor 2, moderate 3, major 4, severe 5; product 1-3 low, 4-7 medium, "
          "8-14 high, 15-25 critical")


def compile(options: dict[str, Any]) -> list[tuple[Any, tuple[Any, ...]]]:
    return [(compile_path(p), simple_path(p) or ()) for p in options["items"]]


def derived(likelihood: Any, impact: Any) -> str | None:
    """The severity the rubric gives, or None when either is off the rubric."""
    lvl, ivl = _level(likelihood, LIKELIHOOD), _level(impact, IMPACT)
    if lvl is None or ivl is None:
        return None
    return next(name for floor, name in BANDS if lvl * ivl >= floor)


def _level(value: Any, scale: dict[str, int]) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and 1 <= value <= 5:
        return value
    return scale.get(str(value).strip().lower()) if isinstance(value, str) else None


def check(paths: list[tuple[Any, tuple[Any, ...]]], artifact: Artifact, ctx: Any) -> Iterator[Finding]:
    for compiled, prefix in paths:
        for path, item in items_at(compiled, prefix, artifact.data):
            if not isinstance(item, dict):
                continue
            name = label(item, path)
            missing = [k for k in ("likelihood", "impact") if item.get(k) is None]
            if missing:
                yield Finding(f"{name}: states no {' or '.join(missing)}; severity is derived from "
                              f"likelihood x impact ({RUBRIC})", path=path)
                continue
            want = derived(item["likelihood"], item["impact"])
            if want is None:
                yield Finding(f"{name}: likelihood {item['likelihood']!r} or impact "
                              f"{item['impact']!r} is not on the rubric ({RUBRIC})", path=path)
            elif str(item.get("severity", "")).strip().lower() != want:
                yield Finding(f"{name}: severity {item.get('severity')!r} disagrees with likelihood "
                              f"{item['likelihood']} x impact {item['impact']}, which gives {want} "
                              f"({RUBRIC})", path=path + ("severity",))
