"""SARIF 2.1.0 report (``--sarif``) for GitHub code scanning and other SARIF viewers.

One run; every rule of the run once in ``tool.driver.rules`` (help text from its
rationale, remediation and crosswalk); one result per problem (failed, error or
waived ``Result`` finding) at a repo-relative ``path:line``.  A missing artifact kind is
one result (its rule ``MISSING-<KIND>``, ``properties.blocks`` the rules it blocks);
the blocked rules are not results (code scanning would show every result as an alert)
but notes in ``invocations[0].toolExecutionNotifications`` that say why each did not run.  Waived results carry
a ``suppressions`` entry, so viewers show them as dismissed with the justification.
Fingerprints hash rule, system, artifact and message, never the line, so an alert
survives edits above it.  Output is deterministic: sorted keys, no timestamps.
"""
from __future__ import annotations

import functools
import hashlib
import json
import re
import secrets
from collections import Counter
from typing import Any, Iterator
from urllib.parse import quote

from checker.model import Result, RunResult, Severity, Status
from checker.reporters.base import NO_FILE, Option, Spec, findings, system_name
from checker.reporters.crosswalk import clean
from checker.reporters.sarif_rules import LEVELS, descriptors

Index = dict[tuple[str, str], tuple[str, int]]  # (pack, rule) -> (SARIF rule id, its index)
SPEC = Spec(file=Option("--sarif", "sarif_file", "Write SARIF 2.1.0 here (GitHub code scanning)."),
            takes=("prefix",))

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT = "safesec/v1"
REPORTED = (Status.FAIL, Status.ERROR, Status.WAIVED)
LEVELS = LEVELS


def render(run: RunResult, category: str = "safesec", run_id: str = "",
           fallback_uri: str = "", prefix: str = "", **_opts: Any) -> str:
    """The run as a SARIF 2.1.0 log (a JSON string ending in a newline).

    ``prefix`` is the checked folder relative to the repository root (``check
    models/`` from the root gives ``models``): URIs must be relative to the root.
    """
    return "".join(chunks(run, category, run_id, fallback_uri, prefix))


def chunks(run: RunResult, category: str = "safesec", run_id: str = "",
           fallback_uri: str = "", prefix: str = "", **_opts: Any) -> Iterator[str]:
    """:func:`render`'s text in pieces, one result at a time: a report of many results is
    written as it is made, never held whole (memory stays flat in the number of results)."""
    rules, index = descriptors(run)
    results = _results(run, index, fallback_uri, uri(prefix))
    first = next(results, None)
    mark = f"results-{secrets.token_hex(16)}"  # stands for the results in the skeleton
    driver: dict[str, Any] = {"name": "safesec", "rules": rules}
    if run.version:
        driver["version"] = driver["semanticVersion"] = run.version
    sarif_run = {
        "tool": {"driver": driver},
        "automationDetails": {"id": f"{category.strip('/') or 'safesec'}/{run_id}"},
        "columnKind": "unicodeCodePoints",
        "invocations": [_invocation(run, index)],
        "results": [] if first is None else [mark],
    }
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [sarif_run]}
    text = json.dumps(log, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if first is None:
        yield text
        return
    # what json.dumps(indent=2) gives for the results list, one entry at a time: each at
    # the depth of $.runs[0].results[i] (four levels), entries joined by a comma
    head, tail = text.split(json.dumps(mark), 1)
    indent = "\n" + " " * 8
    yield head
    yield _dumps(first).replace("\n", indent)
    for entry in results:
        yield "," + indent + _dumps(entry).replace("\n", indent)
    yield tail


_dumps = json.JSONEncoder(indent=2, sort_keys=True, ensure_ascii=False).encode  # made once


def uri(path: str) -> str:
    """A repo-relative URI reference: ``/`` separators, no leading ``/`` or ``./``."""
    return _uri_of_str(path) if type(path) is str else _uri(path)


def _uri(path: str) -> str:
    parts = [p for p in clean(path).replace("\\", "/").split("/") if p not in ("", ".")]
    # a non-UTF-8 name keeps its bytes: \udcff (surrogate-escaped 0xff) becomes %FF
    return quote("/".join(parts), safe="/!$&'()*+,;=@-._~", errors="surrogateescape")


_uri_of_str = functools.lru_cache(maxsize=1 << 16)(_uri)  # the same paths come back often


def fingerprint(result: Result, message: str, ordinal: int) -> str:
    """Stable identity of a problem: no line numbers in it."""
    text = re.sub(r"(?i)\blines?\s+\d+\b", "line", " ".join(clean(message).split()))
    key = "\x00".join([result.pack, result.rule, result.system, uri(result.artifact), text,
                       str(ordinal)])
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def _results(run: RunResult, index: Index, fallback_uri: str,
             prefix: str) -> Iterator[dict[str, Any]]:
    lines = _LineLengths(run)
    fallback = _fallbacks(run, fallback_uri)
    for result in sorted((r for r in run.results if r.status in REPORTED), key=Result.sort_key):
        seen: Counter[str] = Counter()
        for file, line, message in findings(result):
            message = clean(message or result.message).strip() or result.title or result.rule
            seen[message] += 1
            target = uri(file or result.artifact) or fallback.get(result.system, fallback[""])
            entry = _result(result, index, message, target, int(line or 1), lines)
            if prefix:
                _prefix(entry, prefix)
            if not uri(file or result.artifact):
                entry["properties"]["fallbackLocation"] = True
            # a root cause's message lists the rules it blocks, which change with the packs
            key = result.rule if result.blocks else message
            entry["partialFingerprints"] = {FINGERPRINT: fingerprint(result, key, seen[message])}
            yield entry


def _result(result: Result, index: Index, message: str, target: str, line: int,
            lengths: _LineLengths) -> dict[str, Any]:
    rule_id, rule_index = index[(result.pack, result.rule)]
    line = max(1, line)
    width = lengths.get(target, line)
    region = {"startLine": line, "startColumn": 1, "endLine": line, "endColumn": max(2, width + 1)}
    entry: dict[str, Any] = {
        "ruleId": rule_id,
        "ruleIndex": rule_index,
        "level": "error" if result.status is Status.ERROR else LEVELS[Severity(result.severity)],
        "kind": "fail",
        "message": {"text": message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": target, "uriBaseId": "%SRCROOT%"}, "region": region}}],
        "properties": {"system": clean(result.system or "."), "artifact": uri(result.artifact),
                       "status": str(result.status), "severity": str(result.severity),
                       "dimension": result.dimension, "discipline": result.discipline},
    }
    if result.blocks:
        entry["properties"]["blocks"] = list(result.blocks)
    if result.status is Status.WAIVED:
        entry["suppressions"] = [_suppression(result)]
    return entry


def _prefix(entry: dict[str, Any], prefix: str) -> None:
    """Make the result's URIs relative to the repository root, not the checked folder."""
    places = [loc["physicalLocation"] for loc in entry["locations"]]
    places += [s["location"]["physicalLocation"] for s in entry.get("suppressions", [])
               if "location" in s]
    for place in places:
        place["artifactLocation"]["uri"] = f"{prefix}/{place['artifactLocation']['uri']}"


def _suppression(result: Result) -> dict[str, Any]:
    # No "status"/"state": the OASIS committee schema names it "state", the 2.1.0
    # errata "status"; leaving it out is valid under both and reads as accepted.
    waiver = result.waiver
    if waiver is None:
        return {"kind": "external", "justification": "waived"}
    approvers = ", ".join(waiver.approved_by) or "-"
    text = (f"{waiver.reason}: {' '.join(clean(waiver.justification).split())} "
            f"(owner {waiver.owner}; approved by {approvers}; expires {waiver.expires})")
    entry: dict[str, Any] = {
        "kind": "external", "justification": text,
        "properties": {"waiver": waiver.id, "reason": waiver.reason, "owner": waiver.owner,
                       "approvedBy": list(waiver.approved_by), "expires": str(waiver.expires)},
    }
    if uri(waiver.source):
        entry["location"] = {"physicalLocation": {
            "artifactLocation": {"uri": uri(waiver.source), "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": max(1, int(waiver.line or 1))}}}
    return entry


def _invocation(run: RunResult, index: Index) -> dict[str, Any]:
    notes = [{"level": "error", "message": {"text": clean(e)}} for e in run.errors]
    notes += _blocked_notes(run, index)
    failed = bool(run.errors) or any(r.status is Status.ERROR for r in run.results)
    return {"executionSuccessful": not failed, "toolExecutionNotifications": notes}


def _blocked_notes(run: RunResult, index: Index) -> list[dict[str, Any]]:
    """One note per blocked rule and root cause: the rule did not run, and why."""
    systems: dict[tuple[str, str, str], list[str]] = {}
    for result in run.results:
        if result.status is Status.BLOCKED:
            key = (result.pack, result.rule, result.blocked_by)
            systems.setdefault(key, []).append(system_name(result.system))
    notes = []
    for (pack, rule, cause), names in sorted(systems.items()):
        rule_id, rule_index = index[(pack, rule)]
        where = f"system {names[0]}" if len(names) == 1 else \
            f"{len(names)} systems ({', '.join(sorted(names))})"
        if set(names) <= {NO_FILE, "."}:
            where = "the repository"
        notes.append({
            "level": "note",
            "message": {"text": clean(f"{rule_id} did not run in {where}: blocked by {cause}, "
                                      "a missing artifact (not a failure of its own)")},
            "associatedRule": {"id": rule_id, "index": rule_index},
            "properties": {"status": str(Status.BLOCKED), "blockedBy": cause},
        })
    return notes


def _fallbacks(run: RunResult, given: str) -> dict[str, str]:
    """Where a problem without a file points: its system's model card, else ``given``,
    else the first artifact of the run, else ``README.md``."""
    paths = [uri(a.path) for a in run.artifacts if uri(getattr(a, "path", ""))]
    out = {"": uri(given) or (paths[0] if paths else "README.md")}
    for artifact in run.artifacts:
        if getattr(artifact, "kind", "") == "model_card" and artifact.system not in out:
            out[artifact.system] = uri(artifact.path)
    return out


class _LineLengths:
    """Length of a line of a loaded artifact, for ``endColumn``; only the artifacts
    a result points into are split into lines."""

    def __init__(self, run: RunResult) -> None:
        self.texts = {uri(a.path): getattr(a, "text", "") or "" for a in run.artifacts}
        self.lines: dict[str, list[str]] = {}

    def get(self, target: str, line: int) -> int:
        """Length of 1-based ``line`` of ``target``; 1 when there is no such line."""
        lines = self.lines.get(target)
        if lines is None:
            lines = self.lines[target] = self.texts.get(target, "").splitlines()
        return len(lines[line - 1]) if 1 <= line <= len(lines) else 1

