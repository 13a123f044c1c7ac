"""Evaluate rules per system: artifacts in, one Result per (rule x artifact) out.

A result about the whole repository (a repository-wide file under a rule whose answer
does not depend on the system) is made once, with system ``*``.  A rule whose input
kind is missing is *blocked*; the missing kind becomes one failing root cause
(checker.causes).
"""
from __future__ import annotations

import datetime as dt
import traceback
from sys import intern
from dataclasses import replace
from typing import Any, Callable, Hashable, Iterable

from checker.adapters import serving
from checker.adapters.gaps import cannot_express, collapse
from checker.causes import blocked_message, cause_id, kind_names, settle
from checker.checks import SYSTEM, check_kinds, depends_on, watched_globs
from checker.checks.base import Context
from checker.conditions import Condition, Undecidable
from checker.errors import CheckerError, FindingError
from checker.globs import match_any
from checker.memory import gc_paused
from checker.model import RESULT_ORDER as _SORT_KEY
from checker.model import (REPO_WIDE_KINDS, REPOSITORY, Artifact, Finding, LoadFailure, Result,
                           Rule, Status)
from checker.waivers import apply_waiver

INTERNAL = "internal error"


def evaluate(rules: list[Rule], items: list[Any], systems: tuple[str, ...], *,
             settings: dict[str, Any], waivers: tuple[Any, ...] = (), as_of: dt.date | None = None,
             files: tuple[str, ...] = (),
             root: str = ".", history: Callable[[], Any] | None = None,
             read: Callable[[str], bytes] | None = None, only_paths: set[str] | None = None, cache: Any = None,
             all_systems: tuple[str, ...] | None = None,
             gone: frozenset[tuple[str, str]] = frozenset()) -> list[Result]:
    """``items`` are Artifacts and LoadFailures with ``system`` set (discover.assign_systems).

    With ``only_paths``, a rule is evaluated for a system only when one of its
    inputs (artifacts of the kinds it reads) is among those paths, or an artifact of
    such a kind was deleted from the system (``gone``: (system, kind) pairs, system
    ``"*"`` for repository-wide files).  ``all_systems`` names every system of the
    repository when only some are evaluated here.  ``read`` gives the bytes of a file
    of the checked tree (``Context.read``).
    """
    as_of = as_of or dt.date.today()
    results: list[Result] = []
    by_system = _by_system(items)
    shared = by_system.get("*", [])
    memo: dict[Hashable, Any] = {}  # run-wide answers of checks (see Context.once)
    every = tuple(all_systems or systems)
    # rules make results, not reference cycles: a collection would find nothing, and the
    # results live until the reports (frozen: later collections do not walk them again)
    with gc_paused(freeze=True):
        for system in systems:
            members = _merged(by_system.get(system, []), shared if system != "*" else [])
            # each gateway config with the native serving file as its fallback (adapters.serving)
            arts = serving.effective([i for i in members if isinstance(i, Artifact)])
            failed = [i for i in members if isinstance(i, LoadFailure)]
            ctx = Context(system=system, artifacts=arts, settings=settings, root=root,
                          as_of=as_of, files=files, history=history, read=read, memo=memo,
                          all_systems=every)
            for rule in rules:
                if only_paths is not None and not (_touched(rule, members, only_paths)
                                                   or _lost(rule, system, gone)
                                                   or _watches(rule, only_paths, settings)):
                    continue
                results.extend(_evaluate_rule(rule, arts, failed, ctx, cache))
        results = [apply_waiver(r, waivers, as_of) for r in results]
        return settle(sorted(results, key=_SORT_KEY), rules, waivers, as_of)


def _by_system(items: list[Any]) -> dict[str, list[tuple[int, Any]]]:
    """Items by system, each list in input order (one pass, not one per system)."""
    out: dict[str, list[tuple[int, Any]]] = {}
    for index, item in enumerate(items):
        out.setdefault(item.system, []).append((index, item))
    return out


def _merged(own: list[tuple[int, Any]], shared: list[tuple[int, Any]]) -> list[Any]:
    """A system's items and the shared ones, in input order (as one scan would give)."""
    return [item for _index, item in sorted(own + shared, key=lambda pair: pair[0])]


def rule_kinds(rule: Rule) -> set[str]:
    return set(rule.applies_to) | check_kinds(rule.check) | check_kinds(rule.when)


def watches_any(rules: list[Rule], paths: set[str], settings: dict[str, Any]) -> bool:
    """Some rule reads one of ``paths`` through history globs (so every system may be
    affected by a change to them)."""
    return any(_watches(rule, paths, settings) for rule in rules)


def _watches(rule: Rule, paths: set[str], settings: dict[str, Any]) -> bool:
    """A rule also reads the files that are not artifacts which its check watches
    (freshness ``after``)."""
    globs = watched_globs(rule.check, settings)
    return bool(globs) and any(match_any(p, globs) for p in paths)


def _touched(rule: Rule, members: list[Any], paths: set[str]) -> bool:
    kinds = rule_kinds(rule)
    return any(m.kind in kinds and m.path.split("#", 1)[0] in paths for m in members)


def _lost(rule: Rule, system: str, gone: frozenset[tuple[str, str]]) -> bool:
    """An input of the rule was deleted (or renamed away) from this system."""
    return bool(gone) and any(kind in rule_kinds(rule) and where in (system, "*")
                              for where, kind in gone)


def _evaluate_rule(rule: Rule, arts: list[Artifact], failed: list[LoadFailure],
                   ctx: Context, cache: Any = None) -> Iterable[Result]:
    kinds = rule.applies_to
    targets = ctx.system_artifacts(kinds[0]) if len(kinds) == 1 else \
        [a for a in arts if a.kind in kinds]  # (the same list: arts in order, of that kind)
    broken = [f for f in failed if f.kind in kinds] if failed else failed
    for failure in broken:
        yield _result(rule, ctx.system, failure.path, Status.ERROR,
                      [Finding(f"cannot read {failure.path}: {failure.message}",
                               line=failure.line)], failure.path)
    if not targets:
        if not broken:
            yield _missing(rule, ctx)
        return
    if rule.scope == "system":
        targets = targets[:1]
    for artifact in targets:  # the audit's cache reuses results of unchanged artifacts
        if artifact.system == REPOSITORY and _system_free(rule, ctx):
            yield _shared(rule, artifact, ctx, cache)
        elif cache is not None:
            yield cache.lookup(rule, artifact, ctx, _one)
        else:
            yield _one(rule, artifact, ctx)


def _system_free(rule: Rule, ctx: Context) -> bool:
    """The rule's answer is the same in every system: it reads no other artifact of the
    system (no ``kind``) and no check of it depends on the system."""
    return ctx.once("system-free", (rule,), lambda: not (
        check_kinds(rule.check) or check_kinds(rule.when) or SYSTEM in depends_on(rule.check)))


def _shared(rule: Rule, artifact: Artifact, ctx: Context, cache: Any = None) -> Result:
    """A repository-wide artifact under a system-free rule: evaluated once per run, about
    the repository (system ``*``); every system yields the same result, which
    :func:`settle` reports once."""
    def compute() -> Result:
        result = cache.lookup(rule, artifact, ctx, _one) if cache is not None else \
            _one(rule, artifact, ctx)
        return replace(result, system=REPOSITORY)
    result: Result = ctx.once("engine", (rule, artifact), compute)
    return result


def _missing(rule: Rule, ctx: Context) -> Result:
    if all(kind in REPO_WIDE_KINDS for kind in rule.applies_to) and _system_free(rule, ctx):
        shared: Result = ctx.once("missing", (rule,), lambda: replace(
            _blocked(rule, ctx, ""), system=REPOSITORY))
        return shared
    return _blocked(rule, ctx, "" if ctx.system in (".", "") else ctx.system)


def _blocked(rule: Rule, ctx: Context, system: str) -> Result:
    """The result of a rule none of whose kinds exists: blocked by the missing kind,
    unless its condition says it does not apply (or cannot tell)."""
    kinds = kind_names(rule.applies_to)
    _check, when = rule.compiled
    try:
        applies = when is None or _safe_holds(when, None, ctx)
    except Undecidable as exc:
        return _result(rule, ctx.system, "", Status.FAIL,
                       [Finding(f"cannot tell whether this rule applies: {exc}")], "")
    if not applies:
        return _result(rule, ctx.system, "", Status.NOT_APPLICABLE,
                       [Finding(_why(rule), not_applicable=True)], "")
    where = f" for system {system}" if system else ""
    if rule.missing == "not-applicable":
        return _result(rule, ctx.system, "", Status.NOT_APPLICABLE,
                       [Finding(f"no {kinds} found{where}")], "")
    cause = cause_id(rule.applies_to)
    message = blocked_message(f"no {kinds} found{where}", cause)
    return replace(_result(rule, ctx.system, "", Status.BLOCKED, [Finding(message)], ""),
                   blocked_by=cause)


def _why(rule: Rule) -> str:
    reason = (rule.when or {}).get("reason") if isinstance(rule.when, dict) else None
    return f"not applicable: {reason}" if reason else "not applicable: its condition does not hold"


def _safe_holds(cond: Condition, data: Any, ctx: Context) -> bool:
    try:
        return cond.holds(data, ctx, data, strict=True)
    except Undecidable:
        raise
    except Exception:
        return True  # evaluate the rule; a broken condition must not hide it


def _one(rule: Rule, artifact: Artifact, ctx: Context) -> Result:
    check, when = rule.compiled
    try:
        if when is not None and not when.holds(artifact.data, ctx, artifact.data, strict=True):
            return _result(rule, ctx.system, artifact.path, Status.NOT_APPLICABLE,
                           [Finding(_why(rule), not_applicable=True)], artifact.file, artifact)
        module, options = check  # (run_check, without a call)
        findings = list(module.check(options, artifact, ctx))
        # gaps of the format: one note, no failures; a served gateway config has a place
        # for them (its native fallback), so there a field stated nowhere fails
        if artifact.unsupported and not _reads_others(rule) \
                and not isinstance(artifact, serving.Served):
            findings = collapse(artifact, findings)
    except Undecidable as exc:
        return _result(rule, ctx.system, artifact.path, Status.FAIL,
                       [Finding(f"cannot tell whether this rule applies: {exc}",
                                path=tuple(str(exc.where).split(".")))], artifact.file, artifact)
    except CheckerError as exc:  # e.g. git history unavailable: cannot evaluate
        status = Status.FAIL if isinstance(exc, FindingError) else Status.ERROR
        return _result(rule, ctx.system, artifact.path, status,
                       [Finding(exc.message, line=exc.line)], artifact.file, artifact)
    except Exception as exc:  # a bug in a check: visible, never swallowed
        where = traceback.extract_tb(exc.__traceback__)[-1]
        message = (f"{INTERNAL} in check {rule.check.get('type')!r}: "
                   f"{type(exc).__name__}: {exc} (at {where.filename.rsplit('/', 1)[-1]}:"
                   f"{where.lineno}); please report it")
        return _result(rule, ctx.system, artifact.path, Status.ERROR, [Finding(message)],
                       artifact.file, artifact)
    if not findings:
        return _passed(rule, ctx.system, artifact)
    fails = [f for f in findings if not f.not_applicable]
    if fails:
        return _result(rule, ctx.system, artifact.path, Status.FAIL, fails, artifact.file, artifact)
    return _result(rule, ctx.system, artifact.path, Status.NOT_APPLICABLE, findings[:1],
                   artifact.file, artifact)


def _passed(rule: Rule, system: str, artifact: Artifact) -> Result:
    """``_result`` of a pass (no findings), built directly: most results are passes.  The
    passes of a rule share one message string (interned), so a ``--jobs`` worker pickles
    it once, not once per result."""
    return Result(rule.id, rule.pack, system, artifact.path, Status.PASS, rule.severity,
                  intern(f"{rule.title}: ok"), artifact.file, artifact.line(), rule.dimension,
                  rule.discipline, rule.title)


def _reads_others(rule: Rule) -> bool:
    """Whether a rule's check reads other artifacts of its own kinds: a field missing in
    this one may be stated in another, so it is no gap of this artifact's format.  (A rule
    that reads other kinds only, such as the threat model behind an eval result, still
    judges fields only this artifact could state.)"""
    return bool(check_kinds(rule.check) & set(rule.applies_to))


def _result(rule: Rule, system: str, artifact_path: str, status: Status, findings: list[Finding],
            file: str, artifact: Artifact | None = None) -> Result:
    located = tuple([_locate(f, file, artifact) for f in findings])
    first = located[0] if located else (file, artifact.line() if artifact else 1, "")
    message = first[2] if located else f"{rule.title}: ok"
    return Result(rule=rule.id, pack=rule.pack, system=system, artifact=artifact_path,
                  status=status, severity=rule.severity, message=message, file=first[0],
                  line=first[1], dimension=rule.dimension, discipline=rule.discipline,
                  title=rule.title, findings=located if status is not Status.PASS else ())


def _locate(finding: Finding, file: str, artifact: Artifact | None) -> tuple[str, int, str]:
    message = finding.message
    if artifact is not None and artifact.unsupported and finding.path:
        note = cannot_express(artifact, finding.path)
        message = f"{message} ({note})" if note else message
    target = finding.file if finding.file is not None else file
    if finding.line is not None:
        line = finding.line
    elif artifact is not None and target == file:
        target, line = serving.where(artifact, finding.path)
    else:
        line = 1
    return target, max(1, int(line)), message

