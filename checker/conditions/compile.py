"""Conditions compiled to nested Python closures, once per condition.

``holds`` used to work out, for every item it looked at, which combinators and
which test a condition has, resolve the operand and normalise the wanted values
again.  ``compile_fn`` makes those choices once (the tests and their operands:
``checker/condtests.py``).  Each closure does what the interpreter it replaces
did, in the same order, so answers and errors (Undecidable included) are the
same.  Only data is read from a condition: nothing is generated or executed from it.
"""
from __future__ import annotations

from typing import Any, Callable

from checker.conditions import Undecidable, _test_of, holds
from checker.conditions.operators import make_test
from checker.paths import FieldPath, run
from checker.validation import is_placeholder

Fn = Callable[[Any, Any, bool], bool]  # (data, ctx, strict) -> the condition holds


def compile_fn(cond: dict) -> Fn:
    """The closure evaluating a (compiled) condition: ``fn(data, ctx, strict)``."""
    combos = _combos(cond)
    test = _test_of(cond)
    leaf = None
    if test is not None:
        leaf = _leaf(cond, test)
        if cond.get("kind"):
            leaf = _per_kind(cond, leaf)
    if leaf is None:
        return combos or _always
    if combos is None:
        return leaf
    first, then = combos, leaf

    def both(data: Any, ctx: Any, strict: bool) -> bool:
        return first(data, ctx, strict) and then(data, ctx, strict)
    return both


def _always(_data: Any, _ctx: Any, _strict: bool) -> bool:
    return True


def _fn_of(cond: Any) -> Fn:
    fn = cond.get("_fn") if isinstance(cond, dict) else None
    if fn is not None:
        return fn
    return lambda data, ctx, strict: holds(cond, data, ctx, strict)


def _combos(cond: dict) -> Fn | None:
    if not cond.get("_combo", True):
        return None
    alls = [_fn_of(c) for c in cond["all"]] if "all" in cond else None
    anys = [_fn_of(c) for c in cond["any"]] if "any" in cond else None
    negated = _fn_of(cond["not"]) if "not" in cond else None
    if alls is None and anys is None and negated is None:
        return None

    def combos(data: Any, ctx: Any, strict: bool) -> bool:
        if alls is not None:
            for fn in alls:
                if not fn(data, ctx, strict):
                    return False
        if anys is not None:
            for fn in anys:
                if fn(data, ctx, strict):
                    break
            else:
                return False
        return negated is None or not negated(data, ctx, strict)
    return combos


def _per_kind(cond: dict, leaf: Fn) -> Fn:
    """With ``kind`` (and a context): any artifact of that kind satisfies the condition."""
    kind = cond["kind"]
    inner = compile_fn({k: v for k, v in cond.items() if k != "kind"})

    def per_kind(data: Any, ctx: Any, strict: bool) -> bool:
        if ctx is None:
            return leaf(data, ctx, strict)
        for artifact in ctx.system_artifacts(kind):
            if inner(artifact.data, ctx, strict):
                return True
        return False
    return per_kind


def _leaf(cond: dict, test: str) -> Fn:
    get = _getter(cond)
    check = make_test(cond, test)
    where = cond.get("path") or cond.get("setting") or "a value"
    expr = cond.get("_path") if "setting" not in cond else None
    if type(expr) is FieldPath and len(expr.keys) == 1:  # the getter inlined: one call less
        key = expr.keys[0]

        def field_leaf(data: Any, ctx: Any, strict: bool) -> bool:
            value = data.get(key) if isinstance(data, dict) else None
            if strict and (is_placeholder(value) or
                           (isinstance(value, list) and any(is_placeholder(v) for v in value))):
                raise Undecidable(where, value)
            return check(value, ctx)
        return field_leaf

    def leaf(data: Any, ctx: Any, strict: bool) -> bool:
        value = get(data, ctx)
        if strict and (is_placeholder(value) or
                       (isinstance(value, list) and any(is_placeholder(v) for v in value))):
            raise Undecidable(where, value)
        return check(value, ctx)
    return leaf


def _getter(cond: dict) -> Callable[[Any, Any], Any]:
    if "setting" in cond:
        name, default = cond["setting"], cond.get("default")
        return lambda data, ctx: ctx.setting(name, default) if ctx else default
    if "_path" not in cond:
        return lambda data, ctx: run(cond["_path"], data)  # a KeyError, as it always was
    expr = cond["_path"]
    if type(expr) is FieldPath and len(expr.keys) == 1:
        key = expr.keys[0]
        return lambda data, ctx: data.get(key) if isinstance(data, dict) else None
    if type(expr) is FieldPath:
        search = expr.search
        return lambda data, ctx: search(data)
    return lambda data, ctx: run(expr, data)
