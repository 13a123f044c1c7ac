"""JSON report (``--json`` / ``--format json``): the whole run as data.

Deterministic: keys sorted, two-space indent, a trailing newline and no
timestamps, so the same run always gives the same bytes.
"""
from __future__ import annotations

import json
from typing import Any

from checker.model import LoadFailure, Result, RunResult, Waiver


def render(run: RunResult, **_opts: Any) -> str:
    """The run as a JSON document (see DESIGN §4 for the keys)."""
    return json.dumps(to_dict(run), indent=2, sort_keys=True) + "\n"


def to_dict(run: RunResult) -> dict[str, Any]:
    extra = {"as_of": run.as_of} if run.as_of else {}
    return {
        **extra,
        "version": run.version,
        "fail_on": str(run.fail_on),
        "summary": run.summary,
        "systems": [str(system) for system in run.systems],
        "artifacts": [_artifact(a) for a in run.artifacts],
        "results": [_result(r) for r in sorted(run.results, key=Result.sort_key)],
        "errors": [str(error) for error in run.errors],
    }


def _artifact(artifact: Any) -> dict[str, Any]:
    entry = {
        "path": artifact.path,
        "kind": artifact.kind,
        "format": artifact.format,
        "system": artifact.system,
    }
    if isinstance(artifact, LoadFailure):
        entry.update(error=artifact.message, line=artifact.line)
    return entry


def _result(result: Result) -> dict[str, Any]:
    entry = {
        "rule": result.rule,
        "pack": result.pack,
        "system": result.system,
        "artifact": result.artifact,
        "status": str(result.status),
        "severity": str(result.severity),
        "message": result.message,
        "file": result.file,
        "line": result.line,
        "dimension": result.dimension,
        "discipline": result.discipline,
        "title": result.title,
        "findings": [
            {"file": file, "line": line, "message": message}
            for file, line, message in result.findings
        ],
    }
    if result.waiver is not None:
        entry["waiver"] = _waiver(result.waiver)
    return entry


def _waiver(waiver: Waiver) -> dict[str, Any]:
    return {
        "id": waiver.id,
        "rule": waiver.rule,
        "path": waiver.path,
        "reason": waiver.reason,
        "justification": waiver.justification,
        "owner": waiver.owner,
        "approved_by": list(waiver.approved_by),
        "expires": str(waiver.expires),
        "source": waiver.source,
        "line": waiver.line,
    }
