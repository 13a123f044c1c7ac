"""``raw_source``: a native eval report agrees with the raw tool output it cites.

No options. The report's ``source: {path, sha256}`` names a promptfoo, garak,
Inspect or lm-eval file in the repository; loading checks the hash and
recomputes each result's value and samples from that file
(``checker.run.evidence``), and this check reports every disagreement at the
report's own line. A report without ``source``, and a tool's output read
directly (it is its own raw evidence), are not applicable.
"""
from __future__ import annotations

from typing import Any, Iterator

from checker.checks.base import FILES
from checker.model import Artifact, Finding

ID = "raw_source"
DESCRIPTION = "a native eval report's numbers agree with the raw tool output it cites"
DEPENDS_ON: frozenset[str] = frozenset({FILES})  # the cited file is read beside the report
SCHEMA: dict[str, Any] = {}


def compile(options: dict[str, Any]) -> Any:
    return options


def check(opts: Any, artifact: Artifact, ctx: Any) -> Iterator[Finding]:
    if not isinstance(artifact.data, dict) or "source" not in artifact.data:
        why = (f"this {artifact.format} output is itself the raw evidence"
               if artifact.raw is not artifact.data else
               "the report cites no raw tool output (source: {path, sha256})")
        yield Finding(why, not_applicable=True)
        return
    for message, path in artifact.evidence:
        yield Finding(message, path=path)
