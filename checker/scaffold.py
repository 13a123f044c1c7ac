"""``safesec init``: copy the templates named in ``templates/MANIFEST.txt`` into a folder.

Nothing is written when any destination already exists (unless ``force``), so a
refused run leaves the folder exactly as it was.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path, PurePosixPath

from checker.errors import UsageError
from checker.files import write_atomic

if sys.version_info >= (3, 11):
    from importlib.resources.abc import Traversable
else:  # pragma: no cover - Python 3.10
    from importlib.abc import Traversable

MANIFEST = "MANIFEST.txt"


@dataclass(frozen=True)
class Entry:
    template: str  # relative to checker/templates/
    dest: str  # relative to the target folder, "/"-separated


def templates_dir() -> Traversable:
    """The templates folder (works from a checkout and from a wheel)."""
    return files("checker") / "templates"


def read_manifest(text: str) -> list[Entry]:
    entries = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        template, sep, dest = (part.strip() for part in line.partition("->"))
        if not sep or not template or not dest or not _safe(dest) or not _safe(template):
            raise ValueError(f"{MANIFEST}:{number}: expected 'template -> destination' "
                             f"with relative paths, found {raw!r}")
        entries.append(Entry(template, dest))
    return entries


def _safe(path: str) -> bool:
    pure = PurePosixPath(path)
    return not pure.is_absolute() and ".." not in pure.parts and "\\" not in path


def manifest() -> list[Entry]:
    return read_manifest((templates_dir() / MANIFEST).read_text(encoding="utf-8"))


def template_text(entry: Entry) -> str:
    node = templates_dir()
    for part in entry.template.split("/"):
        node = node / part
    return node.read_text(encoding="utf-8")


def scaffold(target: str | Path, *, force: bool = False) -> list[tuple[str, bool]]:
    """Write every template; return ``(destination, existed_before)`` pairs in manifest order."""
    root = Path(target)
    if root.exists() and not root.is_dir():
        raise UsageError("not a folder", file=str(root))
    entries = manifest()
    existing = [e.dest for e in entries if _exists(root / e.dest)]
    blocked = [d for d in existing if (root / d).is_dir()]
    if blocked:
        raise UsageError(f"a folder is in the way of {', '.join(blocked)}", file=str(root))
    if existing and not force:
        raise UsageError(f"refusing to overwrite {', '.join(existing)} "
                         "(use --force to replace them)", file=str(root))
    texts = [(e.dest, template_text(e)) for e in entries]  # read all before writing any
    for dest, text in texts:
        write_atomic(root / dest, text)
    return [(dest, dest in existing) for dest, _text in texts]


def _exists(path: Path) -> bool:
    return path.exists() or path.is_symlink()
