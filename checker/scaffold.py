"""``safesec init``: copy the templates named in ``templates/MANIFEST.txt`` into a folder.

A destination that already exists is kept (``force`` replaces it), so init can run in a
repository that has its own SECURITY.md or CODEOWNERS.  With a system folder, the
templates of one system go there and the repository-wide ones to the root.
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


CREATED, KEPT, REPLACED = "created", "kept", "replaced"


def scaffold(target: str | Path, *, force: bool = False, system: str | Path | None = None,
             repo_wide: frozenset[str] = frozenset(),
             skip: frozenset[str] = frozenset()) -> list[tuple[Path, str]]:
    """Write the templates; return ``(path written or kept, what happened)`` in manifest
    order.  ``target`` is the repository root; with ``system`` (a folder), destinations not
    in ``repo_wide`` go under it instead.  An existing file is kept unless ``force``;
    destinations in ``skip`` are left out."""
    root = Path(target)
    places = [(e, (Path(system) if system is not None and e.dest not in repo_wide else root)
               / e.dest) for e in manifest() if e.dest not in skip]
    for folder in {root, *(Path(system) for _ in [0] if system is not None)}:
        if folder.exists() and not folder.is_dir():
            raise UsageError("not a folder", file=str(folder))
    blocked = [str(p) for _e, p in places if p.is_dir() and not p.is_symlink()]
    if blocked:
        raise UsageError(f"a folder is in the way of {', '.join(blocked)}", file=str(root))
    texts = [(p, _exists(p), template_text(e)) for e, p in places]  # read all, then write
    out = []
    for path, existed, text in texts:
        if existed and not force:
            out.append((path, KEPT))
            continue
        write_atomic(path, text)
        out.append((path, REPLACED if existed else CREATED))
    return out


def _exists(path: Path) -> bool:
    return path.exists() or path.is_symlink()
