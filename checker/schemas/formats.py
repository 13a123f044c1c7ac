"""The native formats as the editor schemas and ``policy validate`` see them: the skeleton
of ``native.py`` with the built-in pack's closed schemas laid over it.

A closed schema is an ``each`` check's ``native: {schema}`` (every item of its ``path``)
or a ``schema`` check with ``allow_unknown: false`` (the mapping at its ``path``), in any
rule of the pack, inside ``all`` and ``any`` too, placed in the formats of the rule's
``applies_to``.  Where the pack closes a mapping, its keys are the pack's and each key's
rules are the pack's; ``native.py`` may only add rules the pack does not state.  Two closed
schemas of one mapping leave the keys both allow.  Only the built-in pack is read, so a
project's own packs never change the editor schemas: they describe the format safesec
ships, the same in every repository.  The pack is read on first use, never on import.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Iterable, Iterator

from checker.errors import LoadError, PolicyError
from checker.loaders import text, yaml_doc
from checker.policy.loader import builtin_dir, pack_files
from checker.schemas.native import FORMATS, Schema

_SEGMENT = r"[A-Za-z_][\w-]*(?:\[\*?\])?"
_PLAIN = re.compile(rf"{_SEGMENT}(?:\.{_SEGMENT})*")
CLOSED_BY = "closed_by"  # the ``meta`` entry naming the rules that close a mapping


@dataclass(frozen=True)
class Closed:
    """One closed schema of a pack: ``fields`` close the mapping(s) at ``path`` (JMESPath
    into the artifact's data, ``[]`` for the items of a list) of ``kind``."""
    rule: str
    kind: str
    path: str
    fields: Schema


def closed_schemas(rules: Iterable[Any]) -> list[Closed]:
    """The closed schemas of a pack's rules (their mappings, as written)."""
    out = []
    for rule in rules:
        if not isinstance(rule, dict):
            continue
        kinds = rule.get("applies_to")
        kinds = [kinds] if isinstance(kinds, str) else list(kinds or ())
        for path, fields in _closed_in(rule.get("check")):
            out += [Closed(str(rule.get("id")), kind, path, fields) for kind in kinds]
    return out


def builtin_rules() -> list[Any]:
    """The built-in pack's rules as written.  Only read: the closed schemas need no
    compiled check, and every check run validates the same file in full."""
    rules: list[Any] = []
    for file in pack_files(builtin_dir()):
        try:
            data = yaml_doc.parse(text.decode(file.read_bytes()))[0]
        except LoadError as exc:
            raise PolicyError(exc.message, file=str(file), line=exc.line) from None
        except OSError as exc:
            raise PolicyError(f"cannot read policy: {exc.strerror}", file=str(file)) from None
        found = data.get("rules") if isinstance(data, dict) else None
        rules += found if isinstance(found, list) else []
    return rules


def _closed_in(check: Any) -> Iterator[tuple[str, Schema]]:
    if not isinstance(check, dict):
        return
    native = check.get("native")
    if check.get("type") == "each" and isinstance(native, dict) and \
            isinstance(native.get("schema"), dict):
        path = str(check.get("path"))
        yield (path if path.endswith(("[]", "[*]")) else f"{path}[]"), native["schema"]
    if check.get("type") == "schema" and check.get("allow_unknown") is False and \
            isinstance(check.get("schema"), dict):
        yield str(check.get("path") or ""), check["schema"]
    inner = check.get("checks")
    for each in inner if isinstance(inner, list) else ():
        yield from _closed_in(each)


def derive(rules: Iterable[Any]) -> tuple[dict[str, Schema], list[Closed]]:
    """Each native format's root rules (``{"type": "dict", "schema": fields}``) with the
    closed schemas of ``rules`` laid over ``native.py``, and the closed schemas of a native
    kind that have no place in it (a filtered or indexed path, or one outside a model
    card's front matter)."""
    roots = {kind: _root(fmt.fields, fmt.open_root) for kind, fmt in FORMATS.items()}
    unplaced = []
    found = [c for c in closed_schemas(rules) if c.kind in FORMATS]
    for closed in sorted(found, key=lambda c: (c.path.count(".") + c.path.count("["), c.rule)):
        segments = _segments(closed.path, FORMATS[closed.kind].prefix)
        if segments is None or not _place(roots[closed.kind], segments, closed):
            unplaced.append(closed)
    return roots, unplaced


@cache
def builtin() -> dict[str, Schema]:
    """``derive`` over the built-in pack, read once per process."""
    return derive(builtin_rules())[0]


def fields(kind: str) -> Schema:
    """The fields of the native format of ``kind`` (the pack's kinds: threat_model, ...)."""
    return dict(builtin()[kind]["schema"])


def restated(rules: Iterable[Any]) -> list[str]:
    """Where ``native.py`` says what the closed schemas of ``rules`` say, in words: a key
    at a mapping the pack closes that the pack does not list, or a rule of a field that
    the pack states as well (one definition of each: native.py adds only what the pack
    does not say)."""
    out: list[str] = []
    for closed in closed_schemas(rules):
        fmt = FORMATS.get(closed.kind)
        segments = _segments(closed.path, fmt.prefix) if fmt else None
        own = _skeleton_at(fmt.fields, segments) if fmt and segments is not None else None
        if own:
            out += _restated_fields(closed.fields, own, f"{closed.kind} {closed.path}",
                                    closed.rule)
    return sorted(set(out))


def _restated_fields(pack: Schema, own: Schema, where: str, rule: str) -> Iterator[str]:
    for key, rules in own.items():
        if key not in pack:
            yield (f"{where}: native.py defines {key!r}, which the closed schema of rule "
                   f"{rule} does not list (its check refuses the key): remove it, or add it "
                   "to the pack")
        elif isinstance(rules, dict) and isinstance(pack[key], dict):
            yield from _restated_rules(pack[key], rules, f"{where}.{key}", rule)


def _restated_rules(pack: Schema, own: Schema, where: str, rule: str) -> Iterator[str]:
    for name in sorted((set(own) & set(pack)) - {"schema"}):
        yield (f"{where}: native.py states {name!r}, which the closed schema of rule {rule} "
               "states too: remove it from native.py")
    inner, own_inner = pack.get("schema"), own.get("schema")
    if isinstance(inner, dict) and isinstance(own_inner, dict):
        if "list" in _types(pack) | _types(own):
            yield from _restated_rules(inner, own_inner, f"{where}[]", rule)
        else:
            yield from _restated_fields(inner, own_inner, where, rule)


def _skeleton_at(fields: Schema, segments: list[tuple[str, bool]]) -> Schema | None:
    """The fields ``native.py`` gives the mapping at ``segments``, if any."""
    node: Any = {"type": "dict", "schema": fields}
    for name, items in segments:
        inner = node.get("schema")
        if not isinstance(inner, dict) or not isinstance(inner.get(name), dict):
            return None
        node = inner[name]
        if items and "list" in _types(node):
            node = node.get("schema") or {}
    inner = node.get("schema")
    return inner if isinstance(inner, dict) else None


def _root(fields: Schema, open_root: bool) -> Schema:
    root: Schema = {"type": "dict", "schema": copy.deepcopy(fields)}
    if open_root:
        root["allow_unknown"] = True
    return root


def _segments(path: str, prefix: str) -> list[tuple[str, bool]] | None:
    """``a.b[].c`` as ``[(a, False), (b, True), (c, False)]`` (True: into the items), the
    format's ``prefix`` taken off; None when the path is not plain or not under it."""
    if prefix:
        if path != prefix and not path.startswith(prefix + "."):
            return None
        path = path[len(prefix) + 1:]
    if path in ("", "[]"):
        return []
    if not _PLAIN.fullmatch(path):
        return None
    return [(part.split("[", 1)[0], "[" in part) for part in path.split(".")]


def _place(root: Schema, segments: list[tuple[str, bool]], closed: Closed) -> bool:
    """Close the mapping ``segments`` lead to in ``root``, making the containers the
    skeleton lacks; False when the path passes through something that is no mapping."""
    node = root
    for name, items in segments:
        if "dict" not in _types(node):
            return False
        inner = node.setdefault("schema", {})
        if name not in inner:
            if _closed_by(node):
                return False  # the pack's own mapping has no such key: its checks refuse it
            inner[name] = {"type": "list", "schema": {"type": "dict"}} if items \
                else {"type": "dict"}
        node = inner[name]
        if items and "list" in _types(node):
            node = node.setdefault("schema", {"type": "dict"})
    if "dict" not in _types(node):
        return False
    node.pop("allow_unknown", None)
    node["schema"] = _overlay(closed.fields, node.get("schema") or {}, closed.rule,
                              intersect=bool(_closed_by(node)))
    node["meta"] = {**node.get("meta", {}), CLOSED_BY: [*_closed_by(node), closed.rule]}
    return True


def _overlay(pack: Schema, own: Schema, rule: str, *, intersect: bool = False) -> Schema:
    """A mapping the pack closes: the pack's keys, each with its rules over ``own``'s (when
    the mapping was closed before by another rule, only the keys both allow)."""
    return {key: _merge(rules if isinstance(rules, dict) else {}, own.get(key) or {}, rule)
            for key, rules in pack.items() if not intersect or key in own}


def _merge(pack: Schema, own: Schema, rule: str) -> Schema:
    """One field: the pack's rules, and ``own``'s where the pack states none; a mapping
    inside a closed one is closed too (its checks refuse unknown keys at every depth)."""
    out = {**copy.deepcopy(own), **{k: copy.deepcopy(v) for k, v in pack.items() if k != "schema"}}
    inner, own_inner = pack.get("schema"), own.get("schema")
    if not isinstance(inner, dict):
        return out
    own_inner = own_inner if isinstance(own_inner, dict) else {}
    if "list" in _types(out):
        out["schema"] = _merge(inner, own_inner, rule)
    elif "dict" in _types(out):
        out["schema"] = _overlay(inner, own_inner, rule)
        out["meta"] = {**out.get("meta", {}), CLOSED_BY: [rule]}
    else:
        out["schema"] = copy.deepcopy(inner)
    return out


def _closed_by(node: Schema) -> list[str]:
    meta = node.get("meta")
    return list(meta.get(CLOSED_BY) or ()) if isinstance(meta, dict) else []


def _types(rules: Schema) -> set[str]:
    kind = rules.get("type")
    return {kind} if isinstance(kind, str) else set(kind or ())
