"""Values no reader may hand on: NaN, infinities, huge integers, lone surrogates.

A NaN compares false with every limit, so ``value: .nan`` would pass any
``max``; an infinity or a 4,000-digit integer is never evidence either; a lone
surrogate (``"\\ud800"`` in JSON) cannot be written to any report.  Iterative
walks over the parsed data, so depth costs no recursion: a cheap one without
paths first; only when it sees a suspect value does the walk that names the
first odd value's path (and line) run.
"""
from __future__ import annotations

import math
import re
from typing import Any

from checker.errors import LoadError
from checker.loaders.base import DataPath, Locate

MAX_INT_BITS = 333  # about 100 decimal digits
_SURROGATE = re.compile("[\ud800-\udfff]")


def refuse_odd_values(data: Any, locate: Locate) -> None:
    """Raise LoadError (with the line from ``locate``) at the first odd value."""
    if _suspect(data):
        _refuse(data, locate)


def _suspect(data: Any) -> bool:
    """Whether ``data`` may hold an odd value (keys, values or items; no paths kept).
    A False answer is exact; a True one is settled by ``_refuse``."""
    texts: list[str] = []
    stack = [data]
    pop, extend, keep = stack.pop, stack.extend, texts.append
    while stack:
        value = pop()
        kind = type(value)
        if kind is str:
            keep(value)
        elif kind is dict:
            extend(value)
            extend(value.values())
        elif kind is list:
            extend(value)
        elif kind is int:
            if value.bit_length() > MAX_INT_BITS:
                return True
        elif kind is float:
            if not math.isfinite(value):
                return True
        elif kind is not bool and value is not None:
            if _problem(value) or isinstance(value, (dict, list, tuple)):
                return True
    return bool(_SURROGATE.search("".join(texts)))


def _refuse(data: Any, locate: Locate) -> None:
    stack: list[tuple[DataPath, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        problem = _problem(value)
        if problem:
            raise LoadError(problem, line=_line(locate, path))
        if isinstance(value, dict):
            pending = []
            for key, item in value.items():
                problem = _problem(key)
                if problem:
                    raise LoadError(f"key: {problem}", line=_line(locate, path + (key,)))
                pending.append((path + (key,), item))
            stack.extend(reversed(pending))
        elif isinstance(value, (list, tuple)):
            stack.extend(reversed([(path + (i,), item) for i, item in enumerate(value)]))


def _problem(value: Any) -> str | None:
    if isinstance(value, float) and not math.isfinite(value):
        return (f"number {value} is not accepted (NaN and infinities defeat every "
                "comparison with a limit)")
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_INT_BITS:
        return f"integer of about {int(value.bit_length() * 0.30103)} digits is too large"
    if isinstance(value, str) and _SURROGATE.search(value):
        return "text contains a lone UTF-16 surrogate (e.g. \\ud800), which is not valid Unicode"
    return None


def _line(locate: Locate, path: DataPath) -> int:
    try:
        return max(1, int(locate(path)))
    except Exception:  # locating is best effort
        return 1
