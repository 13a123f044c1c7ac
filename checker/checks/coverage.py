"""``coverage``: a set of categories must all appear.

Options: ``require``: list of ``{name, path, kind, min, values, any_of, match,
when, message}``.  ``path`` (JMESPath) gives the values — in this artifact, or
across every artifact of ``kind`` in the system; then ``values`` must all
appear, or one of ``any_of``, or one matching the regex ``match``, or at least
``min`` values (default 1) must be there.  ``when`` skips the requirement when
its condition does not hold.
"""
from __future__ import annotations

import re
from typing import Any, Iterator

from checker.checks.common import flatten, resolve
from checker.conditions import compile_condition, holds, present
from checker.jpath import compile_path, run
from checker.model import KINDS, Artifact, Finding

ID = "coverage"
DESCRIPTION = "a set of categories must all appear"
SCHEMA = {
    "require": {"type": "list", "required": True, "empty": False, "schema": {
        "type": "dict", "schema": {
            "name": {"type": "string", "required": True},
            "path": {"type": "string", "required": True},
            "kind": {"type": "string", "allowed": list(KINDS)},
            "min": {"type": ["integer", "dict"]},
            "values": {"type": "list"},
            "any_of": {"type": "list"},
            "match": {"type": "string"},
            "when": {"type": "dict"},
            "message": {"type": "string"}}}},
}


def compile(options: dict) -> Any:
    out = []
    for req in options["require"]:
        item = {**req, "_path": compile_path(req["path"]),
                "_when": compile_condition(req["when"]) if req.get("when") else None}
        if req.get("match"):
            try:
                item["_re"] = re.compile(req["match"], re.I)
            except re.error as exc:
                raise ValueError(f"invalid regex {req['match']!r}: {exc}") from None
        out.append(item)
    return out


def _values(req: dict, artifact: Artifact, ctx: Any) -> list:
    sources = ctx.system_artifacts(req["kind"]) if req.get("kind") else [artifact]
    values: list = []
    for source in sources:
        values.extend(v for v in flatten(run(req["_path"], source.data)) if present(v))
    return values


def check(reqs: Any, artifact: Artifact, ctx: Any) -> Iterator[Finding]:
    for req in reqs:
        if req["_when"] is not None and not holds(req["_when"], artifact.data, ctx):
            continue
        problem = _problem(req, _values(req, artifact, ctx), ctx)
        if problem:
            where = f" in the system's {req['kind']}s" if req.get("kind") else ""
            yield Finding(req.get("message") or f"{req['name']}: {problem}{where}")


def _problem(req: dict, values: list, ctx: Any) -> str | None:
    norm = {str(v).strip().lower() for v in values}
    if req.get("values"):
        missing = [v for v in req["values"] if str(v).lower() not in norm]
        return f"missing {', '.join(map(str, missing))} (found {_shown(values)})" if missing else None
    if req.get("any_of"):
        if not norm & {str(v).lower() for v in req["any_of"]}:
            return f"expected one of {', '.join(map(str, req['any_of']))} (found {_shown(values)})"
        return None
    if req.get("match"):
        if not any(req["_re"].search(str(v)) for v in values):
            return f"expected a value matching /{req['match']}/ (found {_shown(values)})"
        return None
    need = int(resolve(req.get("min", 1), ctx))
    return None if len(values) >= need else f"found {len(values)}, expected at least {need}"


def _shown(values: list) -> str:
    uniq = sorted({str(v) for v in values})
    if not uniq:
        return "none"
    return ", ".join(uniq[:6]) + (", ..." if len(uniq) > 6 else "")
