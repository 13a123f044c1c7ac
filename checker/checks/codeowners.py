"""``codeowners``: every file matching the given globs has an owner in CODEOWNERS.

Options: ``paths`` (globs, or ``{setting: name}``).  CODEOWNERS semantics: the
last matching pattern wins; a pattern with no ``/`` matches at any depth, a
leading ``/`` anchors it at the root, a trailing ``/`` means a folder.  A glob
that matches no file fails: it protects nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from checker.checks.base import FILES, Context
from checker.conditions import resolve
from checker.globs import match_any
from checker.model import Artifact, Finding

ID = "codeowners"
DESCRIPTION = "files matching globs have owners in CODEOWNERS"
DEPENDS_ON = frozenset({FILES})
SCHEMA = {"paths": {"type": ["list", "dict"], "required": True}}


@dataclass(frozen=True)
class Compiled:
    paths: Any  # globs, or {setting: name}


def compile(options: dict[str, Any]) -> Compiled:
    return Compiled(options["paths"])


def owner_globs(pattern: str) -> list[str]:
    """The globs of one CODEOWNERS pattern (gitignore-style)."""
    anchored = "/" in pattern.rstrip("/")
    body = pattern.lstrip("/")
    if body.endswith("/"):
        body += "**"
    base = body if anchored else f"**/{body}"
    return [base, f"{base}/**"]


def owners_of(path: str, entries: list[Any]) -> list[Any]:
    for entry in reversed(entries):  # the last matching pattern wins
        if match_any(path, owner_globs(entry["pattern"])):
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


def _findings(globs: list[Any], artifact: Artifact, all_files: Any) -> Iterator[Finding]:
    entries = (artifact.data or {}).get("entries") or []
    for glob in globs:
        files = [f for f in all_files if match_any(f, [glob])]
        if not files:
            yield Finding(f"safety-critical glob {glob!r} matches no file, so it protects nothing")
            continue
        unowned = [f for f in files if not owners_of(f, entries)]
        if unowned:
            more = f" (and {len(unowned) - 1} more)" if len(unowned) > 1 else ""
            yield Finding(f"{unowned[0]}{more} matches safety-critical glob {glob!r} but has no "
                          "owner in CODEOWNERS")
