"""``signoff``: the last commit changing an artifact carries the reviewers' trailers.

Options: ``trailers`` (trailer keys that must all be present with a value on the
last commit that changed the file, e.g. ``Safety-Reviewed-by`` and
``Security-Reviewed-by``; git's own trailer parsing, keys case-insensitive);
``distinct`` (the trailers must name different people); ``reviewers`` and
``owners`` (JMESPaths into the artifact: when every owner is named among the
reviewers, e.g. ``reviewed.by`` names both ``owners.safety`` and
``owners.security``, the artifact is signed off without trailers); ``match_owners``
(with ``owners``: the n-th trailer must name an n-th owner, so "Safety-Reviewed-by:
nobody" is no sign-off).  With ``distinct`` and ``owners``, the owners themselves must
be different people: one person cannot hold both roles.

A file that was never committed has no sign-off yet and fails.  Trailers are read
from the commit that made the change, not from a merge commit (checker.git.repo).  A
file whose last change lies beyond the history read (``settings.history_depth``,
checker.git.history) fails with a note saying so.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from checker.checks.base import GIT
from checker.checks.common import compile_optional_path, value_at
from checker.git.history import HISTORY_DEPTH, beyond_note, history_depth
from checker.paths import flatten
from checker.model import Artifact, Finding

ID = "signoff"
DESCRIPTION = "the last commit changing an artifact carries the given review trailers"
DEPENDS_ON = frozenset({GIT})
SCHEMA = {
    "trailers": {"type": "list", "required": True, "empty": False,
                 "schema": {"type": "string", "regex": r"[A-Za-z0-9][A-Za-z0-9-]*"}},
    "distinct": {"type": "boolean", "default": False},
    "reviewers": {"type": "string"},
    "owners": {"type": "list", "schema": {"type": "string"}},
    "match_owners": {"type": "boolean", "default": False},
}


@dataclass(frozen=True)
class Compiled:
    trailers: tuple[str, ...]
    distinct: bool
    reviewers_path: str | None  # as written (shown in messages)
    reviewers: Any  # compiled JMESPath, or None
    owners: tuple[Any, ...]  # compiled JMESPaths
    owner_paths: tuple[str, ...] = ()  # as written (shown in messages)
    match_owners: bool = False


def compile(options: dict[str, Any]) -> Compiled:
    if bool(options.get("reviewers")) != bool(options.get("owners")):
        raise ValueError("signoff needs both 'reviewers' and 'owners', or neither")
    return Compiled(tuple(options["trailers"]), options["distinct"], options.get("reviewers"),
                    compile_optional_path(options.get("reviewers")),
                    tuple(compile_optional_path(o) for o in options.get("owners") or ()),
                    tuple(options.get("owners") or ()), options["match_owners"])


def _norm(name: Any) -> str:
    return str(name).strip().lstrip("@").lower()


def reviewed_in_file(opts: Compiled, artifact: Artifact) -> bool:
    if opts.reviewers is None:
        return False
    reviewers = {_norm(r) for r in flatten(value_at(opts.reviewers, artifact.data)) if r}
    owners = [flatten(value_at(o, artifact.data)) for o in opts.owners]
    return bool(reviewers) and all(o and all(_norm(x) in reviewers for x in o) for o in owners)


def check(opts: Compiled, artifact: Artifact, ctx: Any) -> Iterator[Finding]:
    owners = [{_norm(x) for x in flatten(value_at(o, artifact.data)) if x} for o in opts.owners]
    if opts.distinct and len(owners) > 1 and all(owners) and \
            len(set().union(*owners)) < sum(len(o) for o in owners):
        yield Finding(f"the owners {', '.join(opts.owner_paths)} name the same person; each role "
                      "needs its own owner", path=tuple(opts.owner_paths[0].split(".")))
        return
    if reviewed_in_file(opts, artifact):
        return
    depth = history_depth(ctx.setting(HISTORY_DEPTH))
    commit = ctx.git.last_commit(artifact.file, depth)
    keys = opts.trailers
    if commit is None and ctx.git.beyond(artifact.file, depth):
        yield Finding(f"cannot check the sign-off of {artifact.file}: "
                      f"{beyond_note(ctx.git.window(depth))}")
        return
    if commit is None:
        yield Finding(f"{artifact.file} is not committed yet, so no commit carries the sign-off "
                      f"trailers {', '.join(k + ':' for k in keys)}")
        return
    found = {k: [v for v in commit.trailer_values(k) if v] for k in keys}
    missing = [k for k in keys if not found[k]]
    where = f"the last commit changing {artifact.file} ({commit.sha[:12]} {commit.summary!r}, " \
            f"{commit.date.date()})"
    alt = f"; or name every owner in {opts.reviewers_path}" if opts.reviewers_path else ""
    if missing:
        yield Finding(f"{where} lacks the trailer(s) {', '.join(k + ':' for k in missing)}{alt}")
    elif opts.match_owners and owners and any(
            not owners[i] or not {_norm(v) for v in found[k]} & owners[i]
            for i, k in enumerate(keys[:len(owners)])):
        named = "; ".join(f"{k}: {', '.join(found[k])}" for k in keys)
        yield Finding(f"{where} has trailers that do not name the declared owners ({named}); "
                      f"expected {' and '.join(opts.owner_paths)}{alt}")
    elif opts.distinct and len({_norm(found[k][0]) for k in keys}) < len(keys):
        yield Finding(f"{where} is signed off by the same person under "
                      f"{', '.join(k + ':' for k in keys)}; each role needs its own reviewer{alt}")
