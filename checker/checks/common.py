"""Helpers shared by check modules: paths, values, item labels, option parsing."""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterator

from checker.conditions import Condition, compile_condition
from checker.paths import compile_path, plain_keys, run


# The option schema of "where another artifact's values are": {kind, path} (a JMESPath).
KIND_PATH = {"type": "dict", "required": True, "schema": {
    "kind": {"type": "string", "required": True}, "path": {"type": "string", "required": True}}}


def simple_path(expression: str | None) -> tuple[Any, ...] | None:
    """("a", "b") for a plain dotted JMESPath ``a.b`` (so lines can be found), else None."""
    if not expression:
        return ()
    return plain_keys(expression)


def compile_optional_path(expression: str | None) -> Any:
    return compile_path(expression) if expression else None


def value_at(compiled: Any, data: Any) -> Any:
    return data if compiled is None else run(compiled, data)


def items_at(compiled: Any, prefix: tuple[Any, ...] | None,
             data: Any) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """(path, item) for each item of the list at the path; paths only for simple paths."""
    value = value_at(compiled, data)
    if isinstance(value, dict):  # one mapping is the one item, at the path itself
        yield (prefix if prefix is not None else ()), value
        return
    if not isinstance(value, list):
        return
    for index, item in enumerate(value):
        yield ((prefix + (index,)) if prefix is not None else ()), item


def label(item: Any, index_path: tuple[Any, ...], id_field: str = "id") -> str:
    """How to name an item in a message: its id, else its position."""
    if isinstance(item, dict):
        ident = item.get(id_field)
        if isinstance(ident, (str, int)) and str(ident).strip():
            return str(ident)
    if index_path and isinstance(index_path[-1], int):
        return f"item {index_path[-1] + 1}"
    return "item"


def conditions(raw: list[Any] | None) -> list[Condition]:
    return [compile_condition(c) for c in raw or ()]



def describe_value(value: Any) -> str:
    """A value as the user wrote it in YAML: 'text', 2026-06-30, true, [a, b]."""
    if value is None:
        return "nothing"
    text = f"'{value}'" if isinstance(value, str) else _yamlish(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _yamlish(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_yamlish(v) if not isinstance(v, str) else v for v in value) + "]"
    return repr(value)
