"""The tests of a condition (``equals``, ``in``, ...) and the operands they compare with.

Each test is defined once, in ``OPERATORS``: what its operand must be, and how to
build the check of a value from an operand of that type.  ``make_test`` checks a
constant operand when the policy is loaded (a ValueError names the problem) and an
operand read at run time (``{setting}``, ``{root}``, ``{system}``) on every call,
raising ``OperandError`` when it is not of the type the test takes.  Missing values
(null) keep their meaning at run time: nothing to be in, no date, no number.

What is prepared from an operand is reused while it resolves to the same object
(``operands.py`` reads the operands).
"""
from __future__ import annotations

import datetime as dt
import operator
import re
from dataclasses import dataclass
from typing import Any, Callable

from checker.conditions.operands import check_operand, source_of
from checker.errors import CheckerError
from checker.ids import is_atlas_id, is_owasp_llm_id
from checker.validation import PLACEHOLDER, is_placeholder, parse_date
from checker.regexes import compile_limited

Test = Callable[[Any, Any, Any], bool]  # (value, ctx, root) -> the value passes the test
_MISS = object()
# types whose == agrees with their hash: `x in frozenset` answers as `x in list` does
_PLAIN = frozenset((str, int, float, bool, type(None), dt.date, dt.datetime))
_NULL_IS_A_VALUE = frozenset(("equals", "contains"))  # elsewhere a written null is a mistake


class OperandError(CheckerError):
    """An operand read at run time (a setting, a document) is not what its test takes."""


class WrongType(Exception):
    """An operand of a type its test does not take."""


@dataclass(frozen=True)
class Operator:
    """One test: what its operand must be (``takes``), and ``make(operand)`` -> the check
    of a value, which raises WrongType for an operand of another type."""

    takes: str
    make: Callable[[Any], Test]


# -- values -------------------------------------------------------------------------

def present(value: Any) -> bool:
    """Non-empty and not a placeholder (a list counts when any item is present)."""
    if isinstance(value, str):  # is_placeholder(value), after the cheaper test
        return bool(value.strip()) and PLACEHOLDER.match(value) is None
    if value is None:
        return False
    if isinstance(value, (list, tuple)):
        for item in value:
            if present(item):
                return True
        return False
    return bool(value) if isinstance(value, dict) else True


def _norm(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


def _expired(value: Any, ctx: Any) -> bool:
    date = parse_date(value)
    today = getattr(ctx, "as_of", None) or dt.date.today()
    return date is None or date < today


def _known_ids(value: Any, mode: str) -> bool:
    items = [v for v in (value if isinstance(value, list) else [value]) if v is not None]
    known = [is_atlas_id(v) or is_owasp_llm_id(v) for v in items]
    if not known:
        return False
    return all(known) if mode == "all" else any(known)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def make_test(test: str, raw: Any, where: str) -> Test:
    """The check of a value by ``test`` against the operand ``raw``; ValueError when a
    constant operand is not what the test takes."""
    op = OPERATORS[test]
    source = source_of(raw)
    if source is None:
        check_operand(raw)
        try:
            if raw is None and test not in _NULL_IS_A_VALUE:
                raise WrongType
            made = op.make(raw)
        except WrongType:
            raise ValueError(f"'{test}' takes {op.takes}, found {_kind(raw)}") from None
        pointless = _same_for_all(test, raw)
        if pointless:
            raise ValueError(f"{test}: {raw!r} {pointless}: the condition would give every "
                             "value the same answer")
        return made
    cell: list[Any] = [(_MISS, None)]

    def resolved(value: Any, ctx: Any, root: Any) -> bool:
        want = source(ctx, root)
        seen, check = cell[0]
        if seen is not want:
            try:
                check = op.make(want)
            except WrongType:
                raise OperandError(f"{where}: '{test}' takes {op.takes}, but {raw} is "
                                   f"{_kind(want)}") from None
            except ValueError as exc:
                raise OperandError(f"{where}: {raw}: {exc}") from None
            cell[0] = (want, check)
        result: bool = check(value, ctx, root)
        return result
    return resolved


def _same_for_all(test: str, raw: Any) -> str | None:
    """Why a written operand gives every value the same answer, or None.  (An operand read
    at run time may be empty or broad: a setting or the system's values decide it.)"""
    if test in ("in", "not_in", "intersects") and raw == []:
        return "is an empty list"
    if test == "matches" and re.search(raw, "") is not None:
        return "matches empty text, and so every text"
    return None


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "a boolean"
    if _number(value):
        return "a number"
    if isinstance(value, str):
        return f"text ({value[:40]!r})"
    if isinstance(value, list):
        return "a list"
    return "a mapping" if isinstance(value, dict) else type(value).__name__


# -- tests: operand -> Test ------------------------------------------------------------

def _flag(want: Any) -> bool:
    if want is None or isinstance(want, bool):
        return bool(want)
    raise WrongType


def _exists(want: Any) -> Test:
    wanted = _flag(want)
    return lambda value, ctx, root: present(value) == wanted


def _truthy(want: Any) -> Test:
    wanted = _flag(want)
    return lambda value, ctx, root: (bool(value) and not is_placeholder(value)) == wanted


def _expired_test(want: Any) -> Test:
    wanted = _flag(want)
    return lambda value, ctx, root: _expired(value, ctx) == wanted


def _equals(want: Any) -> Test:
    wanted = _norm(want)
    return lambda value, ctx, root: \
        (value.strip().lower() if isinstance(value, str) else value) == wanted


def _contains(want: Any) -> Test:
    wanted = _norm(want)
    return lambda value, ctx, root: isinstance(value, (list, tuple, str)) and wanted in \
        ([_norm(v) for v in value] if not isinstance(value, str) else value)


def _listed(want: Any) -> list[Any]:
    if want is None:
        return []
    if not isinstance(want, list):
        raise WrongType
    return want


def _member(positive: bool) -> Callable[[Any], Test]:
    def make(want: Any) -> Test:
        listed = [_norm(w) for w in _listed(want)]
        hashed = frozenset(listed) if all(type(w) in _PLAIN for w in listed) else None

        def member(value: Any, ctx: Any, root: Any) -> bool:
            value = _norm(value)
            inside = value in hashed if hashed is not None and type(value) in _PLAIN \
                else value in listed
            return inside if positive else not inside
        return member
    return make


def _intersects(want: Any) -> Test:
    wanted = {_norm(w) for w in _listed(want) if not isinstance(w, (dict, list))}

    def intersects(value: Any, ctx: Any, root: Any) -> bool:
        mine = {_norm(v) for v in (value if isinstance(value, list) else [value])
                if v is not None}
        return bool(mine & wanted)
    return intersects


def _ids(want: Any) -> Test:
    if want not in ("any", "all"):
        raise WrongType
    return lambda value, ctx, root: _known_ids(value, want)


def _min_length(want: Any) -> Test:
    if not isinstance(want, int) or isinstance(want, bool):
        raise WrongType
    return lambda value, ctx, root: \
        isinstance(value, (list, tuple, str, dict)) and len(value) >= want


def _ordered(compare: Callable[[Any, Any], bool]) -> Callable[[Any], Test]:
    def make(want: Any) -> Test:
        if want is None:  # no limit: nothing compares
            return lambda value, ctx, root: False
        if not _number(want):
            raise WrongType
        return lambda value, ctx, root: _number(value) and compare(value, want)
    return make


def _matches(want: Any) -> Test:
    if not isinstance(want, str):
        raise WrongType
    try:
        search = compile_limited(want, re.I).search
    except re.error as exc:
        raise ValueError(f"invalid regex {want!r}: {exc}") from None

    def matches(value: Any, ctx: Any, root: Any) -> bool:
        if isinstance(value, list):
            for v in value:
                if isinstance(v, str) and search(v):
                    return True
            return False
        return isinstance(value, str) and search(value) is not None
    return matches


OPERATORS: dict[str, Operator] = {
    "exists": Operator("true or false", _exists),
    "equals": Operator("a value", _equals),
    "in": Operator("a list", _member(True)),
    "not_in": Operator("a list", _member(False)),
    "truthy": Operator("true or false", _truthy),
    "matches": Operator("a regular expression", _matches),
    "contains": Operator("a value", _contains),
    "gte": Operator("a number", _ordered(operator.ge)),
    "gt": Operator("a number", _ordered(operator.gt)),
    "lte": Operator("a number", _ordered(operator.le)),
    "lt": Operator("a number", _ordered(operator.lt)),
    "min_length": Operator("an integer", _min_length),
    "intersects": Operator("a list", _intersects),
    "expired": Operator("true or false", _expired_test),
    "ids": Operator("'any' or 'all'", _ids),
}
