"""JMESPath expressions compiled once; the one place that reads paths into data.

A plain dotted path (``a.b.c``, by far the most common in packs) is answered by
``dict.get`` steps without jmespath: the same answer (a field of anything that is
not a mapping is None).  Other expressions are compiled to closures when
``checker.paths.compiled`` knows all their node types, and left to jmespath
otherwise.  Both answer as jmespath does (``tests/paths/test_compiled.py``).
"""
from __future__ import annotations

import functools
import re
from typing import Any, Callable, Union

import jmespath
from jmespath.exceptions import JMESPathError

from checker.paths.compiled import Unsupported, compile_ast

_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"  # a JMESPath unquoted identifier
_PLAIN = re.compile(rf"{_IDENT}(?:\.{_IDENT})*")  # a plain dotted path: a.b.c


class FieldPath:
    """A compiled plain dotted path; ``search`` behaves as jmespath's would."""

    __slots__ = ("expression", "keys")

    def __init__(self, expression: str) -> None:
        self.expression = expression
        self.keys = tuple(expression.split("."))

    def search(self, data: Any) -> Any:
        for key in self.keys:
            if not isinstance(data, dict):
                return None
            data = data.get(key)
        return data

    def __repr__(self) -> str:
        return f"FieldPath({self.expression!r})"


class CompiledPath:
    """A JMESPath expression compiled to Python closures (``checker.paths.compiled``);
    ``search`` answers as jmespath's would, errors included."""

    __slots__ = ("expression", "search")

    def __init__(self, expression: str, search: Callable[[Any], Any]) -> None:
        self.expression, self.search = expression, search

    def __repr__(self) -> str:
        return f"CompiledPath({self.expression!r})"


Path = Union[FieldPath, CompiledPath, Any]  # Any: a jmespath ParsedResult


def plain_keys(expression: str) -> tuple[str, ...] | None:
    """("a", "b") for a plain dotted path ``a.b``, else None."""
    if _PLAIN.fullmatch(expression):
        return tuple(expression.split("."))
    return None


def leading_keys(expression: str) -> tuple[str, ...]:
    """The keys of the plain dotted part an expression starts with (``a.b[0]`` -> a, b)."""
    lead = _PLAIN.match(expression)
    return tuple(lead.group(0).split(".")) if lead else ()


# Limits on a pack's paths (a pack may come from the pull request it judges): each
# multi-select copies what it reads once per entry, and nested ones multiply, so a short
# path can build billions of values.
MAX_LENGTH = 2_000
MAX_FAN_OUT = 1_024


def fan_out(node: dict[str, Any]) -> int:
    """How many values the multi-selects of a parsed expression can make of one value:
    the product of their widths."""
    width = 1
    stack = [node]
    while stack:
        current = stack.pop()
        if current.get("type") in ("multi_select_list", "multi_select_dict"):
            width *= max(1, len(current.get("children") or ()))
        stack.extend(c for c in current.get("children") or () if isinstance(c, dict))
    return width


@functools.lru_cache(maxsize=4096)
def compile_path(expression: str) -> Path:
    """Compile a JMESPath expression; raises ValueError naming the problem."""
    if _PLAIN.fullmatch(expression):
        return FieldPath(expression)
    if len(expression) > MAX_LENGTH:
        raise ValueError(f"JMESPath of {len(expression):,} characters is longer than "
                         f"{MAX_LENGTH:,}: select with a shorter path")
    try:
        parsed = jmespath.compile(expression)
    except JMESPathError as exc:
        raise ValueError(f"invalid JMESPath {expression!r}: {str(exc).splitlines()[0]}") from None
    width = fan_out(parsed.parsed)
    if width > MAX_FAN_OUT:
        shown = expression if len(expression) <= 80 else expression[:77] + "..."
        raise ValueError(f"JMESPath {shown!r} can make {width:,} values of each value "
                         f"it reads (at most {MAX_FAN_OUT:,}): its multi-selects ([a, b], "
                         "{a: x}) multiply each other; select fewer fields")
    try:
        return CompiledPath(expression, compile_ast(parsed.parsed))
    except Unsupported:
        return parsed


def run(compiled: Path, data: Any) -> Any:
    """Apply a compiled expression; a type error inside it (e.g. ``length(null)``)
    means the data has no such value, so it answers None."""
    if type(compiled) is FieldPath:
        return compiled.search(data)
    try:
        return compiled.search(data)
    except (TypeError, ValueError):  # jmespath's errors are ValueErrors
        return None


def flatten(value: Any) -> list[Any]:
    """A JMESPath answer as a flat list of scalars (None left out)."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        out: list[Any] = []
        for item in value:  # flatten(item) inlined for the common scalar item
            if isinstance(item, (list, tuple)):
                out.extend(flatten(item))
            elif item is not None:
                out.append(item)
        return out
    return [value]

