"""``exists``: files are present (by glob), or the files an artifact points to exist.

Options: ``files`` (globs; at least one file must match each, or any one of them
with ``any: true``), relative to the repository or, with ``relative_to:
artifact``, to the artifact's folder; ``references`` (JMESPath to path strings
in the artifact that must name existing files, relative to its folder).
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Any, Iterator

from checker.checks.base import FILES
from checker.checks.common import compile_optional_path, simple_path, value_at
from checker.paths import flatten
from checker.globs import match_any
from checker.model import Artifact, Finding

ID = "exists"
DESCRIPTION = "files are present, or the paths an artifact references exist"
DEPENDS_ON = frozenset({FILES})
SCHEMA = {
    "files": {"type": "list", "schema": {"type": "string"}},
    "any": {"type": "boolean", "default": False},
    "relative_to": {"type": "string", "allowed": ["repository", "artifact"],
                    "default": "repository"},
    "references": {"type": "string"},
    "message": {"type": "string"},
}


@dataclass(frozen=True)
class Compiled:
    files: tuple[str, ...]
    any: bool
    relative_to: str
    message: str | None
    references: str | None  # as written (shown in messages)
    refs: Any  # compiled JMESPath, or None
    prefix: tuple[Any, ...]  # the data path of ``references`` (for lines)


def compile(options: dict[str, Any]) -> Compiled:
    if not options.get("files") and not options.get("references"):
        raise ValueError("exists needs 'files' or 'references'")
    return Compiled(tuple(options.get("files") or ()), options["any"], options["relative_to"],
                    options.get("message"), options.get("references"),
                    compile_optional_path(options.get("references")),
                    simple_path(options.get("references")) or ())


def _base(artifact: Artifact, relative_to: str) -> str:
    folder = posixpath.dirname(artifact.file)
    return folder if relative_to == "artifact" else ""


def check(opts: Compiled, artifact: Artifact, ctx: Any) -> Iterator[Finding]:
    files = ctx.files
    base = _base(artifact, opts.relative_to)
    globs = [posixpath.join(base, g) if base else g for g in opts.files]
    if globs:
        hits = [g for g in globs if any(match_any(f, [g]) for f in files)]
        if (opts.any and not hits) or (not opts.any and len(hits) < len(globs)):
            missing = globs if opts.any else [g for g in globs if g not in hits]
            yield Finding(opts.message or
                          f"expected a file matching {' or '.join(missing)}; found none")
    if opts.refs is not None:
        yield from _references(opts, artifact, set(files))


def _references(opts: Compiled, artifact: Artifact, files: set[str]) -> Iterator[Finding]:
    folder = posixpath.dirname(artifact.file)
    refs = flatten(value_at(opts.refs, artifact.data))
    if not refs:
        yield Finding(f"{opts.references} names no file (expected a relative path)",
                      path=opts.prefix)
    for ref in refs:
        target = posixpath.normpath(posixpath.join(folder, str(ref).split("#", 1)[0]))
        if target not in files:
            yield Finding(f"{opts.references} points to {ref!r}, but {target} does not exist",
                          path=opts.prefix)
