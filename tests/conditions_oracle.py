"""The condition interpreter as it was before conditions were compiled to closures.

A faithful copy (``compile_condition``, ``holds`` and its helpers, verbatim apart
from names) of ``checker/conditions.py`` at commit 943ff6f, kept as the reference
``tests/test_conditions_compiled.py`` compares the compiled closures with.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from checker.conditions import TESTS, Undecidable
from checker.paths import run
from checker.validation import is_placeholder


class Oracle:
    """The interpreter at the commit before compiled conditions (reference only)."""

    @staticmethod
    def compile(cond: Any) -> dict:
        from checker.conditions import SCHEMA
        from checker.paths import compile_path

        if not isinstance(cond, dict):
            raise ValueError(f"a condition must be a mapping, found {type(cond).__name__}")
        unknown = sorted(set(cond) - set(SCHEMA))
        if unknown:
            raise ValueError(f"unknown condition key(s) {', '.join(unknown)}; expected one of "
                             f"all, any, not, kind, path, setting, {', '.join(TESTS)}")
        out = dict(cond)
        for combo in ("all", "any"):
            if combo in cond:
                out[combo] = [Oracle.compile(c) for c in cond[combo]]
        if "not" in cond:
            out["not"] = Oracle.compile(cond["not"])
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
        out["_test"] = Oracle._test_of(cond)
        if "ids" in cond and cond["ids"] not in ("any", "all"):
            raise ValueError("ids takes 'any' or 'all'")
        if "matches" in cond:
            try:
                out["_regex"] = re.compile(str(cond["matches"]), re.I)
            except re.error as exc:
                raise ValueError(f"invalid regex {cond['matches']!r}: {exc}") from None
        return out

    @staticmethod
    def holds(cond: dict, data: Any, ctx: Any, strict: bool = False) -> bool:
        if cond.get("_combo", True):
            if "all" in cond and not all(Oracle.holds(c, data, ctx, strict) for c in cond["all"]):
                return False
            if "any" in cond and not any(Oracle.holds(c, data, ctx, strict) for c in cond["any"]):
                return False
            if "not" in cond and Oracle.holds(cond["not"], data, ctx, strict):
                return False
        if Oracle._test_of(cond) is None:
            return True
        if cond.get("kind") and ctx is not None:
            plain = {k: v for k, v in cond.items() if k != "kind"}
            return any(Oracle.holds(plain, a.data, ctx, strict)
                       for a in ctx.system_artifacts(cond["kind"]))
        if "setting" in cond:
            value = ctx.setting(cond["setting"], cond.get("default")) if ctx else cond.get("default")
        else:
            value = run(cond["_path"], data)
        if strict and (is_placeholder(value) or
                       (isinstance(value, list) and any(is_placeholder(v) for v in value))):
            raise Undecidable(cond.get("path") or cond.get("setting") or "a value", value)
        return Oracle._test(cond, value, ctx)

    @staticmethod
    def operand(value: Any, ctx: Any) -> Any:
        from checker.paths import compile_path

        if not isinstance(value, dict) or len(value) > 2:
            return value
        if "setting" in value and set(value) <= {"setting", "default"}:
            return ctx.setting(value["setting"], value.get("default")) if ctx else value.get("default")
        if set(value) == {"root"}:
            return run(compile_path(value["root"]), getattr(ctx, "root_data", None))
        if set(value) == {"system"} and isinstance(value["system"], dict):
            return Oracle._system_values(value["system"], ctx)
        return value

    @staticmethod
    def _system_values(spec: dict, ctx: Any) -> list:
        from checker.checks.common import flatten
        from checker.paths import compile_path

        out: list = []
        expr = compile_path(spec["path"])
        for artifact in ctx.system_artifacts(spec["kind"]) if ctx else ():
            for item in flatten(run(expr, artifact.data)):
                if spec.get("fragment") and isinstance(item, str):
                    item = item.split("#", 1)[-1]
                out.append(item)
        return out

    @staticmethod
    def present(value: Any) -> bool:
        if value is None or is_placeholder(value):
            return False
        if isinstance(value, (str, list, dict, tuple)):
            if isinstance(value, (list, tuple)):
                return any(Oracle.present(v) for v in value)
            return bool(value.strip()) if isinstance(value, str) else bool(value)
        return True

    @staticmethod
    def _test_of(cond: dict) -> str | None:
        return cond["_test"] if "_test" in cond else next((t for t in TESTS if t in cond), None)

    @staticmethod
    def _test(cond: dict, value: Any, ctx: Any) -> bool:  # noqa: C901 (verbatim)
        norm = Oracle._norm
        test = Oracle._test_of(cond)
        if test is not None:
            want = Oracle.operand(cond[test], ctx)
            if test == "exists":
                return Oracle.present(value) == bool(want)
            if test == "truthy":
                return (bool(value) and not is_placeholder(value)) == bool(want)
            if test == "equals":
                return norm(value) == norm(want)
            if test in ("in", "not_in"):
                inside = norm(value) in [norm(w) for w in (want or [])]
                return inside if test == "in" else not inside
            if test == "matches":
                items = value if isinstance(value, list) else [value]
                return any(isinstance(v, str) and bool(cond["_regex"].search(v)) for v in items)
            if test == "intersects":
                mine = {norm(v) for v in (value if isinstance(value, list) else [value])
                        if v is not None}
                return bool(mine & {norm(w) for w in (want or [])
                                    if not isinstance(w, (dict, list))})
            if test == "expired":
                return Oracle._expired(value, ctx) == bool(want)
            if test == "ids":
                return Oracle._known_ids(value, want)
            if test == "contains":
                return isinstance(value, (list, tuple, str)) and norm(want) in \
                    ([norm(v) for v in value] if not isinstance(value, str) else value)
            if test == "min_length":
                return isinstance(value, (list, tuple, str, dict)) and len(value) >= int(want)
            return Oracle._compare(test, value, want)
        return True

    @staticmethod
    def _expired(value: Any, ctx: Any) -> bool:
        from checker.validation import parse_date

        date = parse_date(value)
        today = getattr(ctx, "as_of", None) or dt.date.today()
        return date is None or date < today

    @staticmethod
    def _known_ids(value: Any, mode: Any) -> bool:
        from checker.ids import is_atlas_id, is_owasp_llm_id

        items = [v for v in (value if isinstance(value, list) else [value]) if v is not None]
        known = [is_atlas_id(v) or is_owasp_llm_id(v) for v in items]
        if not known:
            return False
        return all(known) if mode == "all" else any(known)

    @staticmethod
    def _norm(value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @staticmethod
    def _compare(test: str, value: Any, want: Any) -> bool:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        if isinstance(want, bool) or not isinstance(want, (int, float)):
            return False
        return {"gte": value >= want, "gt": value > want,
                "lte": value <= want, "lt": value < want}[test]
