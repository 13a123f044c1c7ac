"""``assessed``: an assessment of a given kind covers every target that needs it.

Options: ``reports`` (``{kind, where}``: the reports of the system, and the condition
on a report that makes it such an assessment, e.g. an external assessor with a named
engagement), ``items`` (JMESPath to a report's results; each lists what it ``covers``),
``targets`` (a list of ``{name, kind, path, needs}``: the hazards or threats, and the
condition on one that makes it need the assessment; ``{root: ...}`` operands read its
own document), ``hint``.

The targets no result of such a report covers are listed in one finding, at the
first such report.  When the system has no such report at all, this check has
nothing to say: requiring one is the business of the rule's other checks.
"""
from __future__ import annotations

from typing import Any, Iterator

from checker.conditions import compile_condition
from checker.model import KINDS, Artifact, Finding
from checker.paths import compile_path, leading_keys, run

ID = "assessed"
DESCRIPTION = "an assessment of a given kind covers every hazard or threat that needs it"
DEPENDS_ON: frozenset[str] = frozenset()  # other artifacts: of the kinds its options name
SCHEMA = {
    "reports": {"type": "dict", "required": True, "schema": {
        "kind": {"type": "string", "required": True},
        "where": {"type": "dict", "required": True},
        "name": {"type": "string", "required": True}}},
    "items": {"type": "string", "required": True},
    "targets": {"type": "list", "required": True, "empty": False, "schema": {
        "type": "dict", "schema": {
            "name": {"type": "string", "required": True},
            "kind": {"type": "string", "required": True},
            "path": {"type": "string", "required": True},
            "needs": {"type": "dict", "required": True}}}},
    "hint": {"type": "string"},
}


def compile(options: dict[str, Any]) -> dict[str, Any]:
    kinds = [options["reports"]["kind"]] + [t["kind"] for t in options["targets"]]
    bad = [k for k in kinds if k not in KINDS]
    if bad:
        raise ValueError(f"unknown kind {bad[0]!r}")
    return {**options, "_where": compile_condition(options["reports"]["where"]),
            "_items": compile_path(options["items"]), "_at": leading_keys(options["items"]),
            "_targets": [(t["name"], t["kind"], compile_path(t["path"]),
                          compile_condition(t["needs"])) for t in options["targets"]]}


def check(opts: dict[str, Any], artifact: Artifact, ctx: Any) -> Iterator[Finding]:
    reports = [r for r in ctx.system_artifacts(opts["reports"]["kind"])
               if isinstance(r.data, dict) and opts["_where"].holds(r.data, ctx, r.data)]
    if not reports:
        return
    covered: set[str] = set()
    for report in reports:
        results = run(opts["_items"], report.data)
        for result in results if isinstance(results, list) else []:
            covers = result.get("covers") if isinstance(result, dict) else None
            covered.update(str(c) for c in (covers if isinstance(covers, list) else []))
    missing = [f"{tid} ({name})" for tid, name in _needed(opts, ctx) if tid not in covered]
    if not missing:
        return
    first = sorted(reports, key=lambda r: r.path)[0]
    shown = ", ".join(missing[:12]) + \
        (f" and {len(missing) - 12} more" if len(missing) > 12 else "")
    hint = f" {opts['hint']}" if opts.get("hint") else ""
    yield Finding(f"the {opts['reports']['name']} ({', '.join(sorted(r.file for r in reports))}) "
                  f"covers no result on {shown}; it counts only for what it assessed: extend the "
                  f"engagement to them and record its results with covers naming them{hint}",
                  file=first.file, line=first.line(opts["_at"]))


def _needed(opts: dict[str, Any], ctx: Any) -> list[tuple[str, str]]:
    """(id, what kind of target) of every target that needs the assessment, in order."""
    found: dict[str, str] = {}
    for name, kind, path, needs in opts["_targets"]:
        for source in ctx.system_artifacts(kind):
            value = run(path, source.data)
            for target in value if isinstance(value, list) else []:
                if isinstance(target, dict) and target.get("id") is not None and \
                        needs.holds(target, ctx, source.data):
                    found.setdefault(str(target["id"]), name)
    return list(found.items())
