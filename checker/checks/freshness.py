"""``freshness``: an artifact changed recently enough (git history, or a date in it).

Options:
``max_age_days`` (integer or ``{setting: name, default: N}``): the artifact's date
is at most this many days before the run's ``as_of`` date.  The date is the value
at ``date`` (JMESPath, e.g. ``date`` or ``reviewed.date``) when given and present,
else the committer date of the last commit that changed the file (``fallback:
git``; with ``fallback: fail`` a missing date fails).
``after`` (globs, or ``{setting: safety_critical_paths, default: [...]}``): the
last commit changing the artifact is not older than the newest commit changing any
file matching those globs ("after" means not older).  With ``across: system`` the
newest commit of *any* artifact of the same kind in the system counts (the newest
eval report, not every eval report; the built-in INT-9 compares content hashes instead,
see ``evaluated_files``).  Only watched files of the artifact's own system
count: a file under another system's folder never makes this one stale.

A file never committed counts as changed now (it is what the next commit will
hold), and so does a file of a pre-commit run (``--files``) that differs from HEAD
(``RevHistory.pending``): a staged safety-critical change fails ``after`` before the commit,
as it will after it.  A merge's changes are dated by the commits that made them (checker.git.repo).
The history read is bounded by ``settings.history_depth`` (checker.git.history): a
committed file whose last change lies beyond it fails with a note, never counts as new.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterator

from checker.checks.base import DATE, GIT, SYSTEM, Context
from checker.checks.common import compile_optional_path, simple_path, value_at
from checker.conditions import resolve
from checker.git.history import HISTORY_DEPTH, beyond_note, history_depth
from checker.globs import match_any
from checker.model import Artifact, Finding
from checker.validation import parse_date

ID = "freshness"
# A date later than the check date by more than this (clocks and time zones differ a
# little) is provably false evidence of freshness: it fails instead of passing forever.
CLOCK_SKEW_DAYS = 1
DESCRIPTION = "an artifact changed within N days, or after the files it depends on"
DEPENDS_ON = frozenset({DATE, GIT, SYSTEM})  # SYSTEM: the files it owns; ``across: system``
_SETTING = {"type": "dict", "schema": {"setting": {"type": "string", "required": True},
                                       "default": {"nullable": True}}}
SCHEMA = {
    "max_age_days": {"anyof": [{"type": "integer", "min": 0}, _SETTING]},
    "date": {"type": "string"},
    "fallback": {"type": "string", "allowed": ["git", "fail"], "default": "git"},
    "after": {"anyof": [{"type": "list", "schema": {"type": "string"}}, _SETTING]},
    "across": {"type": "string", "allowed": ["artifact", "system"], "default": "artifact"},
}


@dataclass(frozen=True)
class Compiled:
    max_age_days: Any  # a whole number, {setting: name, default: N}, or None
    date: str | None  # as written (shown in messages)
    date_path: Any  # compiled JMESPath, or None
    date_blame: tuple[Any, ...]  # the data path of ``date`` (for lines)
    fallback: str
    after: Any  # globs, {setting: name, default: [...]}, or None
    across: str


def compile(options: dict[str, Any]) -> Compiled:
    if options.get("max_age_days") is None and options.get("after") is None:
        raise ValueError("freshness needs 'max_age_days' or 'after'")
    return Compiled(options.get("max_age_days"), options.get("date"),
                    compile_optional_path(options.get("date")),
                    simple_path(options.get("date")) or (), options["fallback"],
                    options.get("after"), options["across"])


def check(opts: Compiled, artifact: Artifact, ctx: Context) -> Iterator[Finding]:
    if opts.max_age_days is not None:
        yield from check_age(opts, artifact, ctx)
    if opts.after is not None:
        yield from _after(opts, artifact, ctx)


def limit_days(opts: Compiled, ctx: Context) -> tuple[int, str]:
    raw = opts.max_age_days
    where = f" (settings.{raw['setting']})" if isinstance(raw, dict) else ""
    value = resolve(raw, ctx)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"max_age_days{where} must be a whole number of days, found {value!r}")
    return value, where


def artifact_date(opts: Compiled, artifact: Artifact,
                  ctx: Context) -> tuple[dt.date | None, str, tuple[Any, ...]]:
    """The date that counts, a phrase saying where it came from, and the data path to blame."""
    if opts.date_path is not None:
        found = parse_date(value_at(opts.date_path, artifact.data))
        if found is not None:
            return found, f"its {opts.date} is {found}", opts.date_blame
        if opts.fallback == "fail":
            return None, f"it has no date at {opts.date}", ()
    depth = history_depth(ctx.setting(HISTORY_DEPTH))
    commit = ctx.git.last_commit(artifact.file, depth)
    if commit is None:
        if ctx.git.beyond(artifact.file, depth):
            return None, beyond_note(ctx.git.window(depth)), ()
        return ctx.as_of, "it is not committed yet", ()
    when = commit.date.date()
    return when, f"it last changed on {when} in commit {commit.sha[:12]}", ()


def check_age(opts: Compiled, artifact: Artifact, ctx: Context) -> Iterator[Finding]:
    days, where = limit_days(opts, ctx)
    when, origin, blame = artifact_date(opts, artifact, ctx)
    if when is None:
        yield Finding(f"cannot tell how old {artifact.file} is: {origin}")
        return
    age = (ctx.as_of - when).days
    if age < -CLOCK_SKEW_DAYS:
        yield Finding(f"{artifact.file} is dated {when} ({origin}), after the check date "
                      f"{ctx.as_of}: a future date cannot show freshness (allowed clock skew: "
                      f"{CLOCK_SKEW_DAYS} day)", path=blame)
    elif age > days:
        yield Finding(f"{artifact.file} is {age} days old ({origin}); the limit is {days} days"
                      f"{where}", path=blame)


def _globs(opts: Compiled, ctx: Context) -> tuple[list[str], str]:
    raw = opts.after
    where = f"settings.{raw['setting']}" if isinstance(raw, dict) else "the rule's paths"
    value = resolve(raw, ctx) or []
    return ([value] if isinstance(value, str) else [str(v) for v in value]), where


def _after(opts: Compiled, artifact: Artifact, ctx: Context) -> Iterator[Finding]:
    globs, where = _globs(opts, ctx)
    history = ctx.git
    depth = history_depth(ctx.setting(HISTORY_DEPTH))
    paths = history.paths(depth)
    inputs = [a.file for a in ctx.system_artifacts(artifact.kind)] \
        if opts.across == "system" else [artifact.file]
    pending = history.pending()
    if any(p in pending for p in inputs):
        return  # an input the next commit changes is the newest
    missing = [p for p in inputs if p not in paths]
    if any(not history.beyond(p, depth) for p in missing):
        return  # an uncommitted input is newer than every commit
    what = f"the newest {artifact.kind}" if opts.across == "system" else artifact.file
    staged = sorted(p for p in pending if p not in inputs and match_any(p, globs) and (
        ctx.owner(p) == ctx.system or (ctx.owner(p) is None and ctx.owns_shared())))
    if staged and len(missing) < len(inputs):  # pre-commit: judged as CI will judge it
        mine = max((paths[p] for p in inputs if p in paths), key=lambda c: (c.time, -c.seq))
        yield Finding(f"{staged[0]} (matching {where}) is changed in the commit being made, "
                      f"but {what} was last committed on {mine.date.date()} "
                      f"({mine.sha[:12]}): once committed, this rule fails; re-run the "
                      "evaluation and commit its report with the change")
        return
    newest, path = next(((c, p) for c, p in _critical_owned(paths, globs, ctx)
                         if p not in inputs), (None, None))
    if len(missing) == len(inputs):  # every input changed before the history read
        note = beyond_note(history.window(depth))
        yield Finding(f"{what} changed before {path} (matching {where}) changed on "
                      f"{newest.date.date()} ({newest.sha[:12]} {newest.summary!r}): {note}"
                      if newest is not None else
                      f"cannot tell whether {what} changed after the files matching {where}: "
                      f"{note}")
        return
    mine = max((paths[p] for p in inputs if p in paths), key=lambda c: (c.time, -c.seq))
    if newest is None:
        return
    if newest.newer_than(mine):
        yield Finding(f"{what} was last committed on {mine.date.date()} ({mine.sha[:12]}), "
                      f"before {path} (matching {where}) changed on {newest.date.date()} "
                      f"({newest.sha[:12]} {newest.summary!r}); re-run and commit it after the "
                      "change")


def _critical_owned(paths: dict[str, Any], globs: list[str], ctx: Context) -> list[tuple[Any, str]]:
    """``_critical`` narrowed to the paths this system owns (its own and, where it
    shares them, the shared ones), still newest first: grouped by owner once per run,
    so 800 systems do not each scan every safety-critical path."""
    def by_owner() -> dict[str | None, list[tuple[int, Any, str]]]:
        groups: dict[str | None, list[tuple[int, Any, str]]] = {}
        for rank, (commit, path) in enumerate(_critical(paths, globs, ctx)):
            groups.setdefault(ctx.owner(path), []).append((rank, commit, path))
        return groups

    groups = ctx.once((ID, "by-owner", tuple(globs)), (paths,), by_owner)
    mine = groups.get(ctx.system, [])
    if ctx.owns_shared() and None in groups:
        mine = sorted(mine + groups[None], key=lambda found: found[0])
    return [(commit, path) for _rank, commit, path in mine]


def _critical(paths: dict[str, Any], globs: list[str], ctx: Context) -> list[tuple[Any, str]]:
    """(commit, path) of every path matching ``globs``, newest first (ties in history
    order, as ``max`` would pick them); matched once per run, not once per system."""
    return ctx.once((ID, tuple(globs)), (paths,), lambda: sorted(
        ((c, p) for p, c in paths.items() if match_any(p, globs)),
        key=lambda cp: (cp[0].time, -cp[0].seq), reverse=True))


def watched_globs(options: dict[str, Any], settings: dict[str, Any]) -> list[str]:
    """The globs ``after`` watches (files that are not artifacts)."""
    raw = options.get("after")
    value = settings.get(raw["setting"], raw.get("default")) if isinstance(raw, dict) else raw
    return [value] if isinstance(value, str) else [str(v) for v in value or ()]
