"""The baseline: a repository's known failures, recorded once, so that only new ones gate.

``check --write-baseline FILE`` records every failure of a whole-tree run by a fingerprint
that survives edits elsewhere in a file: the rule, the system, the file and the finding's
words with line numbers, dates, commit ids and measurements taken out (``finding_key``).
``check --baseline FILE`` turns each failure found in FILE into ``waived`` with a waiver
whose reason is ``baselined`` (so every report shows it, and it does not fail the gate); a
result with some findings outside the baseline stays a failure listing only those.  Entries
with no failure left are reported as fixed, and FILE is never rewritten by ``--baseline``: a
CI run does not write into the repository.

Under ``--config-from REF`` the baseline is part of the gate and is read from REF, like the
waivers: a change that adds its own failures to the baseline does not hide them.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import replace

from checker.errors import ConfigError, UsageError
from checker.files import write_atomic
from checker.git.repo import open_repo
from checker.model import Result, RunResult, Status, Waiver
from checker.run.config import root_relative
from checker.run.options import RunOptions

FORMAT = 1
Key = tuple[str, str, str, str]  # rule, system, file, finding
_LINE_WORDS = re.compile(r"(?i)\blines?\s+\d+\b")
_FILE_LINE = re.compile(r"(\.[A-Za-z0-9_-]+):\d+\b")
_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ][\d:.+Z-]+)?\b")
_COMMIT = re.compile(r"\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,64}\b")
_NUMBER = re.compile(r"(?<![\w.-])\d+(?:\.\d+)?(?![\w-])")
GATE_PACK = "safesec-gate"  # CONFIG-1, the gate's own rule: never baselined
_FIELDS = ("rule", "system", "file", "finding")


def finding_key(message: str) -> str:
    """A finding's words, without what moves while the problem stays: line numbers ("line
    12", "file.yaml:12"), dates, commit ids and measurements ("95 days old", "value 0.15").
    Identifiers keep their digits (``RT-1``, ``LLM01:2025``)."""
    text = _FILE_LINE.sub(r"\1", _LINE_WORDS.sub("line", message))
    text = _NUMBER.sub("#", _COMMIT.sub("<commit>", _DATE.sub("<date>", text)))
    return " ".join(text.split())


def keys_of(result: Result) -> list[Key]:
    """One key per finding of a result (its own file and message when it has none)."""
    found = result.findings or ((result.file, result.line, result.message),)
    return [(result.rule, result.system, file, finding_key(message))
            for file, _line, message in found]


def with_baseline(run: RunResult, opts: RunOptions) -> tuple[RunResult, list[str]]:
    """``run`` with the baseline applied, and the lines that tell the user about it."""
    if opts.write_baseline and opts.baseline:
        raise UsageError("--baseline and --write-baseline cannot be used together: write the "
                         "baseline in one run, then check against it")
    if opts.write_baseline:
        if opts.files is not None or opts.changed_since:
            raise UsageError("--write-baseline needs a whole-tree run: it would forget the "
                             "failures outside --files or --changed-since")
        keys = [k for r in run.results if r.status is Status.FAIL and r.pack != GATE_PACK
                for k in keys_of(r)]
        write_atomic(opts.write_baseline, render(keys))
        applied, counts = apply(run, Counter(keys), opts.write_baseline)
        return applied, [f"baseline {opts.write_baseline}: recorded {len(keys)} finding"
                         f"{_s(len(keys))} of {counts[0]} failing result{_s(counts[0])}; "
                         f"commit it and check with --baseline {opts.write_baseline}"]
    if not opts.baseline:
        return run, []
    name = opts.baseline
    if opts.base_ref:
        at_base = read_at(opts)
        if at_base is None:
            return run, [f"baseline {name} does not exist at {opts.base_ref}: no failure is "
                         "baselined (the baseline is read from the base, like the waivers)"]
        baseline, source = at_base, f"{name} as of {opts.base_ref}"
    else:
        baseline, source = read_file(name), name
    applied, (hidden, fixed) = apply(run, baseline, name)
    notes = [f"baseline {source}: {hidden} failing result{_s(hidden)} baselined (not gating)"]
    if fixed:
        notes.append(f"{fixed} baselined finding{_s(fixed)} {'is' if fixed == 1 else 'are'} "
                     f"fixed: remove {'it' if fixed == 1 else 'them'} with "
                     f"`safesec check --write-baseline {name}` and commit the file")
    return applied, notes


def apply(run: RunResult, baseline: Counter[Key], name: str
          ) -> tuple[RunResult, tuple[int, int]]:
    """(the run with baselined failures waived, (results baselined, entries fixed))."""
    left = Counter(baseline)
    out: list[Result] = []
    hidden = 0
    for result in run.results:
        if result.status is not Status.FAIL or result.pack == GATE_PACK:
            out.append(result)
            continue
        keys = keys_of(result)
        new = []
        for index, key in enumerate(keys):
            if left[key] > 0:
                left[key] -= 1
            else:
                new.append(index)
        if not new:
            hidden += 1
            out.append(_baselined(result, name))
        elif len(new) < len(keys) and result.findings:
            kept = tuple(result.findings[i] for i in new)
            out.append(replace(result, findings=kept, file=kept[0][0], line=kept[0][1],
                               message=f"{kept[0][2]} ({len(keys) - len(kept)} more "
                                       f"finding{_s(len(keys) - len(kept))} in the baseline)"))
        else:
            out.append(result)
    evaluated = {(r.rule, r.system) for r in run.results}
    fixed = sum(n for key, n in left.items() if n > 0 and key[:2] in evaluated)
    results = tuple(sorted(out, key=Result.sort_key))
    return replace(run, results=results), (hidden, fixed)


def _baselined(result: Result, name: str) -> Result:
    marker = Waiver(id="baseline", rule=result.rule, path=result.file or result.system,
                    reason="baselined", justification=f"recorded in the baseline {name}",
                    owner="-", approved_by=(), expires="none", source=name, line=1)
    return replace(result, status=Status.WAIVED, waiver=marker,
                   message=f"baselined in {name}: {result.message}")


def render(keys: list[Key]) -> str:
    """The baseline file: sorted JSON, one entry per distinct finding (with its count)."""
    counts = Counter(keys)
    entries = []
    for key in sorted(counts):
        entry: dict[str, object] = dict(zip(_FIELDS, key))
        if counts[key] > 1:
            entry["count"] = counts[key]
        entries.append(entry)
    document = {"safesec_baseline": FORMAT, "failures": entries}
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def parse(raw: bytes, name: str) -> Counter[Key]:
    """The entries of a baseline file; a malformed one is an error naming file:line."""
    try:
        document = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError("is not UTF-8 text (expected a baseline written by "
                          "--write-baseline)", file=name) from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"invalid JSON: {exc.msg}", file=name, line=exc.lineno) from None
    if not isinstance(document, dict) or document.get("safesec_baseline") != FORMAT \
            or not isinstance(document.get("failures"), list):
        raise ConfigError(f"is not a safesec baseline (expected {{\"safesec_baseline\": "
                          f"{FORMAT}, \"failures\": [...]}}, as --write-baseline writes)",
                          file=name, line=1)
    out: Counter[Key] = Counter()
    for index, entry in enumerate(document["failures"]):
        count = entry.get("count", 1) if isinstance(entry, dict) else None
        if not isinstance(entry, dict) or not all(isinstance(entry.get(f), str) for f in _FIELDS) \
                or not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise ConfigError(f"failures[{index}]: expected rule, system, file and finding "
                              "(text) and an optional count of at least 1", file=name)
        out[(entry["rule"], entry["system"], entry["file"], entry["finding"])] += count
    return out


def read_file(name: str) -> Counter[Key]:
    try:
        with open(name, "rb") as handle:
            return parse(handle.read(), name)
    except OSError as exc:
        raise UsageError(f"cannot read the baseline: {exc.strerror}", file=name) from None


def read_at(opts: RunOptions) -> Counter[Key] | None:
    """The baseline as committed at the base revision (none there: an empty baseline)."""
    name, ref = str(opts.baseline), str(opts.base_ref)
    rel = root_relative(name, opts.root)
    if rel is None:
        raise UsageError(f"--baseline {name} is outside {opts.root}, so it cannot be read "
                         f"from {ref}")
    repo = open_repo(opts.root)
    entry = repo.list_tree(ref).get(rel)
    if entry is None:
        return None
    return parse(repo.read_object(entry.blob), f"{ref}:{rel}")


def _s(count: int) -> str:
    return "" if count == 1 else "s"

