"""Parse a discovered file into Artifacts; a file that cannot be read becomes a LoadFailure.

The reader is chosen by file name (``checker.loaders.parser_for``); an adapter may
then map an external format (Threat Dragon, promptfoo, ...) onto the native model.
"""
from __future__ import annotations

import hashlib
import posixpath
import re
from typing import Any

from checker import adapters
from checker.errors import LoadError
from checker.loaders import LOADERS, eval_zip, markdown, parser_for, text, values
from checker.loaders.base import DataPath, Locate
from checker.model import Artifact, LoadFailure

HF_MODEL_KEYS = ("model-index", "base_model", "pipeline_tag", "library_name", "license",
                 "language", "tags", "datasets", "metrics", "model_name", "risk_management")
# Front matter of a dataset card or a Space README, which are not model cards.
HF_OTHER_KEYS = ("task_categories", "size_categories", "pretty_name", "configs", "dataset_info",
                 "sdk", "app_file")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
STRUCTURED_KINDS = ("threat_model", "eval_report", "config", "ai_bom")


def load_artifact(relpath: str, kind: str, raw: bytes, *, max_bytes: int = text.DEFAULT_MAX_BYTES,
                  blob: str = "", sections: bool = True) -> list[Artifact | LoadFailure]:
    """Load one file; returns [] when content shows it is not of ``kind`` after all
    (a README.md without model front matter), else the artifact and any derived ones.

    ``sections=False`` leaves a Markdown file's section tree empty: for reading only
    what assigning systems needs of a model card (its front matter), never for checks.
    Whether the file loads, and its front matter, are the same either way: the body of
    a Markdown file cannot make it fail."""
    fmt = parser_for(relpath)
    if _CONTROL.search(relpath):  # a name that could drive a terminal or forge a CI log line
        shown = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", relpath)
        return [LoadFailure(path=shown, kind=kind, line=1, format=fmt or "unknown",
                            message="file name contains control characters; rename the file")]
    blob = blob or hashlib.sha1(raw).hexdigest()
    try:
        if relpath.lower().endswith(eval_zip.EXTENSION):  # an Inspect log: a zip, not text
            data, locate = eval_zip.parse(raw, max_bytes=max_bytes)
            return _build(relpath, kind, "inspect-eval", data, locate, "", blob)
        if fmt is None:
            raise LoadError(f"no reader for {posixpath.basename(relpath)!r} "
                            "(expected .md, .yaml, .yml, .json, .jsonl or .toml)")
        source = text.decode(raw, max_bytes=max_bytes)
        if kind == "model_card" and posixpath.basename(relpath).lower() == "readme.md" \
                and not _looks_like_model_readme(source):
            return []
        data, locate = LOADERS[fmt](source) if sections or fmt != "markdown" \
            else markdown.parse(source, sections=False)
        if not getattr(locate, "clean", False):  # the loader has not ruled odd values out
            values.refuse_odd_values(data, locate)
        return _build(relpath, kind, fmt, data, locate, source, blob)
    except LoadError as exc:
        return [LoadFailure(path=relpath, kind=kind, line=exc.line or 1, message=exc.message,
                            format=fmt or "unknown")]


def _looks_like_model_readme(source: str) -> bool:
    try:
        front, _line, _body = markdown.split_front_matter(source)
    except LoadError:
        return False  # an unclosed '---' in a README: not evidence of a model card
    if front is None:
        return False
    keys = f"\n{front}"
    return any(f"\n{key}:" in keys for key in HF_MODEL_KEYS) and \
        not any(f"\n{key}:" in keys for key in HF_OTHER_KEYS)


def _build(relpath: str, kind: str, fmt: str, data: Any, locate: Locate, source: str,
           blob: str) -> list[Artifact | LoadFailure]:
    try:
        adapted = _adapt(kind, relpath, data)
    except LoadError as exc:  # an adapter names the bad spot as a path into the data
        raw_path = getattr(exc, "raw_path", None)
        line = exc.line or (locate(tuple(raw_path)) if raw_path else 1)
        raise LoadError(exc.message, line=line) from None
    if adapted is None:
        if kind in STRUCTURED_KINDS and not isinstance(data, dict):
            found = "an empty document" if data is None else f"a {type(data).__name__}"
            raise LoadError(f"expected a mapping of keys to values at the top level, found {found}",
                            line=1)
        native = data.get("schema") if isinstance(data, dict) else None
        name = native if isinstance(native, str) and native.endswith("/v1") else fmt
        return [Artifact(path=relpath, kind=kind, format=name, data=data, text=source,
                         locate=locate, raw=data, blob=blob)]
    out: list[Artifact | LoadFailure] = []
    for item in (adapted, *adapted.derived):
        suffix = "" if item is adapted else f"#{item.format}"
        out.append(Artifact(path=relpath + suffix, kind=item.kind, format=item.format,
                            data=item.data, text=source, locate=_via_origin(item.origin, locate),
                            raw=data, unsupported=tuple(item.unsupported), blob=blob))
    return out


def _adapt(kind: str, relpath: str, data: Any) -> adapters.Adapted | None:
    fmt = adapters.detect(kind, relpath, data)
    return adapters.adapt(fmt, data) if fmt else None


def _via_origin(origin: dict[DataPath, DataPath], locate: Locate) -> Locate:
    """Native path -> raw path: the longest mapped prefix, with the rest appended
    (an identity mapping ``{(): ()}`` keeps every path as it is)."""
    def find(path: DataPath) -> int:
        for end in range(len(path), -1, -1):
            raw_path = origin.get(tuple(path[:end])) if origin else None
            if raw_path is not None:
                return locate(tuple(raw_path) + tuple(path[end:]))
        return locate(tuple(path))
    return find
