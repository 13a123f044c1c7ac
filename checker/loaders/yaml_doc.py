"""YAML with line numbers: safe loading only, duplicate keys refused, aliases bounded.

The document is composed once into a node tree (libyaml's C parser when
available) and checked for depth and size; data is built from it (a plain tree
by ``yaml_build``, anything with anchors, merge keys or deep nesting by PyYAML's
constructor).  The tree is then dropped: ``Lines`` keeps the top-level keys'
lines and composes the text again for a deeper "which line is this value on".
"""
from __future__ import annotations

import re
from collections import OrderedDict
from itertools import chain
from typing import Any

import yaml

from checker.errors import LoadError
from checker.loaders.base import DataPath, Parsed
from checker.loaders.yaml_build import FastResolve, build

_BASE: Any = getattr(yaml, "CSafeLoader", None) if yaml.__with_libyaml__ else None
_BASE = _BASE or yaml.SafeLoader

_MappingNode, _SequenceNode = yaml.MappingNode, yaml.SequenceNode
MAX_EXPANDED_NODES = 1_000_000
MAX_DEPTH = 500
MAX_RECURSIVE_DEPTH = 100  # deeper trees are built without recursion (yaml_build recurses)
_MERGE = "tag:yaml.org,2002:merge"
_INT = "tag:yaml.org,2002:int"
MAX_NUMBER_CHARS = 100
KeyIndex = dict[int, dict[str, tuple[int, Any]]]  # id(mapping node) -> key -> (line, node)


def _unsupported(_loader: Any, node: Any) -> Any:
    raise LoadError(f"YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not supported "
                    "(use plain mappings, lists and scalars)", line=node.start_mark.line + 1)


class StrictLoader(FastResolve, _BASE):  # type: ignore[misc]  # base picked at import: C or Python
    """Safe loader that refuses duplicate mapping keys, bad scalars and exotic tags
    (``!!binary``, ``!!set``, ``!!omap``, ``!!pairs``: no evidence file needs them)."""

    yaml_constructors = {**_BASE.yaml_constructors,
                         **{f"tag:yaml.org,2002:{tag}": _unsupported
                            for tag in ("binary", "set", "omap", "pairs")}}

    line_offset = 0  # lines before the document (front matter), for messages
    may_merge = True  # False when the text has no "<<", so no mapping has a merge key

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        if not self.may_merge and isinstance(node, yaml.MappingNode):
            # Fast path: build the mapping, then look for duplicates only when it came
            # out smaller than the node (a duplicate key, or an unhashable one).
            try:
                mapping = super().construct_mapping(node, deep=deep)
            except yaml.constructor.ConstructorError as exc:
                if "unhashable" not in str(exc.problem):
                    raise
                mapping = None  # a key that is a mapping or list: named below
            if mapping is not None and len(mapping) == len(node.value):
                return mapping
        self._refuse_duplicates(node)
        return super().construct_mapping(node, deep=deep)

    def _refuse_duplicates(self, node: Any) -> None:
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, _value in node.value:
                if key_node.tag == _MERGE:
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    duplicate = key in seen
                    first = seen.setdefault(key, key_node.start_mark.line + 1)
                except TypeError:
                    raise LoadError("a mapping key is itself a mapping or list (unhashable key)",
                                    line=key_node.start_mark.line + 1) from None
                if duplicate:
                    raise LoadError(f"duplicate key {key!r} (first defined on line "
                                    f"{first + self.line_offset})",
                                    line=key_node.start_mark.line + 1)

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        """Turn a bad scalar (``2026-02-30``, ``!!int abc``, a 5,000-digit number) into a
        LoadError on its line instead of whatever exception PyYAML's constructor raises."""
        if node.tag == _INT and len(str(node.value)) > MAX_NUMBER_CHARS:
            raise LoadError(f"integer of {len(node.value)} characters is too large",
                            line=node.start_mark.line + 1)
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, LookupError, AttributeError, TypeError, OverflowError) as exc:
            kind = node.tag.rsplit(":", 1)[-1]
            shown = str(node.value)[:40] if isinstance(node, yaml.ScalarNode) else kind
            detail = f" ({exc})" if isinstance(exc, (ValueError, OverflowError)) else ""
            raise LoadError(f"invalid {kind} value {shown!r}{detail}",
                            line=node.start_mark.line + 1) from None


# YAML 1.1 reads 1e-05 (no dot) as a string; eval reports write rates that way.
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
    list("-+0123456789"))
StrictLoader.prepare()


def _check_expansion(root: Any) -> None:
    """Refuse alias bombs and cyclic aliases before anything walks the data."""
    size: dict[int, int] = {}
    stack: list[tuple[Any, int, bool]] = [(root, 1, False)]
    visiting: set[int] = set()
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if depth > MAX_DEPTH:
            raise LoadError(f"nesting deeper than {MAX_DEPTH} levels",
                            line=node.start_mark.line + 1)
        children = _children(node)
        if done:
            visiting.discard(key)
            total = 1 + sum(size[id(c)] for c in children)
            if total > MAX_EXPANDED_NODES:
                raise LoadError(f"aliases expand to more than {MAX_EXPANDED_NODES:,} values "
                                "(YAML alias bomb?)", line=node.start_mark.line + 1)
            size[key] = total
            continue
        if key in size:
            continue
        if key in visiting:
            raise LoadError("an alias refers to a value that contains it (recursive alias)",
                            line=node.start_mark.line + 1)
        visiting.add(key)
        stack.append((node, depth, True))
        stack.extend((c, depth + 1, False) for c in children if id(c) not in size)


def _check_tree(root: Any) -> int:
    """``_check_expansion`` for a document without anchors, hence without aliases: a
    tree, so one level-by-level pass counts its values and its depth (returned)."""
    level, depth, total = [root], 1, 0
    while level:
        if depth > MAX_DEPTH:
            raise LoadError(f"nesting deeper than {MAX_DEPTH} levels",
                            line=level[0].start_mark.line + 1)
        total += len(level)
        if total > MAX_EXPANDED_NODES:
            raise LoadError(f"aliases expand to more than {MAX_EXPANDED_NODES:,} values "
                            "(YAML alias bomb?)", line=root.start_mark.line + 1)
        below: list[Any] = []
        extend = below.extend
        for node in level:
            kind = node.__class__  # libyaml composes exactly these classes
            if kind is _MappingNode:
                extend(chain.from_iterable(node.value))
            elif kind is _SequenceNode:
                extend(node.value)
        level, depth = below, depth + 1
    return depth - 1


def _children(node: Any) -> list[Any]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _problem_line(exc: yaml.YAMLError) -> int | None:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + 1 if mark is not None else None


def parse(text: str, *, line_offset: int = 0) -> Parsed:
    """Parse one YAML document; return (data, locate). Raises LoadError."""
    loader = StrictLoader(text)
    loader.line_offset = line_offset
    loader.may_merge = "<<" in text
    clean = False
    try:
        node = loader.get_single_node()
        if node is None:
            return None, lambda _p: 1 + line_offset
        if "&" in text:  # an anchor: aliases may share or repeat nodes
            _check_expansion(node)
            data = loader.construct_document(node)
        elif _check_tree(node) > MAX_RECURSIVE_DEPTH or loader.may_merge:
            data = loader.construct_document(node)  # PyYAML's constructor does not recurse
        else:
            data, plain = build(loader, node)
            clean = plain and _BASE is not yaml.SafeLoader  # libyaml: no lone surrogates
    except LoadError as exc:
        exc.line = (exc.line or 1) + line_offset
        raise
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        line = _problem_line(exc)
        raise LoadError(f"invalid YAML: {problem}",
                        line=(line or 1) + line_offset) from None
    except RecursionError:
        raise LoadError("nesting too deep to read", line=1 + line_offset) from None
    finally:
        loader.dispose()
    return data, Lines(text, node.start_mark.line + 1, line_offset, _top_keys(node), clean)


def _top_keys(root: Any) -> dict[str, int] | None:
    """Line of each top-level key (as ``locate`` indexes them), or None for a list or
    scalar document: findings mostly name a top-level key, which then needs no
    second composition."""
    if not isinstance(root, yaml.MappingNode):
        return None
    return {k.value: k.start_mark.line + 1 for k, _v in root.value
            if isinstance(k, yaml.ScalarNode)}


class Lines:
    """``locate`` for a parsed document without keeping its node tree: the tree and its
    marks take more memory than the data, and the cyclic GC would walk them again and
    again.  The root's and the top-level keys' lines are kept; a deeper question
    composes the text again (only findings ask, so a passing artifact never pays).  Only
    the last :data:`KEEP_TREES` trees composed are kept for further questions: kept for
    every document, 50,000 small failing files held 240 MB of them."""

    __slots__ = ("text", "root_line", "offset", "_top", "clean")

    def __init__(self, text: str, root_line: int, offset: int = 0,
                 top: dict[str, int] | None = None, clean: bool = False) -> None:
        self.text, self.root_line, self.offset, self._top = text, root_line, offset, top
        self.clean = clean  # the data holds no value ``values.refuse_odd_values`` refuses

    def __call__(self, path: DataPath) -> int:
        if not path:
            return self.root_line + self.offset
        if len(path) == 1 and self._top is not None:
            line = self._top.get(str(path[0]))
            return (self.root_line if line is None else line) + self.offset
        tree = _TREES.get(self)
        if tree is None:
            tree = _TREES[self] = (_compose(self.text), {})
            if len(_TREES) > KEEP_TREES:
                _TREES.popitem(last=False)
        else:
            _TREES.move_to_end(self)
        return locate(tree[0], path, tree[1]) + self.offset


# The node trees (and key indexes) of the documents asked about last, newest at the end:
# a document's findings come together, so a few suffice (a mapping with 20,000 keys and a
# finding per key still composes once).
KEEP_TREES = 64
_TREES: OrderedDict[Lines, tuple[Any, KeyIndex]] = OrderedDict()


def _compose(text: str) -> Any:
    """The node tree of a document that parsed before (merges applied, as then)."""
    loader = StrictLoader(text)
    loader.may_merge = "<<" in text
    try:
        node = loader.get_single_node()
        if loader.may_merge:
            loader.construct_document(node)  # flattens merge keys into the nodes
        return node
    finally:
        loader.dispose()


def locate(node: Any, path: DataPath, keys: KeyIndex | None = None) -> int:
    """1-based line of the value at ``path`` (or of its deepest existing parent).

    ``keys`` caches an index of each mapping asked about, so a finding per key of a
    mapping with 20,000 keys costs 20,000 lookups, not 20,000 scans of it."""
    line: int = node.start_mark.line + 1
    keys = {} if keys is None else keys
    for step in path:
        if isinstance(node, yaml.MappingNode):
            index = keys.get(id(node))
            if index is None:
                # later keys win: after a merge (<<) the explicit keys come last
                index = keys[id(node)] = {
                    k.value: (k.start_mark.line + 1, v) for k, v in node.value
                    if isinstance(k, yaml.ScalarNode)}
            found = index.get(str(step))
            if found is None:
                return line
            line, node = found
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) \
                and -len(node.value) <= step < len(node.value):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            return line
    return line
