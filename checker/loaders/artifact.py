"""Parse a discovered file into Artifacts; a file that cannot be read becomes a LoadFailure.

The reader is chosen by file name (``checker.loaders.parser_for``).  A structured file
(YAML, JSON, JSON Lines, TOML, an Inspect ``.eval`` log) that discovery found only as a
candidate is then recognised by its content (``checker.adapters.recognise``): a native
marker or an adapter's signature makes it an artifact, anything else is ``Skipped`` with
the reason.  A file is *claimed* when the project config's globs name its kind, or (when
it cannot be parsed) by a native marker in its text or a name of an artifact: a claimed
file that cannot be read is a LoadFailure.
"""
from __future__ import annotations

import hashlib
import posixpath
import re
from typing import Any

from checker import adapters
from checker.errors import LoadError
from checker.loaders import (LOADERS, STRUCTURED_FORMATS, ZIPPED, eval_zip, json_doc, markdown,
                             parser_for, text, values)
from checker.loaders.base import DataPath, Locate, Parsed
from checker.model import Artifact, LoadFailure, Skipped

HF_MODEL_KEYS = ("model-index", "base_model", "pipeline_tag", "library_name", "license",
                 "language", "tags", "datasets", "metrics", "model_name", "risk_management")
# Front matter of a dataset card or a Space README, which are not model cards.
HF_OTHER_KEYS = ("task_categories", "size_categories", "pretty_name", "configs", "dataset_info",
                 "sdk", "app_file")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
STRUCTURED_KINDS = ("threat_model", "eval_report", "config", "ai_bom")
# a native marker in a text that does not parse: the file claims to be an artifact
_MARKER = re.compile(r"""(?m)^[\s{]*["']?(?:schema["']?\s*[:=]\s*["']?(threat-model|eval-report)/"""
                     r"""|kind["']?\s*[:=]\s*["']?(?:serving|guardrails|training|gateway)\b)""")
BIG_JSON = 256 * 1024  # a larger JSON file found by its extension only is sniffed before parsing
SNIFF_LINES = 50  # a JSON Lines file is recognised by its first records (garak: its first)
Loaded = list[Artifact | LoadFailure | Skipped]


def load_artifact(relpath: str, kind: str, raw: bytes, *, max_bytes: int = text.DEFAULT_MAX_BYTES,
                  blob: str = "", sections: bool = True, claimed: bool = True) -> Loaded:
    """Load one file; returns [] when content shows it is not of ``kind`` after all
    (a README.md without model front matter), else the artifact and any derived ones.

    ``claimed=False``: the file is only a candidate (``kind`` is the kind its name hints
    at, or ""), recognised by its content or Skipped.  ``sections=False`` leaves a
    Markdown file's section tree empty: for reading only what assigning systems needs of
    a model card (its front matter), never for checks.  Whether the file loads, and its
    front matter, are the same either way: the body of a Markdown file cannot make it fail."""
    fmt = parser_for(relpath)
    if _CONTROL.search(relpath):  # a name that could drive a terminal or forge a CI log line
        shown = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", relpath)
        return [LoadFailure(path=shown, kind=kind or "unknown", line=1, format=fmt or "unknown",
                            message="file name contains control characters; rename the file")]
    blob = blob or hashlib.sha1(raw).hexdigest()
    if not claimed and fmt in STRUCTURED_FORMATS:
        return _candidate(relpath, kind, fmt, raw, max_bytes, blob)
    try:
        if fmt is None:
            raise LoadError(f"no reader for {posixpath.basename(relpath)!r} "
                            "(expected .md, .yaml, .yml, .json, .jsonl, .toml or .eval)")
        source, unzipped = _text(fmt, raw, max_bytes)
        if kind == "model_card" and posixpath.basename(relpath).lower() == "readme.md" \
                and not _looks_like_model_readme(source):
            return []
        data, locate = unzipped or _parse(fmt, source, sections)
        if not getattr(locate, "clean", False):  # the loader has not ruled odd values out
            values.refuse_odd_values(data, locate)
        if kind in STRUCTURED_KINDS:  # a file whose content says otherwise is what it says
            found = adapters.recognise(relpath, data)
            if isinstance(found, tuple):
                return _build(relpath, found[0], fmt, data, locate, source, blob, found[1])
        return _build(relpath, kind, fmt, data, locate, source, blob)
    except LoadError as exc:
        return [LoadFailure(path=relpath, kind=kind, line=exc.line or 1, message=exc.message,
                            format=fmt or "unknown")]


def _candidate(relpath: str, hint: str, fmt: str, raw: bytes, max_bytes: int,
               blob: str) -> Loaded:
    """A structured file found by its extension only: an artifact if its content is
    recognised, else Skipped.  A file that cannot be read is an error when it claims to be
    an artifact, by a native marker in its text or by a name of an artifact (``hint``:
    ``threat-model.yaml``, ``evals/x.json``); else it is Skipped.  A well-formed file is
    never an error for what it is not."""
    source = ""
    try:
        source, unzipped = _text(fmt, raw, max_bytes)
        if fmt == "json" and not hint and len(source) > BIG_JSON and source.lstrip()[:1] == "[":
            return [Skipped(relpath, "no known format")]  # a data set: no signature is a list
        if fmt == "jsonl":  # recognised by its first records: a data set is not read whole
            found = adapters.recognise(relpath, json_doc.parse_lines(_head(source))[0])
            parsed = json_doc.parse_lines(source) if isinstance(found, tuple) else None
        else:
            parsed = unzipped or _parse(fmt, source, True)
            found = adapters.recognise(relpath, parsed[0])
    except LoadError as exc:
        claim = _MARKER.search(source)
        if claim is None and not hint:
            where = f" (line {exc.line})" if exc.line else ""
            return [Skipped(relpath, f"not readable: {exc.message}{where}")]
        kind = adapters.SCHEMA_KINDS.get(claim.group(1) or "", "config") if claim else hint
        return [LoadFailure(path=relpath, kind=kind, line=exc.line or 1, message=exc.message,
                            format=fmt)]
    if isinstance(found, str) or parsed is None:
        return [Skipped(relpath, _reason(str(found), hint), kind=hint)]
    kind, external = found
    data, locate = parsed
    try:
        if not getattr(locate, "clean", False):
            values.refuse_odd_values(data, locate)
        return _build(relpath, kind, fmt, data, locate, source, blob, external)
    except LoadError as exc:
        return [LoadFailure(path=relpath, kind=kind, line=exc.line or 1, message=exc.message,
                            format=fmt)]


def _text(fmt: str, raw: bytes, max_bytes: int) -> tuple[str, Parsed | None]:
    """The file's text, or for an Inspect ``.eval`` archive no text and its parsed log."""
    if fmt == ZIPPED:
        return "", eval_zip.parse(raw, max_bytes=max_bytes)
    return text.decode(raw, max_bytes=max_bytes), None


def _head(source: str) -> str:
    """The first SNIFF_LINES lines."""
    return "\n".join(source.split("\n", SNIFF_LINES)[:SNIFF_LINES])


_NATIVE_HINT = {"threat_model": "a native threat model starts with 'schema: threat-model/v1'",
                "eval_report": "a native eval report starts with 'schema: eval-report/v1'",
                "config": "a native config names its role with 'kind: serving' (or guardrails, "
                          "training, gateway)"}


def _reason(why: str, hint: str) -> str:
    """Why a file is no artifact; for a file whose name suggested a kind, how to make it one."""
    if why == "no known format" and hint in _NATIVE_HINT:
        return f"{why} ({_NATIVE_HINT[hint]})"
    return why


def _parse(fmt: str, source: str, sections: bool) -> Parsed:
    if fmt == "markdown" and not sections:
        return markdown.parse(source, sections=False)
    return LOADERS[fmt](source)


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


_UNSET = "?"  # _build's ``external`` when the format is not known yet


def _build(relpath: str, kind: str, fmt: str, data: Any, locate: Locate, source: str,
           blob: str, external: str | None = _UNSET) -> Loaded:
    _check_schema(data, locate)
    try:
        adapted = _adapt(kind, relpath, data, external)
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
    out: Loaded = []
    for item in (adapted, *adapted.derived):
        suffix = "" if item is adapted else f"#{item.format}"
        out.append(Artifact(path=relpath + suffix, kind=item.kind, format=item.format,
                            data=item.data, text=source, locate=_via_origin(item.origin, locate),
                            raw=data, unsupported=tuple(item.unsupported), blob=blob))
    return out


def _check_schema(data: Any, locate: Locate) -> None:
    """A native ``schema:`` marker of a version safesec does not read is an error: the file
    claims to be an artifact, and reading it as another version would misjudge it."""
    schema = data.get("schema") if isinstance(data, dict) else None
    if isinstance(schema, str) and schema.split("/", 1)[0] in adapters.SCHEMA_KINDS \
            and schema not in adapters.NATIVE_SCHEMAS:
        known = schema.split("/", 1)[0] + "/v1"
        raise LoadError(f"schema {schema!r} is not one safesec reads; expected {known!r}",
                        line=locate(("schema",)))


def _adapt(kind: str, relpath: str, data: Any, external: str | None) -> adapters.Adapted | None:
    fmt = adapters.detect(kind, relpath, data) if external == _UNSET else external
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
