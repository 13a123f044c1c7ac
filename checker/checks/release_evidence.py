"""``release_evidence``: the model card's declared release agrees with the other evidence.

Options: ``release`` (JMESPath to the declared release in the card), ``unpublished``
(release values under which no weights are published), ``licence`` (JMESPath to the
Hugging Face ``license``) with ``open_licences`` (licences under which weights are
handed out), ``gated`` (JMESPath to the Hugging Face ``gated`` flag),
``published_text`` (a regex for text saying the weights are published),
``weight_files`` (file name endings of model weights; a Git LFS pointer carries the
name of the file it stands for, so pointers count too) with ``not_in_repository``
(release values that weight files of the system in the repository contradict),
``hint`` (appended to each finding, e.g. the migration step).

Each disagreement is a finding naming both sides (file:line) and how to fix it.  A
release that is undeclared, or not one of the ``unpublished`` values, has nothing to
contradict here; requiring it is the business of the rule's other checks.
"""
from __future__ import annotations

import re
from typing import Any, Iterator

from checker.checks.base import FILES, SYSTEM, Context
from checker.model import Artifact, Finding
from checker.paths import compile_path, leading_keys, run
from checker.regexes import compile_limited

ID = "release_evidence"
DESCRIPTION = "the declared release agrees with the licence, gating, text and weight files"
DEPENDS_ON = frozenset({FILES, SYSTEM})  # the system's weight files in the tree
_LIST = {"type": "list", "schema": {"type": "string"}}
SCHEMA = {
    "release": {"type": "string", "required": True},
    "unpublished": {**_LIST, "required": True, "empty": False},
    "licence": {"type": "string"},
    "open_licences": _LIST,
    "gated": {"type": "string"},
    "published_text": {"type": "string"},
    "weight_files": _LIST,
    "not_in_repository": _LIST,
    "hint": {"type": "string"},
}


def compile(options: dict[str, Any]) -> dict[str, Any]:
    out = {**options, "_release": compile_path(options["release"]),
           "_release_keys": leading_keys(options["release"]),
           "_unpublished": {v.lower() for v in options["unpublished"]},
           "_open": {v.lower() for v in options.get("open_licences") or ()},
           "_endings": tuple("." + e.lower().lstrip(".")
                             for e in options.get("weight_files") or ()),
           "_in_repo": {v.lower() for v in options.get("not_in_repository") or ()}}
    for key in ("licence", "gated"):
        if options.get(key):
            out[f"_{key}"] = (compile_path(options[key]), leading_keys(options[key]))
    if options.get("published_text"):
        try:
            out["_text"] = compile_limited(options["published_text"], re.I)
        except re.error as exc:
            raise ValueError(f"invalid regex {options['published_text']!r}: {exc}") from None
    return out


def check(opts: dict[str, Any], artifact: Artifact, ctx: Context) -> Iterator[Finding]:
    release = run(opts["_release"], artifact.data)
    if not isinstance(release, str) or release.strip().lower() not in opts["_unpublished"]:
        return
    value = release.strip()
    hint = f" {opts['hint']}" if opts.get("hint") else ""
    for problem in _evidence(opts, artifact, ctx, value.lower()):
        declared = (f"risk_management.release: {value} "
                    f"({artifact.file}:{artifact.line(opts['_release_keys'])})")
        yield Finding(f"{problem[0]}, but {declared} says no weights are published; "
                      f"{problem[1]}{hint}", path=opts["_release_keys"])


Problem = tuple[str, str]  # (what the evidence says and where, how to fix the disagreement)


def _evidence(opts: dict[str, Any], artifact: Artifact, ctx: Context,
              release: str) -> Iterator[Problem]:
    """Each disagreement of the other evidence with a release that publishes no weights."""
    data = artifact.data if isinstance(artifact.data, dict) else {}
    for source in (_licence, _gated, _text):
        problem = source(opts, artifact, data)
        if problem:
            yield problem
    if release in opts["_in_repo"] and opts["_endings"]:
        files = _weight_files(opts["_endings"], ctx)
        if files:
            more = f" and {len(files) - 1} more" if len(files) > 1 else ""
            yield (f"weight files lie in the repository ({files[0]}{more})",
                   "whoever can read the repository holds the weights: declare open-weights if "
                   "it is public, or keep the weights in the model registry the serving config "
                   "loads from instead of the repository")


def _licence(opts: dict[str, Any], artifact: Artifact, data: dict[str, Any]) -> Problem | None:
    if "_licence" not in opts:
        return None
    path, keys = opts["_licence"]
    licences = run(path, data)
    named = [str(x) for x in (licences if isinstance(licences, list) else [licences])
             if isinstance(x, str) and x.strip().lower() in opts["_open"]]
    if not named:
        return None
    return (f"the Hugging Face front matter gives license: {named[0]} "
            f"({artifact.file}:{artifact.line(keys)}), a licence under which weights are "
            "handed out",
            "declare open-weights (or gated-weights) if the weights can be downloaded under "
            "that licence; if only the service is offered, set license to the service's terms "
            "(other, with license_name)")


def _gated(opts: dict[str, Any], artifact: Artifact, data: dict[str, Any]) -> Problem | None:
    if "_gated" not in opts:
        return None
    path, keys = opts["_gated"]
    gated = run(path, data)
    if gated is not True and not (isinstance(gated, str) and
                                  gated.strip().lower() in ("auto", "manual")):
        return None
    return (f"the Hugging Face front matter gives gated: {str(gated).lower()} "
            f"({artifact.file}:{artifact.line(keys)}): the weights are downloadable after "
            "access is granted",
            "declare gated-weights (or open-weights), or remove gated if the repository holds "
            "no weights")


def _text(opts: dict[str, Any], artifact: Artifact, data: dict[str, Any]) -> Problem | None:
    body = data.get("text")
    if "_text" not in opts or not isinstance(body, str):
        return None
    found = opts["_text"].search(body)
    if not found:
        return None
    line = artifact.line(("text",)) + body.count("\n", 0, found.start())
    return (f"the card's text says \"{found.group(0)}\" ({artifact.file}:{line})",
            "declare open-weights, gated-weights or finetune-api if the weights are published, "
            "or correct the text")


def _weight_files(endings: tuple[str, ...], ctx: Context) -> list[str]:
    """This system's weight files (under its folder, and the shared ones where it shares
    them), sorted."""
    return ctx.owned_files((ID, endings), lambda path: path.lower().endswith(endings))

