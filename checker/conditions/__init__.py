"""Declarative conditions (``when:``, ``where:``, ``condition:``): no code, only data.

A condition is a mapping: ``all`` / ``any`` / ``not`` combine others; otherwise
it names a value (``path`` as JMESPath into the data, or ``setting``) and one
test (``exists``, ``equals``, ``in``, ``not_in``, ``truthy``, ``matches``,
``contains``, ``gte``/``gt``/``lte``/``lt``, ``min_length``, ``intersects`` (the
value, or one of its items, is in a list), ``expired`` (a date before the run's
as-of date; no date counts as expired), ``ids`` (``any``/``all`` of the listed
IDs are known MITRE ATLAS or OWASP LLM 2025 IDs)).  ``matches`` on a list holds
when any item matches.  With ``kind`` the condition holds when any artifact of
that kind in the system satisfies it.

Operands may be ``{setting: name}``, ``{root: jmespath}`` (a value of the
document the item belongs to) or ``{system: {kind, path, fragment}}`` (values
from every artifact of that kind in the system; ``fragment`` keeps only what
follows ``#`` in each, as in ``evals/redteam.yaml#RT-1``).
"""
from __future__ import annotations

import functools
import re
from typing import Any

from checker.paths import compile_path, run
from checker.validation import PLACEHOLDER, is_placeholder

TESTS = ("exists", "equals", "in", "not_in", "truthy", "matches", "contains",
         "gte", "gt", "lte", "lt", "min_length", "intersects", "expired", "ids")
_VALUE = {"nullable": True}
SCHEMA: dict = {
    "all": {"type": "list", "schema": {"type": "dict"}},
    "any": {"type": "list", "schema": {"type": "dict"}},
    "not": {"type": "dict"},
    "kind": {"type": "string"},
    "path": {"type": "string"},
    "setting": {"type": "string"},
    "default": _VALUE,
    "reason": {"type": "string"},
    **{test: _VALUE for test in TESTS},
}


def compile_condition(cond: Any) -> dict:
    """Validate and precompile a condition; raises ValueError with what is wrong."""
    if not isinstance(cond, dict):
        raise ValueError(f"a condition must be a mapping, found {type(cond).__name__}")
    unknown = sorted(set(cond) - set(SCHEMA))
    if unknown:
        raise ValueError(f"unknown condition key(s) {', '.join(unknown)}; expected one of "
                         f"all, any, not, kind, path, setting, {', '.join(TESTS)}")
    out = dict(cond)
    for combo in ("all", "any"):
        if combo in cond:
            out[combo] = [compile_condition(c) for c in cond[combo]]
    if "not" in cond:
        out["not"] = compile_condition(cond["not"])
    if not any(k in cond for k in ("all", "any", "not")):
        tests = [t for t in TESTS if t in cond]
        if len(tests) != 1:
            raise ValueError(f"a condition needs exactly one test of {', '.join(TESTS)}, "
                             f"found {len(tests)}")
        if "path" not in cond and "setting" not in cond:
            raise ValueError("a condition needs 'path' or 'setting'")
    if "path" in cond:
        out["_path"] = compile_path(cond["path"])
    out["_combo"] = any(k in cond for k in ("all", "any", "not"))
    out["_test"] = _first_test(cond)
    if "ids" in cond and cond["ids"] not in ("any", "all"):
        raise ValueError("ids takes 'any' or 'all'")
    if "matches" in cond:
        try:
            out["_regex"] = re.compile(str(cond["matches"]), re.I)
        except re.error as exc:
            raise ValueError(f"invalid regex {cond['matches']!r}: {exc}") from None
    from checker.conditions.compile import compile_fn

    out["_fn"] = compile_fn(out)
    return out


class Undecidable(Exception):
    """A strict condition met a placeholder: whether it holds is not known yet."""

    def __init__(self, where: str, value: Any) -> None:
        super().__init__(f"{where} is a placeholder ({str(value).strip()[:40]!r}); fill it in")
        self.where = where
        self.value = value


def holds(cond: dict, data: Any, ctx: Any, strict: bool = False) -> bool:
    """Evaluate a compiled condition against ``data`` (or the system, with ``kind``).

    ``strict`` (rule-level ``when``): a tested value that is a placeholder raises
    Undecidable instead of counting as absent, so a template never makes a rule
    not-applicable.  The work is done by the closure ``compile_condition`` stored
    under ``_fn`` (``checker/condfast.py``); a mapping without one is compiled to
    a closure here, each time.
    """
    fn = cond.get("_fn")
    if fn is None:
        from checker.conditions.compile import compile_fn

        fn = compile_fn(cond)
    return fn(data, ctx, strict)


def operand(value: Any, ctx: Any) -> Any:
    if not isinstance(value, dict) or len(value) > 2:
        return value
    if "setting" in value and set(value) <= {"setting", "default"}:
        return ctx.setting(value["setting"], value.get("default")) if ctx else value.get("default")
    if set(value) == {"root"}:
        return run(compile_path(value["root"]), getattr(ctx, "root_data", None))
    if set(value) == {"system"} and isinstance(value["system"], dict):
        return _system_values(value["system"], ctx)
    return value


def _system_values(spec: dict, ctx: Any) -> list:
    expr = compile_path(spec["path"])
    return collect_values(expr, spec, ctx.system_artifacts(spec["kind"]) if ctx else ())


def collect_values(expr: Any, spec: dict, artifacts: Any) -> list:
    """The values ``expr`` finds in each artifact, flattened (``fragment``: after ``#``)."""
    from checker.checks.common import flatten

    out: list = []
    for artifact in artifacts:
        for item in flatten(run(expr, artifact.data)):
            if spec.get("fragment") and isinstance(item, str):
                item = item.split("#", 1)[-1]
            out.append(item)
    return out


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


def _first_test(cond: dict) -> str | None:
    return next((t for t in TESTS if t in cond), None)


def _test_of(cond: dict) -> str | None:
    """The test a condition applies (the first of TESTS it names; precompiled)."""
    return cond["_test"] if "_test" in cond else _first_test(cond)


def apply_test(cond: dict, test: str | None, value: Any, want: Any, ctx: Any) -> bool:
    """Test ``value`` against the resolved operand ``want``, branch by branch (the
    compiled closures take this path when they cannot prepare ``want`` ahead)."""
    if test is not None:
        if test == "exists":
            return present(value) == bool(want)
        if test == "truthy":
            return (bool(value) and not is_placeholder(value)) == bool(want)
        if test == "equals":
            return _norm(value) == _norm(want)
        if test in ("in", "not_in"):
            inside = _norm(value) in [_norm(w) for w in (want or [])]
            return inside if test == "in" else not inside
        if test == "matches":
            items = value if isinstance(value, list) else [value]
            return any(isinstance(v, str) and bool(cond["_regex"].search(v)) for v in items)
        if test == "intersects":
            mine = {_norm(v) for v in (value if isinstance(value, list) else [value])
                    if v is not None}
            return bool(mine & {_norm(w) for w in (want or []) if not isinstance(w, (dict, list))})
        if test == "expired":
            return _expired(value, ctx) == bool(want)
        if test == "ids":
            return _known_ids(value, want)
        if test == "contains":
            return isinstance(value, (list, tuple, str)) and _norm(want) in \
                ([_norm(v) for v in value] if not isinstance(value, str) else value)
        if test == "min_length":
            return isinstance(value, (list, tuple, str, dict)) and len(value) >= int(want)
        return _compare(test, value, want)
    return True


def _expired(value: Any, ctx: Any) -> bool:
    import datetime as dt

    from checker.validation import parse_date

    date = parse_date(value)
    today = getattr(ctx, "as_of", None) or dt.date.today()
    return date is None or date < today


def _known_ids(value: Any, mode: Any) -> bool:
    is_atlas_id, is_owasp_llm_id = _id_tests()
    items = [v for v in (value if isinstance(value, list) else [value]) if v is not None]
    known = [is_atlas_id(v) or is_owasp_llm_id(v) for v in items]
    if not known:
        return False
    return all(known) if mode == "all" else any(known)


@functools.lru_cache(maxsize=1)
def _id_tests() -> tuple:
    """checker.ids' two tests, imported once (not once per condition test)."""
    from checker.ids import is_atlas_id, is_owasp_llm_id

    return is_atlas_id, is_owasp_llm_id


def _norm(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


def _compare(test: str, value: Any, want: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if isinstance(want, bool) or not isinstance(want, (int, float)):
        return False
    return {"gte": value >= want, "gt": value > want,
            "lte": value <= want, "lt": value < want}[test]
