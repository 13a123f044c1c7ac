"""Cerberus helpers: one cached validator per schema, errors flattened with lines; the
plain values native files state (dates, SHA-256 digests)."""
from __future__ import annotations

import datetime as dt
import difflib
import functools
import hashlib
import re
from typing import Any, Callable, Iterator

PLACEHOLDER = re.compile(
    r"^\s*(?:todo|tbd|tba|fixme|xxx|n/a|\.\.\.|…|<[^>]*>|\[[^\]]*\]|"
    r"(?:todo|tbd|fixme)\b.*|more information needed.*|\{\{.*\}\}|\{%.*%\})\s*$",
    re.I | re.S)


def is_placeholder(value: Any) -> bool:
    """An unfilled template value: TODO, TBD, <owner>, [more information needed], {{ x }}."""
    return isinstance(value, str) and bool(PLACEHOLDER.match(value))


class _IsoDateMeta(type):
    def __instancecheck__(cls, value: Any) -> bool:
        return isinstance(value, str) and parse_date(value) is not None


class IsoDateString(metaclass=_IsoDateMeta):
    """isinstance(x, IsoDateString): x is a string holding an ISO date."""


def make_validator(schema: dict[str, Any], *, allow_unknown: bool = True) -> Any:
    """A Validator that knows type ``isodate`` (a date, or a string holding one)
    and the rule ``not_placeholder``."""
    return _validator_class()(schema, allow_unknown=allow_unknown)


def compile_schema(schema: dict[str, Any], *, allow_unknown: bool = True) -> Any:
    """make_validator for a schema written in a pack: a bad one is a ValueError."""
    try:
        return make_validator(schema, allow_unknown=allow_unknown)
    except Exception as exc:  # cerberus.SchemaError and friends
        raise ValueError(f"invalid Cerberus schema: {exc}") from None


@functools.lru_cache(maxsize=1)
def _validator_class() -> type:
    """Built once, not once per validation."""
    import cerberus  # imported on first use: a measured startup cost (importlib.metadata)

    class _Validator(cerberus.Validator):  # type: ignore[misc]  # cerberus has no type hints
        types_mapping = {**cerberus.Validator.types_mapping,
                         "isodate": cerberus.TypeDefinition("isodate",
                                                            (dt.date, IsoDateString), ())}

        def _validate_not_placeholder(self, constraint: bool, field: str, value: Any) -> None:
            """{'type': 'boolean'}"""
            if constraint and is_placeholder(value):
                self._error(field, f"is a placeholder ({str(value).strip()[:40]!r}); fill it in")

        def _error(self, *args: Any) -> None:
            """Cerberus re-sorts every error so far after each new one (and so does the
            root of its schema error tree, where every unknown field lands), which is
            quadratic in the number of errors.  Collect; sort once in ``validate``."""
            if len(args) != 1:
                super()._error(*args)  # builds one error, comes back here
                return None
            self._errors.extend(args[0])
            for error in args[0]:
                self.document_error_tree.add(error)
                if error.schema_path:
                    self.schema_error_tree.add(error)
                else:
                    self.schema_error_tree.errors.append(error)
                self.error_handler.emit(error)
            return None

        def validate(self, *args: Any, **kwargs: Any) -> bool:
            valid: bool = super().validate(*args, **kwargs)
            self._errors.sort()
            self.schema_error_tree.errors.sort()
            return valid

    return _Validator


# YYYY-MM-DD, alone or starting an ISO date-time: not "20261231", "2026-W52" or
# "2026-11-27garbage", which Python's fromisoformat or a cut at ten characters would take
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\S|$)")


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DAY.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


_SHA256 = re.compile(r"[0-9a-f]{64}")


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data`` as ``sha256sum`` prints it (64 lowercase hex digits)."""
    return hashlib.sha256(data).hexdigest()


def stated_sha256(value: Any) -> str | None:
    """A SHA-256 a file states (``source.sha256``, ``evaluated.files[].sha256``), as
    ``sha256_hex`` writes it; None unless it is the 64 hexadecimal digits, in any case."""
    if not isinstance(value, str) or not _SHA256.fullmatch(value.strip().lower()):
        return None
    return value.strip().lower()


def flatten_errors(validator: Any) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(document path, message) for every leaf error, in document order."""
    def walk(errors: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
        if isinstance(errors, dict):
            for key in sorted(errors, key=str):
                yield from walk(errors[key], path + (key,))
        elif isinstance(errors, list):
            for item in errors:
                if isinstance(item, str):
                    yield path, item
                else:
                    yield from walk(item, path)
    yield from walk(validator.errors, ())


def describe(path: tuple[Any, ...], message: str) -> str:
    where = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in path)
    return f"{where.replace('.[', '[')}: {message}" if where else message


def suggest(schema: dict[str, Any], path: tuple[Any, ...], message: str) -> str:
    """``message`` with the nearest valid name for a typo: an unknown key names the
    nearest key the schema knows at that place (``thresold`` -> ``threshold``), an
    unallowed value the nearest allowed one."""
    rules: Any = {"type": "dict", "schema": schema}
    for step in path[:-1]:
        rules = _child(rules, step)
    if message == "unknown field" and path:
        table = rules.get("schema") if isinstance(rules, dict) else None
        known = sorted(str(k) for k in table) if isinstance(table, dict) else []
        return "unknown key" + _nearest(str(path[-1]), known)
    field = _child(rules, path[-1]) if path else None
    allowed = field.get("allowed") if isinstance(field, dict) else None
    if message.startswith("unallowed value") and isinstance(allowed, list):
        value = message.split("unallowed value", 1)[1].strip().strip("'\"")
        hint = _nearest(value, [str(a) for a in allowed], only_hint=True)
        return f"{message} (expected one of {', '.join(map(str, allowed))}{hint})"
    return message


def _child(rules: Any, step: Any) -> Any:
    """The rules one step down a document path: an index gives a list's item rules, a
    key the rules of that field of a mapping."""
    inner = rules.get("schema") if isinstance(rules, dict) else None
    if isinstance(step, int):
        return inner if isinstance(inner, dict) else None
    return inner.get(step) if isinstance(inner, dict) else None


def _nearest(word: str, known: list[str], only_hint: bool = False) -> str:
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    if only_hint:
        return f"; did you mean {close[0]!r}?" if close else ""
    if close:
        return f" {word!r} (did you mean {close[0]!r}?)"
    return f" {word!r} (expected one of {', '.join(known)})" if known else f" {word!r}"


def validate(schema: dict[str, Any], document: Any, locate: Callable[[tuple[Any, ...]], int], *,
             allow_unknown: bool = False) -> list[tuple[int, str]]:
    """Validate once; return sorted (line, "field: message") pairs."""
    validator = make_validator(schema, allow_unknown=allow_unknown)
    if not isinstance(document, dict):
        return [(1, f"expected a mapping, found {type(document).__name__}")]
    if validator.validate(document, normalize=False):
        return []
    return sorted((locate(path), describe(path, suggest(schema, path, msg)))
                  for path, msg in flatten_errors(validator))
