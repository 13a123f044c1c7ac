"""Raw evidence behind the numbers: a native eval report checked against the tool output it cites.

A native eval report (``schema: eval-report/v1``) may name the raw output it
summarises: ``source: {path, sha256}``, a promptfoo, garak, Inspect or lm-eval
file in the repository. When the report is loaded, the file is read through the
same file source (work tree or revision), its SHA-256 compared with the stated
one, and it is mapped by its adapter, which recomputes each metric from the
raw records (promptfoo cases; garak detector scores, else its eval counts; Inspect
per-sample scores, else its stated scores; lm-eval results). Each native result is matched to the raw result of the same ``id``
(or the one its ``source_result`` names) and its ``value`` and ``samples`` are
compared. What disagrees is kept on the artifact (``Artifact.evidence``, as
(message, path into the report)) for the ``raw_source`` check to report at the
report's own line. The problems are computed here, never read from the report,
so a report cannot vouch for itself.

This runs in loading, not in a check, because checks see parsed artifacts only
and the raw file may be no artifact of the run (excluded, or another system's).
"""
from __future__ import annotations

import dataclasses
import math
import posixpath
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Iterator

from checker.adapters.base import number
from checker.loaders.artifact import load_artifact
from checker.model import Artifact, LoadFailure
from checker.validation import sha256_hex, stated_sha256

NATIVE = ("eval-report/v1", "yaml", "json", "toml")  # a native report, marked or not
RAW_FORMATS = {"promptfoo": "promptfoo", "garak-jsonl": "garak", "inspect-ai": "Inspect",
               "lm-eval": "lm-eval"}
Problem = tuple[str, tuple[Any, ...]]  # what disagrees, and where in the report
Read = Callable[[str], bytes]  # repository path -> its bytes (OSError when it cannot)
SHOWN = 6  # raw result ids named when a result matches none


def whole_files(read: Callable[[str, int], bytes], max_bytes: int) -> Read:
    """``Context.read`` of a run: a file of its source (work tree, ``--rev`` or audit
    point) whole, through ``read(path, max_bytes)`` (which gives at most one byte more);
    OSError for a file larger than the cap, never a part of it (a hash of a part would
    describe another file)."""
    def read_whole(path: str) -> bytes:
        raw = read(path, max_bytes)
        if len(raw) > max_bytes:
            raise OSError(f"it is larger than the {max_bytes:,}-byte cap (max_file_bytes)")
        return raw
    return read_whole


def cites_source(item: Any) -> bool:
    """Whether ``item`` is a native eval report that names a raw source."""
    return isinstance(item, Artifact) and item.kind == "eval_report" \
        and item.format in NATIVE and isinstance(item.data, dict) and "source" in item.data


def verify(items: list[Any], read: Read, max_bytes: int) -> list[Any]:
    """``items`` with each native eval report that cites a source checked against it."""
    return [dataclasses.replace(item, evidence=tuple(problems(item, read, max_bytes)))
            if cites_source(item) else item for item in items]


def problems(report: Artifact, read: Read, max_bytes: int) -> Iterator[Problem]:
    """Everything in which ``report`` disagrees with the raw output it cites."""
    source = report.data["source"]
    path = source.get("path") if isinstance(source, dict) else None
    if not isinstance(path, str) or not path.strip():
        yield ("source: expected {path, sha256}: the repository path of the raw promptfoo, "
               "garak, Inspect or lm-eval output this report summarises, and its SHA-256",
               ("source",))
        return
    where = posixpath.normpath(path.strip())
    if posixpath.isabs(where) or where == ".." or where.startswith("../"):
        yield (f"source.path {path!r} is outside the repository; cite a file committed "
               "beside the report, by its path from the repository root", ("source", "path"))
        return
    stated = stated_sha256(source.get("sha256"))
    if stated is None:
        quoted = "" if isinstance(source.get("sha256"), str) else ", in quotes"
        yield ("source.sha256: expected the 64 hexadecimal digits of the raw file's SHA-256 "
               f"(sha256sum {where}){quoted}", ("source", "sha256"))
        return
    try:
        raw = read(where)
    except OSError as exc:
        yield (f"source file {where} cannot be read ({exc.strerror or exc}); commit the raw "
               "output the report summarises, or correct source.path", ("source", "path"))
        return
    if len(raw) > max_bytes:
        yield (f"source file {where} is larger than the {max_bytes:,}-byte cap "
               "(max_file_bytes), so its numbers cannot be checked", ("source", "path"))
        return
    actual = sha256_hex(raw)
    if actual != stated:
        yield (f"source file {where} has SHA-256 {actual}, not the one this report states: "
               "the raw output changed after the report was written (or the report cites "
               "another file); re-derive the numbers from it and update source.sha256",
               ("source", "sha256"))
        return
    adapted = _adapted(where, raw, max_bytes)
    if isinstance(adapted, str):
        yield (f"source file {where} {adapted}", ("source", "path"))
        return
    yield from compare(report.data.get("results"), adapted, where)


def _adapted(where: str, raw: bytes, max_bytes: int) -> Artifact | str:
    """The raw file mapped by its adapter, or why it cannot be."""
    loaded = load_artifact(where, "eval_report", raw, max_bytes=max_bytes)
    for item in loaded:
        if isinstance(item, Artifact) and item.format in RAW_FORMATS:
            return item
    failure = next((i for i in loaded if isinstance(i, LoadFailure)), None)
    if failure is not None:
        return f"cannot be read: {failure.message} (line {failure.line})"
    return "is not a promptfoo, garak, Inspect or lm-eval output, so it backs no number"


def compare(results: Any, raw: Artifact, where: str) -> Iterator[Problem]:
    """Each native result against the raw result it summarises (same id, or source_result)."""
    by_id = {str(r["id"]): r for r in raw.data.get("results") or []
             if isinstance(r, dict) and "id" in r}
    tool = RAW_FORMATS[raw.format]
    for index, result in enumerate(results if isinstance(results, list) else []):
        if not isinstance(result, dict):
            continue
        named = "source_result" in result
        ref = str(result.get("source_result") if named else result.get("id"))
        at: tuple[Any, ...] = ("results", index)
        match = by_id.get(ref)
        if match is None:
            known = ", ".join(sorted(by_id)[:SHOWN]) + (", ..." if len(by_id) > SHOWN else "")
            yield (f"result {result.get('id', index + 1)}: {where} has no {tool} result {ref!r} "
                   f"(it has: {known or 'none'}); set source_result to the one it summarises",
                   at + (("source_result",) if named else ("id",)))
            continue
        yield from _numbers(result, match, at, f"{where} ({tool} result {ref})")


def _numbers(result: dict[str, Any], raw: dict[str, Any], at: tuple[Any, ...],
             origin: str) -> Iterator[Problem]:
    name = result.get("id", at[-1])
    recomputed = raw.get("recomputed")
    if isinstance(recomputed, dict):  # per-sample scores beat the summary the file states
        raw = {**raw, **recomputed}
        origin += " recomputed from its per-sample scores"
    if "value" in result:
        stated, actual = number(result.get("value")), number(raw.get("value"))
        if actual is None:
            yield (f"result {name}: states value {result.get('value')!r}, but {origin} has no "
                   "value (nothing in it was graded)", at + ("value",))
        elif stated is None or not agrees(stated, actual):
            yield (f"result {name}: states value {result.get('value')!r}, but {origin} gives "
                   f"{actual:.6g}{_over(raw)}; correct the report or cite the run it comes from",
                   at + ("value",))
    if "samples" in result and raw.get("samples") is not None:
        stated, actual = number(result.get("samples")), number(raw.get("samples"))
        if stated != actual:
            yield (f"result {name}: states {result.get('samples')!r} samples, but {origin} has "
                   f"{actual:g}", at + ("samples",))


def _over(raw: dict[str, Any]) -> str:
    if raw.get("attacks_succeeded") is not None:
        return f" ({raw['attacks_succeeded']} of {raw.get('samples')} attacks succeeded)"
    return f" over {raw['samples']} samples" if raw.get("samples") is not None else ""


def agrees(stated: float, actual: float) -> bool:
    """Whether a stated number is the actual one, allowing rounding to the digits stated
    (0.041 agrees with 0.04125, 0.04 does not agree with 0.046)."""
    if math.isclose(stated, actual, rel_tol=1e-9, abs_tol=1e-12):
        return True
    try:
        exponent = Decimal(repr(stated)).as_tuple().exponent
    except (InvalidOperation, ValueError):
        return False
    if not isinstance(exponent, int) or exponent >= 0:
        return False  # a whole number was stated: it has to be exact
    return abs(actual - stated) <= 0.5 * 10.0 ** exponent + 1e-12
