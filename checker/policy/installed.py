"""Packs shipped in an installed Python distribution: ``packs: [pkg:acme-ai-policy]``.

An organisation versions its pack like any dependency.  The distribution declares it
in the entry-point group ``safesec.packs``::

    [project.entry-points."safesec.packs"]
    acme-ai-policy = "acme_ai_policy:policies"

The value names a package and, after the colon, a folder or YAML file in it
(``policies`` is the folder ``policies/`` or the file ``policies.yaml``); without a
colon the package's own folder is the pack.  Nothing is imported: the package is found
on the import path and its files are read as data, like any other pack.
"""
from __future__ import annotations

import importlib.metadata
import importlib.util
import re
from pathlib import Path

from checker.errors import PolicyError

PREFIX = "pkg:"
GROUP = "safesec.packs"


def is_installed_pack(name: str | Path) -> bool:
    return isinstance(name, str) and name.startswith(PREFIX)


def locate(name: str | Path) -> Path:
    """The pack file or folder that the installed pack ``pkg:NAME`` names."""
    name = str(name)
    wanted = name[len(PREFIX):].strip()
    points = importlib.metadata.entry_points(group=GROUP)
    found = [ep for ep in points if _norm(ep.name) == _norm(wanted)]
    if not found:
        found = [ep for ep in points if ep.dist is not None and _norm(ep.dist.name) == _norm(wanted)]
    if not found:
        known = ", ".join(sorted(f"{PREFIX}{ep.name}" for ep in points)) or "none"
        raise PolicyError(f"no installed distribution provides the pack {wanted!r} (entry "
                          f"points in group {GROUP}; installed: {known})", file=name)
    if len({ep.value for ep in found}) > 1:
        raise PolicyError(f"{len(found)} installed distributions provide the pack {wanted!r}; "
                          "uninstall all but one", file=name)
    return _path(found[0], name)


def _path(point: importlib.metadata.EntryPoint, name: str) -> Path:
    module, _, obj = point.value.partition(":")
    top, *inner = module.strip().split(".")
    spec = importlib.util.find_spec(top)
    places = list(spec.submodule_search_locations or []) if spec is not None else []
    if not places:
        raise PolicyError(f"entry point {point.name} = {point.value!r} names no installed "
                          "package folder", file=name)
    folder = Path(places[0], *inner)
    obj = obj.strip()
    if not obj:
        return folder
    for candidate in (folder / obj, folder / f"{obj}.yaml", folder / f"{obj}.yml"):
        if candidate.exists():
            return candidate
    raise PolicyError(f"entry point {point.name} = {point.value!r}: no folder {obj}/ or file "
                      f"{obj}.yaml in {folder}", file=name)


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()
