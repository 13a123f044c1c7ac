"""The text ``json.dumps(value, indent=2, sort_keys=True)`` gives, written piece by piece.

json's C encoder cannot indent: with ``indent=2`` the whole document goes through the
pure-Python encoder, one generator step per key and value.  Reports are mostly thousands of entries with the
same few keys, so they are written here from a :class:`Shape` (the entry's sorted keys,
indented once) with every scalar encoded exactly as json does it: strings by the same C
function (``encode_basestring_ascii``, or ``encode_basestring`` when ``ensure_ascii`` is
off), ``null``/``true``/``false``, ints by ``int.__repr__``.  Anything else (floats,
nested containers, unknown types) is handed to ``json.dumps`` itself and re-indented: the
encoder only ever puts a newline before an indentation, never inside a string.
"""
from __future__ import annotations

import json
from json.encoder import encode_basestring, encode_basestring_ascii
from typing import Any, Callable, Iterable, Sequence

MAX_DEPTH = 16
PAD = tuple("\n" + "  " * depth for depth in range(MAX_DEPTH))  # newline, then indentation
_ALL_STR = tuple((str,) * n for n in range(32))


class Writer:
    """Encodes values like ``json.dumps(..., indent=2, sort_keys=True, ensure_ascii=...)``."""

    def __init__(self, ensure_ascii: bool = True) -> None:
        self.ensure_ascii = ensure_ascii
        self.string: Callable[[str], str] = (
            encode_basestring_ascii if ensure_ascii else encode_basestring)

    def value(self, value: Any, depth: int) -> str:
        """``value`` as json writes it where its first line is indented ``depth`` times."""
        if isinstance(value, str):
            return self.string(value)
        if value is None:
            return "null"
        if value is True:
            return "true"
        if value is False:
            return "false"
        if isinstance(value, int):
            return int.__repr__(value)
        return self.generic(value, depth)

    def texts(self, values: tuple[Any, ...], depth: int) -> list[str]:
        """Each of ``values`` encoded by :meth:`value` (all strings: one C-level pass)."""
        if tuple(map(type, values)) == _ALL_STR[len(values)]:
            return list(map(self.string, values))
        return [self.value(v, depth) for v in values]

    def generic(self, value: Any, depth: int) -> str:
        """Any value, by ``json.dumps`` itself, its lines indented ``depth`` more times."""
        text = json.dumps(value, indent=2, sort_keys=True, ensure_ascii=self.ensure_ascii)
        return text.replace("\n", PAD[depth]) if depth else text

    def strings(self, values: Iterable[Any], depth: int) -> str:
        """A list of ``str(v)`` for each value, the list indented ``depth`` times."""
        string = self.string
        return array([string(str(v)) for v in values], depth)

    def values(self, values: Iterable[Any], depth: int) -> str:
        """A list of arbitrary values, the list indented ``depth`` times."""
        return array([self.value(v, depth + 1) for v in values], depth)

    def shape(self, names: Sequence[str], depth: int) -> Shape:
        return Shape(names, depth, self.string)


def array(items: list[str], depth: int) -> str:
    """A json list of already-encoded ``items``, the list itself indented ``depth`` times."""
    if not items:
        return "[]"
    inner = PAD[depth + 1]
    return "[" + inner + ("," + inner).join(items) + PAD[depth] + "]"


class Shape:
    """A json object with a fixed set of keys, written from its values in key order."""

    def __init__(self, names: Sequence[str], depth: int, string: Callable[[str], str]) -> None:
        if list(names) != sorted(names) or not names:
            raise ValueError(f"a shape needs its keys sorted: {names!r}")
        self.names = tuple(names)
        self.depth = depth  # of the object's braces; its keys are one deeper
        heads = (PAD[depth + 1] + string(name).replace("%", "%%") + ": %s" for name in names)
        self.template = "{" + ",".join(heads) + PAD[depth] + "}"

    def render(self, values: tuple[str, ...]) -> str:
        """The object from already-encoded ``values``, one per key, in key order."""
        if len(values) != len(self.names):
            raise ValueError(f"{len(values)} values for keys {self.names!r}")
        return self.template % values
