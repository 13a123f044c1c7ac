"""``coverage``: a set of categories must all appear.

Options: ``require``: list of ``{name, path, kind, min, values, any_of, match,
when, message}``.  ``path`` (JMESPath) gives the values — in this artifact, or
across every artifact of ``kind`` (a kind or a list) in the system; with
``where`` the path gives items and only those meeting the condition count (its
``{root: ...}`` operands read the document they come from); then ``values`` must all
appear, or one of ``any_of``, or one matching the regex ``match``, or at least
``min`` values (default 1) must be there.  ``when`` skips the requirement when
its condition does not hold.
"""
from __future__ import annotations

import re
from typing import Any, Iterator

from checker.adapters.gaps import cannot_express
from checker.adapters.serving import Served, where
from checker.conditions import compile_condition, present, resolve
from checker.paths import compile_path, flatten, leading_keys, run
from checker.model import KINDS, Artifact, Finding
from checker.regexes import compile_limited

ID = "coverage"
DESCRIPTION = "a set of categories must all appear"
DEPENDS_ON: frozenset[str] = frozenset()  # other artifacts: of the kinds its options name
SCHEMA = {
    "require": {"type": "list", "required": True, "empty": False, "schema": {
        "type": "dict", "schema": {
            "name": {"type": "string", "required": True},
            "path": {"type": "string", "required": True},
            "kind": {"type": ["string", "list"]},
            "where": {"type": "dict"},
            "min": {"type": ["integer", "dict"]},
            "values": {"type": "list"},
            "any_of": {"type": "list"},
            "match": {"type": "string"},
            "when": {"type": "dict"},
            "message": {"type": "string"}}}},
}


def compile(options: dict[str, Any]) -> Any:
    out = []
    for req in options["require"]:
        kinds = [req["kind"]] if isinstance(req.get("kind"), str) else req.get("kind") or []
        bad = [k for k in kinds if k not in KINDS]
        if bad:
            raise ValueError(f"require {req['name']!r}: unknown kind {', '.join(map(str, bad))}")
        item = {**req, "_kinds": kinds, "_path": compile_path(req["path"]),
                "_where": compile_condition(req["where"]) if req.get("where") else None,
                "_when": compile_condition(req["when"]) if req.get("when") else None}
        if req.get("match"):
            try:
                item["_re"] = compile_limited(req["match"], re.I)
            except re.error as exc:
                raise ValueError(f"invalid regex {req['match']!r}: {exc}") from None
        out.append(item)
    return out


def _values(req: dict[str, Any], artifact: Artifact, ctx: Any) -> list[Any]:
    sources = [a for k in req["_kinds"] for a in ctx.system_artifacts(k)] or \
        ([] if req["_kinds"] else [artifact])
    values: list[Any] = []
    for source in sources:
        found = run(req["_path"], source.data)
        if req["_where"] is not None:
            items = found if isinstance(found, list) else [found]
            where = req["_where"].holds
            values.extend([i for i in items if i is not None and where(i, ctx, source.data)])
        else:
            values.extend([v for v in flatten(found) if present(v)])
    return values


def check(reqs: Any, artifact: Artifact, ctx: Any) -> Iterator[Finding]:
    for req in reqs:
        if req["_when"] is not None and not req["_when"].holds(artifact.data, ctx, artifact.data):
            continue
        problem = _problem(req, _values(req, artifact, ctx), ctx)
        if problem:
            where = (f" in the system's {' or '.join(k.replace('_', ' ') for k in req['_kinds'])}s"
                     if req["_kinds"] else "")
            yield _at(req, artifact, ctx, req.get("message") or f"{req['name']}: {problem}{where}")


def _at(req: dict[str, Any], artifact: Artifact, ctx: Any, message: str) -> Finding:
    """Point at where the values were looked for: the path's leading plain part, in the
    artifact itself or in the (first) artifact of the other kind."""
    path = leading_keys(req["path"])
    sources = [a for k in req["_kinds"] for a in ctx.system_artifacts(k)]
    if sources and sources[0] is not artifact:
        source = sources[0]
        file, line = where(source, path)
        if isinstance(source, Served):  # a gateway config: where to state what it cannot
            note = cannot_express(source, path)
            message = f"{message} ({note})" if note else message
        return Finding(message, file=file, line=line)
    return Finding(message, path=path)


def _problem(req: dict[str, Any], values: list[Any], ctx: Any) -> str | None:
    if req.get("values") or req.get("any_of"):
        return _listed(req, values)
    if req.get("match"):
        if not any(req["_re"].search(str(v)) for v in values):
            return f"expected a value matching /{req['match']}/ (found {_shown(values)})"
        return None
    need = int(resolve(req.get("min", 1), ctx))
    if len(values) >= need:
        return None
    return f"found {len(values)}, expected at least {need}" if need > 1 or values else "none found"


def _listed(req: dict[str, Any], values: list[Any]) -> str | None:
    """``values`` must all be there, or one of ``any_of``."""
    norm = {(v if type(v) is str else _text(v)).strip().lower() for v in values}
    if req.get("values"):
        missing = [v for v in req["values"] if _text(v).lower() not in norm]
        return f"missing {', '.join(map(_text, missing))} (found {_shown(values)})" if missing else None
    if req.get("any_of"):
        if not norm & {_text(v).lower() for v in req["any_of"]}:
            return f"expected one of {', '.join(map(_text, req['any_of']))} (found {_shown(values)})"
    return None


def _shown(values: list[Any]) -> str:
    uniq = sorted({_text(v) for v in values if not isinstance(v, (dict, list))})
    if not uniq:
        return "none"
    return ", ".join(uniq[:6]) + (", ..." if len(uniq) > 6 else "")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
