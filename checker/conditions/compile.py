"""A condition mapping checked and compiled once to a ``Condition``: nested closures.

The choices (which combinators, which test, where the value comes from, the
prepared operand) are made here, once per condition, so evaluating one against
an item is a few calls.  Only data is read from a condition: nothing is
generated or executed from it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Protocol

import jmespath
from jmespath.exceptions import JMESPathError

from checker.conditions.operators import OPERATORS, Test, make_test
from checker.paths import FieldPath, Path, compile_path, run
from checker.validation import is_placeholder

TESTS = tuple(OPERATORS)
KEYS = frozenset(("all", "any", "not", "kind", "path", "setting", "default", "reason",
                  *TESTS))
_COMBOS = ("all", "any", "not")


class Holds(Protocol):
    """Whether ``data`` meets a condition (``Condition`` says what the arguments are)."""

    def __call__(self, data: Any, ctx: Any, root: Any = None, strict: bool = False) -> bool:
        ...


class Undecidable(Exception):
    """A strict condition met a placeholder: whether it holds is not known yet."""

    def __init__(self, where: str, value: Any) -> None:
        super().__init__(f"{where} is a placeholder ({str(value).strip()[:40]!r}); fill it in")
        self.where = where
        self.value = value


@dataclass(frozen=True)
class Condition:
    """A compiled condition.

    ``holds(data, ctx, root=None, strict=False)``: whether ``data`` (an item, or a
    document) meets it; ``root`` is the document the item belongs to (read by
    ``{root: ...}`` operands).  ``strict`` (rule-level ``when``): a tested value that
    is a placeholder raises Undecidable instead of counting as absent, so a template
    never makes a rule not-applicable.  ``path``: what a single test reads (None for
    a setting or a combination).
    """

    holds: Holds
    path: Path | None = None


def compile_condition(cond: Any) -> Condition:
    """Check and compile a condition; raises ValueError with what is wrong."""
    holds = _compile(cond)
    return Condition(holds, compile_path(cond["path"]) if "path" in cond else None)


def _compile(cond: Any) -> Holds:
    _check_keys(cond)
    combos = _combos(cond)
    test = next((t for t in TESTS if t in cond), None)
    if test is None:
        assert combos is not None  # _check_keys: a test, or combinators
        return combos
    leaf = _leaf(cond, test)
    if cond.get("kind"):
        leaf = _per_kind(cond["kind"], _compile({k: v for k, v in cond.items() if k != "kind"}),
                         leaf)
    if combos is None:
        return leaf
    first, then = combos, leaf

    def both(data: Any, ctx: Any, root: Any = None, strict: bool = False) -> bool:
        return first(data, ctx, root, strict) and then(data, ctx, root, strict)
    return both


def _check_keys(cond: Any) -> None:
    if not isinstance(cond, dict):
        raise ValueError(f"a condition must be a mapping, found {type(cond).__name__}")
    unknown = sorted(set(cond) - KEYS)
    if unknown:
        raise ValueError(f"unknown condition key(s) {', '.join(unknown)}; expected one of "
                         f"all, any, not, kind, path, setting, {', '.join(TESTS)}")
    for key in ("all", "any"):
        if key in cond and not isinstance(cond[key], list):
            raise ValueError(f"'{key}' takes a list of conditions")
    for key in ("path", "setting", "kind"):
        if cond.get(key) is not None and not isinstance(cond[key], str):
            raise ValueError(f"'{key}' takes text, found {type(cond[key]).__name__}")
    if not any(k in cond for k in _COMBOS):
        tests = [t for t in TESTS if t in cond]
        if len(tests) != 1:
            raise ValueError(f"a condition needs exactly one test of {', '.join(TESTS)}, "
                             f"found {len(tests)}")
        if "path" not in cond and "setting" not in cond:
            raise ValueError("a condition needs 'path' or 'setting'")
    if "path" in cond and "setting" in cond:
        raise ValueError("a condition reads 'path' or 'setting', not both")
    if isinstance(cond.get("path"), str) and _constant(cond["path"]):
        raise ValueError(f"path {cond['path']!r} is a constant, not a field of the data: the "
                         "test would compare two constants and give the same answer every "
                         "time")


def _combos(cond: dict[str, Any]) -> Holds | None:
    if not any(k in cond for k in _COMBOS):
        return None
    alls = [_compile(c) for c in cond["all"]] if "all" in cond else None
    anys = [_compile(c) for c in cond["any"]] if "any" in cond else None
    negated = _compile(cond["not"]) if "not" in cond else None

    def combos(data: Any, ctx: Any, root: Any = None, strict: bool = False) -> bool:
        if alls is not None:
            for fn in alls:
                if not fn(data, ctx, root, strict):
                    return False
        if anys is not None:
            for fn in anys:
                if fn(data, ctx, root, strict):
                    break
            else:
                return False
        return negated is None or not negated(data, ctx, root, strict)
    return combos


def _per_kind(kind: str, inner: Holds, leaf: Holds) -> Holds:
    """With ``kind`` (and a context): any artifact of that kind satisfies the condition."""
    def per_kind(data: Any, ctx: Any, root: Any = None, strict: bool = False) -> bool:
        if ctx is None:
            return leaf(data, ctx, root, strict)
        for artifact in ctx.system_artifacts(kind):
            if inner(artifact.data, ctx, root, strict):
                return True
        return False
    return per_kind


def _leaf(cond: dict[str, Any], test: str) -> Holds:
    where = cond.get("path") or cond.get("setting") or "a value"
    expr = compile_path(cond["path"]) if "path" in cond else None
    check = make_test(test, cond[test], where)
    get: Callable[[Any, Any], Any]
    if expr is None:
        name, default = cond["setting"], cond.get("default")

        def get(data: Any, ctx: Any) -> Any:
            return ctx.setting(name, default) if ctx else default
    elif type(expr) is FieldPath and len(expr.keys) == 1:  # the getter inlined: one call less
        return _field_leaf(where, check, expr.keys[0])
    elif type(expr) is FieldPath:
        search = expr.search

        def get(data: Any, ctx: Any) -> Any:
            return search(data)
    else:
        def get(data: Any, ctx: Any) -> Any:
            return run(expr, data)

    def leaf(data: Any, ctx: Any, root: Any = None, strict: bool = False) -> bool:
        value = get(data, ctx)
        if strict and _undecided(value):
            raise Undecidable(where, value)
        return check(value, ctx, root)
    return leaf


def _field_leaf(where: str, check: Test, key: str) -> Holds:
    def field_leaf(data: Any, ctx: Any, root: Any = None, strict: bool = False) -> bool:
        value = data.get(key) if isinstance(data, dict) else None
        if strict and _undecided(value):
            raise Undecidable(where, value)
        return check(value, ctx, root)
    return field_leaf


def _constant(path: str) -> bool:
    """A JMESPath expression that reads no data: a literal (`` `5` ``, ``'high'``)."""
    try:
        parsed = jmespath.compile(path).parsed
    except JMESPathError:
        return False  # compile_path reports it
    return bool(parsed.get("type") == "literal")


def _undecided(value: Any) -> bool:
    return is_placeholder(value) or \
        (isinstance(value, list) and any(is_placeholder(v) for v in value))
