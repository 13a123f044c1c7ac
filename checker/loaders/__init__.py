"""Readers of file formats: one module per format, chosen by file name.

``LOADERS`` maps a format to its parser, ``text -> (data, locate)``, where
``locate(path)`` is the 1-based line of the value at a path into ``data``.
``parser_for`` picks the format of a file by its extension, or by its whole name
for the formats that declare ``FILE_NAMES`` (CODEOWNERS).  An Inspect ``.eval`` log
(``ZIPPED``) is a zip archive whose ``header.json`` is read as JSON
(``checker.loaders.eval_zip``).
``checker.loaders.artifact.load_artifact`` turns a file into artifacts.
"""
from __future__ import annotations

import posixpath
from typing import Callable

from checker.loaders import codeowners, json_doc, markdown, toml_doc, yaml_doc
from checker.loaders.base import Parsed

LOADERS: dict[str, Callable[[str], Parsed]] = {
    "markdown": markdown.parse,
    "yaml": yaml_doc.parse,
    "json": json_doc.parse,
    "jsonl": json_doc.parse_lines,
    "toml": toml_doc.parse,
    "codeowners": codeowners.parse,
}
ZIPPED = "eval"  # the format of an Inspect .eval log: JSON inside a zip archive
_EXTENSIONS = {".md": "markdown", ".markdown": "markdown", ".yaml": "yaml", ".yml": "yaml",
               ".json": "json", ".jsonl": "jsonl", ".toml": "toml", ".eval": ZIPPED}
# the formats of structured files, recognised by their content (checker.adapters.recognise)
STRUCTURED_FORMATS = ("yaml", "json", "jsonl", "toml", ZIPPED)
_FILE_NAMES = dict.fromkeys(codeowners.FILE_NAMES, "codeowners")


def parser_for(path: str) -> str | None:
    """The format of the file at ``path``, or None when no loader reads it."""
    name = posixpath.basename(path)
    return _FILE_NAMES.get(name) or _EXTENSIONS.get(posixpath.splitext(name)[1].lower())
