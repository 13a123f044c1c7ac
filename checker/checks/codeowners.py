"""``codeowners``: every file matching the given globs has an owner in CODEOWNERS.

Options: ``paths`` (globs, or ``{setting: name}``).  CODEOWNERS lines are read as GitHub
reads them (docs/formats.md#codeowners): the last matching line wins; a pattern with no
``/`` but a trailing one matches at any depth, a leading or inner ``/`` anchors it at the
root; ``dir/`` and ``dir/**`` cover everything below, ``dir/*`` only the files directly in
``dir``.  Lines GitHub skips (``[ ]`` ranges, ``!`` negation, ``\\`` escapes, owners that
are not ``@user``, ``@org/team`` or an e-mail) give no owner and are named in the finding.
A glob that matches no file fails: it protects nothing.  ``owners`` (list of ``{name,
kind, path}``): the owners the system declares (read from its artifacts of ``kind``); then
every file of this system under the globs must be owned by all of them (normalized
``@name``), so a catch-all ``* @intern`` is no review by the declared owners.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Iterator

from checker.checks.base import FILES, Context
from checker.conditions import resolve
from checker.paths import compile_path, flatten, run
from checker.globs import Glob, check_glob, compile_glob, match_any
from checker.model import Artifact, Finding

ID = "codeowners"
DESCRIPTION = "files matching globs have owners in CODEOWNERS"
DEPENDS_ON = frozenset({FILES})
SCHEMA = {"paths": {"type": ["list", "dict"], "required": True},
          "owners": {"type": "list", "schema": {"type": "dict", "schema": {
              "name": {"type": "string", "required": True},
              "kind": {"type": "string", "required": True},
              "path": {"type": "string", "required": True}}}}}

# GitHub user and organisation names: letters, digits, inner hyphens; team slugs add . and _.
# Each pattern is linear: no two adjacent quantified parts can match the same character.
_OWNER = re.compile(r"@[A-Za-z0-9][A-Za-z0-9-]*(?:/[A-Za-z0-9][A-Za-z0-9._-]*)?"
                    r"|[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")


@dataclass(frozen=True)
class Compiled:
    paths: Any  # globs, or {setting: name}
    owners: tuple[tuple[str, str, Any], ...] = ()  # (name, kind, compiled path)


def compile(options: dict[str, Any]) -> Compiled:
    return Compiled(options["paths"], tuple((o["name"], o["kind"], compile_path(o["path"]))
                                            for o in options.get("owners") or ()))


def unsupported(pattern: str, owners: list[Any]) -> str | None:
    """Why GitHub skips this CODEOWNERS line, in words; None when it applies it."""
    if pattern.startswith("!"):
        return "'!' negation is not supported by GitHub"
    if "[" in pattern or "]" in pattern:
        return "character ranges '[ ]' are not supported by GitHub"
    if "\\" in pattern:
        return "'\\' escapes are not supported by GitHub"
    bad = [o for o in owners if not isinstance(o, str) or not _OWNER.fullmatch(o)]
    if bad:
        return f"owner {bad[0]!r} is not an @user, an @org/team or an e-mail address"
    return None


def owner_globs(pattern: str) -> list[str]:
    """The globs a supported CODEOWNERS pattern stands for (GitHub's reading of gitignore)."""
    anchored = "/" in pattern.rstrip("/")
    body = pattern.lstrip("/")
    if body.endswith("/"):
        body += "**"
    base = body if anchored else f"**/{body}"
    last = base.rsplit("/", 1)[-1]
    if last == "**" or "*" in last or "?" in last:
        return [base]  # `dir/*`: the files directly in dir; `*.md`: those files
    return [base, f"{base}/**"]  # a plain name: that file, or everything in that folder


@functools.lru_cache(maxsize=1024)
def _matchers(pattern: str) -> tuple[Glob, ...]:
    return tuple(compile_glob(g) for g in owner_globs(pattern))


def owners_of(path: str, entries: list[Any]) -> list[Any]:
    for entry in reversed(entries):  # the last matching line wins
        if unsupported(entry["pattern"], entry["owners"]) is None \
                and any(m.match(path) for m in _matchers(entry["pattern"])):
            owners: list[Any] = entry["owners"]
            return owners
    return []


def check(opts: Compiled, artifact: Artifact, ctx: Context) -> Iterator[Finding]:
    globs = resolve(opts.paths, ctx)
    if not isinstance(globs, list) or not globs:
        yield Finding(f"no paths to check (setting {opts.paths} is empty or not a list)")
        return
    # The same CODEOWNERS, file list and globs come back for every system of a
    # repository: answer once per run.
    yield from ctx.once((ID, tuple(map(str, globs))), (artifact, ctx.files),
                        lambda: list(_findings(globs, artifact, ctx.files)))
    if opts.owners:
        yield from _declared_owners(opts, globs, artifact, ctx)


def _norm(owner: Any) -> str:
    return str(owner).strip().lstrip("@").lower()


def _declared_owners(opts: Compiled, globs: list[Any], artifact: Artifact,
                     ctx: Context) -> Iterator[Finding]:
    """Every file of this system under ``globs`` is owned by every declared owner."""
    declared: dict[str, str] = {}
    for name, kind, path in opts.owners:
        for source in ctx.system_artifacts(kind):
            for value in flatten(run(path, source.data)):
                if isinstance(value, str) and value.strip():
                    declared.setdefault(_norm(value), f"{value} ({name})")
    if not declared:
        return  # a missing owner is the business of the rule's other checks
    entries = (artifact.data or {}).get("entries") or []
    by_owner = ctx.once((ID, "critical-by-owner", tuple(map(str, globs))), (ctx.files,),
                        lambda: _critical_by_owner([str(g) for g in globs], ctx))
    mine = [f for group in by_owner.values() for f in group] if ctx.system == "." \
        else by_owner.get(ctx.system, [])
    for path in sorted(mine):
        have = {_norm(o) for o in owners_of(path, entries)}
        missing = [shown for key, shown in sorted(declared.items()) if key not in have]
        if missing and have:
            yield Finding(f"{path} is safety-critical, but its CODEOWNERS owners "
                          f"({', '.join(sorted(have))}) do not include {', '.join(missing)}; "
                          "both declared owners must review changes to it")
            return  # one file says it; the others share the line


def _critical_by_owner(globs: list[str], ctx: Context) -> dict[str | None, list[str]]:
    """The files under ``globs``, grouped by the system that owns them: matched once per
    run, not once per system (400 systems x every file of the tree)."""
    groups: dict[str | None, list[str]] = {}
    for path in ctx.files:
        if match_any(path, globs):
            groups.setdefault(ctx.owner(path), []).append(path)
    return groups


def _findings(globs: list[Any], artifact: Artifact, all_files: Any) -> Iterator[Finding]:
    entries = (artifact.data or {}).get("entries") or []
    skipped = [(e, why) for e in entries if (why := unsupported(e["pattern"], e["owners"]))]
    for glob in globs:
        if (why := check_glob(str(glob))) is not None:
            yield Finding(f"safety-critical {why}")
            continue
        files = [f for f in all_files if match_any(f, [glob])]
        if not files:
            yield Finding(f"safety-critical glob {glob!r} matches no file, so it protects nothing")
            continue
        unowned = [f for f in files if not owners_of(f, entries)]
        if unowned:
            more = f" (and {len(unowned) - 1} more)" if len(unowned) > 1 else ""
            yield Finding(f"{unowned[0]}{more} matches safety-critical glob {glob!r} but has no "
                          f"owner in CODEOWNERS{_skipped_note(skipped)}")


def _skipped_note(skipped: list[tuple[Any, str]]) -> str:
    if not skipped:
        return ""
    entry, why = skipped[0]
    more = f" (and {len(skipped) - 1} more skipped lines)" if len(skipped) > 1 else ""
    return (f"; GitHub skips CODEOWNERS line {entry['line']} ({entry['pattern']!r}: {why}), "
            f"so it gives no owner{more}")
