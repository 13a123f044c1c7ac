"""JSON (and JSON Lines) with line numbers, refusing duplicate keys, NaN and huge numbers."""
from __future__ import annotations

import json
import math
import re
from typing import Any

from checker.errors import LoadError
from checker.loaders.base import DataPath, Locate, Parsed

MAX_INT_DIGITS = 100
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+')


class _Duplicate(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Duplicate(key)
        out[key] = value
    return out


class _BadNumber(ValueError):
    def __init__(self, message: str, token: str) -> None:
        super().__init__(message)
        self.token = token


def _constant(name: str) -> Any:
    raise _BadNumber(f"{name} is not valid JSON (NaN and Infinity are not numbers in JSON)", name)


def _float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise _BadNumber(f"number {text[:20]}... is too large", text)
    return value


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _BadNumber(f"integer of {len(text)} digits is too large", text)
    return int(text)


def loads(text: str) -> Any:
    """json.loads with the refusals above; raises LoadError with a line."""
    try:
        return json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant,
                          parse_float=_float, parse_int=_int)
    except json.JSONDecodeError as exc:
        raise LoadError(f"invalid JSON: {exc.msg}", line=exc.lineno) from None
    except _Duplicate as dup:
        line = _LineMap(text).duplicate_line(dup.key)
        raise LoadError(f"duplicate key {dup.key!r}", line=line) from None
    except _BadNumber as exc:
        raise LoadError(f"invalid JSON: {exc}", line=_token_line(text, exc.token)) from None
    except ValueError as exc:
        raise LoadError(f"invalid JSON: {exc}", line=1) from None
    except RecursionError:
        raise LoadError("nesting too deep to read", line=1) from None


def _token_line(text: str, token: str) -> int:
    """Line of the first bare (unquoted) occurrence of a number token."""
    for match in re.finditer(re.escape(token), text):
        before = text[match.start() - 1] if match.start() else " "
        after = text[match.end()] if match.end() < len(text) else " "
        if before in " \t\r\n:,[-" and after in " \t\r\n,]}":
            return text.count("\n", 0, match.start()) + 1
    return 1


def parse(text: str) -> Parsed:
    data = loads(text)
    lines = _LineMap(text)
    return data, lines.locate


class _LineMap:
    """Lines of every value, computed on first use by a token scan of the text."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._map: dict[DataPath, int] | None = None
        self._dups: list[tuple[str, int]] = []

    def _build(self) -> dict[DataPath, int]:
        if self._map is not None:
            return self._map
        found: dict[DataPath, int] = {}
        stack: list[list[Any]] = []  # [kind, path, key_or_index, expecting_key]
        line, last = 1, 0
        for match in _TOKEN.finditer(self._text):
            tok, pos = match.group(), match.start()
            line += self._text.count("\n", last, pos)
            last = pos
            top = stack[-1] if stack else None
            if tok in ",:":
                if tok == "," and top:
                    if top[0] == "a":
                        top[2] += 1
                    else:
                        top[3] = True
                continue
            if tok in "}]":
                if stack:
                    stack.pop()
                continue
            if top and top[0] == "o" and top[3] and tok.startswith('"'):
                key = json.loads(tok)
                path = top[1] + (key,)
                if path in found:
                    self._dups.append((key, line))
                found.setdefault(path, line)
                top[2], top[3] = key, False
                continue
            path = top[1] + (top[2],) if top else ()
            found.setdefault(path, line)
            if tok == "{":
                stack.append(["o", path, None, True])
            elif tok == "[":
                stack.append(["a", path, 0, False])
        self._map = found
        return found

    def locate(self, path: DataPath) -> int:
        found = self._build()
        for end in range(len(path), -1, -1):
            line = found.get(tuple(path[:end]))
            if line is not None:
                return line
        return 1

    def duplicate_line(self, key: str) -> int:
        self._build()
        return next((line for k, line in self._dups if k == key), 1)


def parse_lines(text: str) -> tuple[list[Any], Locate]:
    """JSON Lines: a list of records; blank lines are skipped."""
    records: list[Any] = []
    record_lines: list[int] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            records.append(loads(line))
        except LoadError as exc:
            raise LoadError(exc.message, line=number) from None
        record_lines.append(number)

    def locate(path: DataPath) -> int:
        if path and isinstance(path[0], int) and 0 <= path[0] < len(record_lines):
            return record_lines[path[0]]
        return 1

    return records, locate
