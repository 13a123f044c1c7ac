"""JMESPath expressions compiled once (jmespath imported on first use).

A plain dotted path (``a.b.c``, by far the most common in packs) is answered by
``dict.get`` steps without jmespath: the same answer (a field of anything that is
not a mapping is None), at a fraction of the cost of walking jmespath's AST.
Other expressions are compiled to closures when ``checker/jfast.py`` knows all
their node types, and left to jmespath otherwise.
"""
from __future__ import annotations

import functools
import re
from typing import Any

_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"  # a JMESPath unquoted identifier
_DOTTED = re.compile(rf"{_IDENT}(?:\.{_IDENT})*\Z")


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


@functools.lru_cache(maxsize=4096)
def compile_path(expression: str) -> Any:
    """Compile a JMESPath expression; raises ValueError naming the problem."""
    if _DOTTED.match(expression):
        return FieldPath(expression)
    import jmespath
    from jmespath.exceptions import JMESPathError

    try:
        parsed = jmespath.compile(expression)
    except JMESPathError as exc:
        raise ValueError(f"invalid JMESPath {expression!r}: {str(exc).splitlines()[0]}") from None
    from checker.paths.compiled import Unsupported, compile_ast

    try:
        return CompiledPath(expression, compile_ast(parsed.parsed))
    except Unsupported:
        return parsed


class CompiledPath:
    """A JMESPath expression compiled to Python closures (``checker/jfast.py``);
    ``search`` answers as jmespath's would, errors included."""

    __slots__ = ("expression", "search")

    def __init__(self, expression: str, search: Any) -> None:
        self.expression, self.search = expression, search

    def __repr__(self) -> str:
        return f"CompiledPath({self.expression!r})"


def run(compiled: Any, data: Any) -> Any:
    """Apply a compiled expression; a type error inside it (e.g. ``length(null)``)
    means the data has no such value, so it answers None."""
    if type(compiled) is FieldPath:
        return compiled.search(data)
    try:
        return compiled.search(data)
    except (_jmespath_error(), TypeError, ValueError):  # (evaluated only on an error)
        return None


@functools.lru_cache(maxsize=1)
def _jmespath_error() -> type:
    """jmespath's error class, imported once (not once per search)."""
    from jmespath.exceptions import JMESPathError

    return JMESPathError
