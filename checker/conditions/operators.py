"""The tests of a condition (``equals``, ``in``, ...) as closures over a prepared operand.

A constant operand is prepared once (normalised, ``in`` values in a frozenset
when ``==`` agrees with hashing for all of them); when it cannot be (``in: 5``,
``min_length: "x"``) the test is left to ``conditions.apply_test``, the
interpreter's own branch, which fails as it always did.

Operands that depend on the context (``{setting}``, ``{root}``, ``{system}``) are
resolved on every call.  ``{root}`` and ``{system}`` answers are reused while the
same context hands back the same document (``ctx.root_data``) or artifact list
(``ctx.system_artifacts(kind)``): documents are not modified while rules are
evaluated.  What is prepared from an operand is reused while it resolves to the
same object.
"""
from __future__ import annotations

import datetime as dt
import operator
from typing import Any, Callable

from checker.conditions import (_expired, _known_ids, _norm, apply_test, collect_values,
                                operand, present)
from checker.paths import compile_path, run
from checker.validation import is_placeholder

Test = Callable[[Any, Any], bool]  # (value, ctx) -> the value passes the test
_MISS = object()
# types whose == agrees with their hash: `x in frozenset` answers as `x in list` does
_PLAIN = frozenset((str, int, float, bool, type(None), dt.date, dt.datetime))


def make_test(cond: dict, test: str) -> Test:
    """The closure applying ``test`` (with the condition's operand) to a value."""
    make = _TESTS.get(test)
    return make(cond, test) if make is not None else _operand(cond, test, _refuse, _refuse)


def _operand(cond: dict, test: str, prepare: Callable, bind: Callable) -> Test:
    """``bind(prepare(want))`` tests a value; when ``prepare`` fails on ``want``,
    ``apply_test`` does (and fails as it always did)."""
    raw = cond[test]
    resolve = _resolver(raw)
    if resolve is None:
        try:
            return bind(prepare(raw))
        except Exception:
            return lambda value, ctx: apply_test(cond, test, value, raw, ctx)
    cell: list = [(_MISS, None)]

    def resolved(value: Any, ctx: Any) -> bool:
        want = resolve(ctx)
        seen, check = cell[0]
        if seen is not want:
            try:
                check = bind(prepare(want))
            except Exception:
                return apply_test(cond, test, value, want, ctx)
            cell[0] = (want, check)
        return check(value, ctx)
    return resolved


def _resolver(raw: Any) -> Callable[[Any], Any] | None:
    """What ``conditions.operand`` does for ``raw``, per context; None for a constant."""
    if not isinstance(raw, dict) or len(raw) > 2:
        return None
    if "setting" in raw and set(raw) <= {"setting", "default"}:
        name, default = raw["setting"], raw.get("default")
        return lambda ctx: ctx.setting(name, default) if ctx else default
    if set(raw) == {"root"}:
        return _root(raw)
    if set(raw) == {"system"} and isinstance(raw["system"], dict):
        return _system(raw)
    return None


def _root(raw: dict) -> Callable[[Any], Any]:
    try:
        expr = compile_path(raw["root"])
    except Exception:
        return lambda ctx: operand(raw, ctx)  # fails on every call, as it always did
    cell: list = [(_MISS, _MISS, None)]

    def root(ctx: Any) -> Any:
        doc = getattr(ctx, "root_data", None)
        seen_ctx, seen_doc, answer = cell[0]
        if seen_ctx is not ctx or seen_doc is not doc:
            answer = run(expr, doc)
            cell[0] = (ctx, doc, answer)
        return answer
    return root


def _system(raw: dict) -> Callable[[Any], Any]:
    spec = raw["system"]
    try:
        expr = compile_path(spec["path"]) if "kind" in spec else None
    except Exception:
        expr = None
    if expr is None:
        return lambda ctx: operand(raw, ctx)  # answers (or fails) as it always did
    kind = spec["kind"]
    cell: list = [(_MISS, None)]

    def system(ctx: Any) -> list:
        if not ctx:
            return []
        artifacts = ctx.system_artifacts(kind)
        seen, values = cell[0]
        if seen is not artifacts:
            values = collect_values(expr, spec, artifacts)
            cell[0] = (artifacts, values)
        return values
    return system


# -- tests: (cond, test) -> Test ----------------------------------------------------

def _refuse(_want: Any) -> Any:
    raise TypeError("left to apply_test")


def _same(want: Any) -> Any:
    return want


def _exists(cond: dict, test: str) -> Test:
    return _operand(cond, test, bool, lambda wanted: lambda value, ctx: present(value) == wanted)


def _truthy(cond: dict, test: str) -> Test:
    def bind(wanted: bool) -> Test:
        return lambda value, ctx: (bool(value) and not is_placeholder(value)) == wanted
    return _operand(cond, test, bool, bind)


def _equals(cond: dict, test: str) -> Test:
    def bind(wanted: Any) -> Test:
        return lambda value, ctx: \
            (value.strip().lower() if isinstance(value, str) else value) == wanted
    return _operand(cond, test, _norm, bind)


def _member(cond: dict, test: str) -> Test:
    positive = test == "in"

    def prepare(want: Any) -> tuple:
        listed = [_norm(w) for w in (want or [])]
        hashed = frozenset(listed) if all(type(w) in _PLAIN for w in listed) else None
        return listed, hashed

    def bind(ready: tuple) -> Test:
        listed, hashed = ready

        def member(value: Any, ctx: Any) -> bool:
            value = _norm(value)
            inside = value in hashed if hashed is not None and type(value) in _PLAIN \
                else value in listed
            return inside if positive else not inside
        return member
    return _operand(cond, test, prepare, bind)


def _matches(cond: dict, test: str) -> Test:
    regex = cond.get("_regex")
    if regex is None:  # not compiled: the KeyError comes when a string is met
        return _operand(cond, test, _refuse, _refuse)
    search = regex.search

    def matches(value: Any, ctx: Any) -> bool:
        if isinstance(value, list):
            for v in value:
                if isinstance(v, str) and search(v):
                    return True
            return False
        return isinstance(value, str) and search(value) is not None
    return _operand(cond, test, _same, lambda _want: matches)


def _intersects(cond: dict, test: str) -> Test:
    def prepare(want: Any) -> set:
        return {_norm(w) for w in (want or []) if not isinstance(w, (dict, list))}

    def bind(wanted: set) -> Test:
        def intersects(value: Any, ctx: Any) -> bool:
            mine = {_norm(v) for v in (value if isinstance(value, list) else [value])
                    if v is not None}
            return bool(mine & wanted)
        return intersects
    return _operand(cond, test, prepare, bind)


def _expired_test(cond: dict, test: str) -> Test:
    return _operand(cond, test, bool,
                    lambda wanted: lambda value, ctx: _expired(value, ctx) == wanted)


def _ids(cond: dict, test: str) -> Test:
    return _operand(cond, test, _same, lambda mode: lambda value, ctx: _known_ids(value, mode))


def _contains(cond: dict, test: str) -> Test:
    def bind(wanted: Any) -> Test:
        return lambda value, ctx: isinstance(value, (list, tuple, str)) and wanted in \
            ([_norm(v) for v in value] if not isinstance(value, str) else value)
    return _operand(cond, test, _norm, bind)


def _min_length(cond: dict, test: str) -> Test:
    def bind(least: int) -> Test:
        return lambda value, ctx: \
            isinstance(value, (list, tuple, str, dict)) and len(value) >= least
    return _operand(cond, test, int, bind)


_ORDER = {"gte": operator.ge, "gt": operator.gt, "lte": operator.le, "lt": operator.lt}


def _ordered(cond: dict, test: str) -> Test:
    compare = _ORDER[test]

    def prepare(want: Any) -> Any:
        return None if isinstance(want, bool) or not isinstance(want, (int, float)) else want

    def bind(limit: Any) -> Test:
        if limit is None:  # not a number: nothing compares
            return lambda value, ctx: False
        return lambda value, ctx: not (isinstance(value, bool) or
                                       not isinstance(value, (int, float))) and \
            compare(value, limit)
    return _operand(cond, test, prepare, bind)


_TESTS: dict[str, Callable[[dict, str], Test]] = {
    "exists": _exists, "truthy": _truthy, "equals": _equals, "in": _member,
    "not_in": _member, "matches": _matches, "intersects": _intersects,
    "expired": _expired_test, "ids": _ids, "contains": _contains, "min_length": _min_length,
    "gte": _ordered, "gt": _ordered, "lte": _ordered, "lt": _ordered}
