"""``evaluated_files``: the eval reports were run against the files the system holds now.

Options: ``paths`` (globs, or ``{setting: name, default: [...]}``: the safety-critical
files, e.g. serving and guardrail configs); ``hint`` (words appended to the finding of a
report that records nothing, e.g. the migration step that asks for the list).  A native eval report records the SHA-256
of each of those files as it was when the evaluation ran::

    evaluated:
      files:
        - {path: models/bot/serving/config.yaml, sha256: 3b1f...}   # sha256sum prints it

and each recorded hash is compared with the file's content at the checked revision (the
work tree, ``--rev``, an audit point, or what a pre-commit run is about to commit).
Content, not commit times: a rebase, a cherry-pick or a touched file changes no hash,
and a change reverted to the evaluated content is the evaluated file again.

A finding, at the report's line, for a safety-critical file of the system that changed
since (another hash), one the report does not list (added since, or not evaluated with),
a listed file that no longer exists, and an entry that is no ``{path, sha256}``.
A report all of whose results measured the bare model (``evaluated.target: model``)
depends on no deployment file and may leave ``evaluated`` out; every other native report
must record them, and at least one report of the system must.  The tool outputs
adapters read (promptfoo, garak, ...) cannot record anything: the native report that
cites them does.  An empty ``paths`` fails (it would switch the rule off); a system with
no file under ``paths`` and no recorded file is not applicable.  Each file is read and
hashed once per run (``Context.sha256``), whatever the number of systems and reports.
"""
from __future__ import annotations

import posixpath
from typing import Any, Iterator

from checker.checks.base import FILES, SYSTEM, Context
from checker.conditions import resolve
from checker.globs import match_any
from checker.model import Artifact, Finding
from checker.validation import stated_sha256

ID = "evaluated_files"
DESCRIPTION = "eval reports record the hashes of the safety-critical files, and they are current"
DEPENDS_ON = frozenset({FILES, SYSTEM})  # the contents of the system's files
_SETTING = {"type": "dict", "schema": {"setting": {"type": "string", "required": True},
                                       "default": {"nullable": True}}}
SCHEMA = {"paths": {"anyof": [{"type": "list", "schema": {"type": "string"}}, _SETTING],
                    "required": True},
          "hint": {"type": "string"}}
FIELD = ("evaluated", "files")
SHOWN = 12  # hex digits of a hash shown in a message


def compile(options: dict[str, Any]) -> tuple[Any, str]:
    return options["paths"], f" {options['hint']}" if options.get("hint") else ""


def check(options: tuple[Any, str], artifact: Artifact, ctx: Context) -> Iterator[Finding]:
    raw, hint = options
    where = f"settings.{raw['setting']}" if isinstance(raw, dict) else "the rule's paths"
    found = resolve(raw, ctx)
    globs = [g for g in ([found] if isinstance(found, str) else [str(g) for g in found or ()])
             if g.strip()]
    if not globs:
        yield Finding(f"{where} is empty, so no file is named whose change would make the "
                      "evaluations stale: list the serving, guardrail and prompt files (for "
                      "example \"models/*/serving/**\"); an empty list does not switch this "
                      "rule off")
        return
    critical = _critical(globs, ctx)
    reports = [a for a in ctx.system_artifacts(artifact.kind) if a.raw is a.data]
    recording = [r for r in reports if _recorded(r) is not None]
    if not critical and not recording:
        yield Finding(f"no file of this system matches {where}", not_applicable=True)
        return
    said = False
    for report in reports:
        for finding in _report(report, critical, where, hint, ctx):
            said = True
            yield finding
    if not recording and not said:
        named = " ".join(critical)
        yield Finding(f"no eval report of this system records the SHA-256 of the "
                      f"safety-critical files ({where}) it was run against: run the evaluation "
                      f"of the deployed system and record them in its report as "
                      f"evaluated.files: [{{path, sha256}}] (sha256sum {named}){hint}")


def _critical(globs: list[str], ctx: Context) -> list[str]:
    """This system's files matching ``globs`` (its own, and the shared ones where it shares
    them), sorted."""
    return ctx.owned_files((ID, tuple(globs)), lambda path: match_any(path, globs))


def _recorded(report: Artifact) -> Any:
    data = report.data if isinstance(report.data, dict) else {}
    evaluated = data.get(FIELD[0])
    return evaluated.get(FIELD[1]) if isinstance(evaluated, dict) else None


def _bare_model_only(report: Artifact) -> bool:
    """Every result of the report measured the bare model (``evaluated.target: model``)."""
    data = report.data if isinstance(report.data, dict) else {}
    results = data.get("results")
    return isinstance(results, list) and bool(results) and all(
        isinstance(r, dict) and isinstance(r.get("evaluated"), dict)
        and r["evaluated"].get("target") == "model" for r in results)


def _report(report: Artifact, critical: list[str], where: str, hint: str,
            ctx: Context) -> Iterator[Finding]:
    name = report.file
    listed = _recorded(report)
    if listed is None:
        if critical and not _bare_model_only(report):
            yield _at(report, FIELD[:1] if isinstance(report.data, dict) and FIELD[0] in
                      report.data else (),
                      f"{name} does not record which versions of the safety-critical files "
                      f"({where}) it was run against: add evaluated.files: [{{path, sha256}}] "
                      f"with the hash of each file as evaluated (sha256sum "
                      f"{' '.join(critical)}){hint}")
        return
    if not isinstance(listed, list):
        yield _at(report, FIELD, f"{name}: evaluated.files must be a list of {{path, sha256}} "
                                 f"entries, one per safety-critical file{hint}")
        return
    seen: set[str] = set()
    for index, entry in enumerate(listed):
        at = (*FIELD, index)
        path = entry.get("path") if isinstance(entry, dict) else None
        stated = stated_sha256(entry.get("sha256")) if isinstance(entry, dict) else None
        if isinstance(path, str) and path.strip():
            path = posixpath.normpath(path.strip())
            seen.add(path)
        if not isinstance(path, str) or not path.strip() or stated is None:
            quoted = "" if not isinstance(entry, dict) or isinstance(entry.get("sha256"), str) \
                else " (in quotes)"
            yield _at(report, at, f"{name}: evaluated.files entry {index + 1} must be {{path, "
                                  "sha256}: the file's path from the repository root and the "
                                  f"64 hexadecimal digits sha256sum prints for it{quoted}")
            continue
        yield from _compare(report, at, path, stated, ctx)
    for path in critical:
        if path not in seen:
            yield _at(report, FIELD,
                      f"{path} (matching {where}) is not among the files {name} records: "
                      f"it was added since the evaluation ran, or the evaluation did not use "
                      f"it; re-run the evaluation and record its hash (sha256sum {path})")


def _compare(report: Artifact, at: tuple[Any, ...], path: str, stated: str,
             ctx: Context) -> Iterator[Finding]:
    name = report.file
    if posixpath.isabs(path) or path == ".." or path.startswith("../"):
        yield _at(report, (*at, "path"),
                  f"{name} records {path!r}, which is no path inside the repository: give each "
                  "file by its path from the repository root")
        return
    if path not in _present(ctx):
        yield _at(report, (*at, "path"),
                  f"{path}, which {name} records as evaluated, no longer exists: the system "
                  "evaluated is not the one in the tree; re-run the evaluation and record the "
                  "current files")
        return
    try:
        actual = ctx.sha256(path)
    except OSError as exc:
        yield _at(report, (*at, "path"), f"{path} cannot be read to compare it with what "
                                         f"{name} records ({exc.strerror or exc})")
        return
    if actual != stated:
        yield _at(report, (*at, "sha256"),
                  f"{path} changed since {name} was run: its SHA-256 is now "
                  f"{actual[:SHOWN]}..., the report records {stated[:SHOWN]}...; re-run the "
                  f"evaluation against the current file and record its hash (sha256sum {path})")


def _present(ctx: Context) -> frozenset[str]:
    return ctx.once((ID, "present"), (ctx.files,), lambda: frozenset(ctx.files))


def _at(report: Artifact, path: tuple[Any, ...], message: str) -> Finding:
    """A finding at ``path`` in ``report`` (which may be another report than the one the
    system's result is filed under)."""
    return Finding(message, line=report.line(path), file=report.file)


def watched_globs(options: dict[str, Any], settings: dict[str, Any]) -> list[str]:
    """The globs of the files whose contents are compared (most are not artifacts)."""
    raw = options.get("paths")
    value = settings.get(raw["setting"], raw.get("default")) if isinstance(raw, dict) else raw
    return [value] if isinstance(value, str) else [str(v) for v in value or ()]
