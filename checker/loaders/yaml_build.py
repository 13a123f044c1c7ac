"""The fast path of YAML loading: resolve scalars and build data without PyYAML's
general constructor.

PyYAML's ``SafeConstructor`` is written for graphs (anchors, merge keys, recursive
structures): every node goes through a memo, a recursion guard and, for
collections, a generator that is resumed later.  An evidence file is almost always
a plain tree of mappings, lists and strings, so for a document without anchors
(``&``) or merge keys (``<<``) ``build`` constructs it in one recursive pass: a
string is the node's value, a mapping or list is built in place, and anything else
(numbers, booleans, dates, null, unknown tags) goes to the loader's own
``construct_object``, so its values and its errors stay exactly PyYAML's (and
``StrictLoader``'s).  Documents with anchors or merge keys keep the general path.
``tests/loaders/test_yaml_build.py`` holds both to the same data and errors.

``FastResolve`` replaces ``BaseResolver.resolve``, which the C composer calls for
every scalar: the same implicit resolvers, looked up in one prebuilt table
instead of concatenating lists per call (safesec defines no path resolvers).
"""
from __future__ import annotations

import datetime as dt
import re
from math import isfinite
from typing import Any

import yaml

from checker.loaders.values import MAX_INT_BITS

STR = "tag:yaml.org,2002:str"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
# The plainest spellings of numbers and dates, which Python reads as PyYAML's constructor
# does (no sign but '-', base prefix, '_', exponent or time): bounded, so never odd.
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]{0,17})\Z")
_POINT = re.compile(r"-?[0-9]{1,20}\.[0-9]{1,40}\Z")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_ScalarNode, _SequenceNode, _MappingNode = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode


class FastResolve:
    """Mixin for a loader class: ``resolve`` with the class's implicit resolvers
    grouped by first character once (call ``prepare`` after the last
    ``add_implicit_resolver``)."""

    _by_first: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {}
    _wildcard: tuple[tuple[str, re.Pattern[str]], ...] = ()

    @classmethod
    def prepare(cls) -> None:
        if getattr(cls, "yaml_path_resolvers", None):
            raise TypeError("FastResolve does not support path resolvers")
        table = cls.yaml_implicit_resolvers  # type: ignore[attr-defined]
        wildcard = tuple(table.get(None, ()))
        cls._wildcard = wildcard
        cls._by_first = {first: tuple(found) + wildcard
                         for first, found in table.items() if first is not None}
        cls.resolve = _resolver(cls._by_first, wildcard)  # type: ignore[method-assign]

    # The composer calls these around every node for path resolvers, which safesec
    # does not define (``prepare`` checks): C builtins that take the same arguments
    # and do nothing useful cost less than PyYAML's Python methods.
    descend_resolver = staticmethod(slice)  # (parent node, index) -> an unused slice
    ascend_resolver = staticmethod(tuple)  # () -> ()

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is _ScalarNode:
            if implicit[0]:
                for tag, regexp in self._by_first.get(value[:1], self._wildcard):
                    if regexp.match(value):
                        return tag
            return STR
        return SEQ if kind is _SequenceNode else MAP


def _resolver(by_first: dict[str, tuple[tuple[str, re.Pattern[str]], ...]],
              wildcard: tuple[tuple[str, re.Pattern[str]], ...]) -> Any:
    """``FastResolve.resolve`` with the tables it reads bound in: the composer calls it for
    every node, and local names cost less than attributes and globals."""
    get, scalar, sequence = by_first.get, _ScalarNode, _SequenceNode

    def resolve(self: Any, kind: Any, value: Any, implicit: Any) -> str:
        if kind is scalar:
            if implicit[0]:
                for tag, regexp in get(value[:1], wildcard):
                    if regexp.match(value):
                        return tag
            return STR
        return SEQ if kind is sequence else MAP
    return resolve


def build(loader: Any, root: Any) -> tuple[Any, bool]:
    """The data of a composed document that has no anchors and no merge keys, and
    whether every value in it is plain: no NaN, infinity or huge integer (see
    ``values``) and no value of an unusual tag.  (Strings need no look: libyaml
    refuses lone surrogates, and the caller trusts this only with libyaml.)

    Values are built in document order, so of several problems the first in the
    file is reported (PyYAML's constructor fills nested mappings last)."""
    construct = loader.construct_object
    refuse = loader._refuse_duplicates  # raises the LoadError naming the duplicate
    bools = loader.bool_values
    odd: list[Any] = []

    def other(node: Any, deep: bool = False) -> Any:
        found = construct(node, deep=deep)
        kind = found.__class__
        if deep or (kind is float and not isfinite(found)) or \
                (kind is int and found.bit_length() > MAX_INT_BITS):
            odd.append(node)
        return found

    def value(node: Any) -> Any:
        cls = node.__class__
        if cls is _ScalarNode:
            tag = node.tag
            if tag == STR:
                return node.value
            if tag == _NULL:
                return None
            if tag == _BOOL and node.value.lower() in bools:
                return bools[node.value.lower()]
            text = node.value
            if tag == _FLOAT and _POINT.match(text):
                return float(text)
            if tag == _INT and _DECIMAL.match(text):
                return int(text)
            if tag == _TIMESTAMP and _DAY.match(text):
                try:
                    return dt.date(int(text[:4]), int(text[5:7]), int(text[8:]))
                except ValueError:
                    pass  # not a day of the calendar: PyYAML's constructor says so
            return other(node)
        if cls is _MappingNode and node.tag == MAP:
            pairs = node.value
            out: dict[Any, Any] = {}
            for key_node, value_node in pairs:
                if key_node.__class__ is _ScalarNode and key_node.tag == STR:
                    key = key_node.value
                else:
                    key = value(key_node)
                    try:
                        hash(key)
                    except TypeError:
                        refuse(node)
                        raise
                if key in out:
                    refuse(node)
                # a string needs no call (``value``'s first answer, inlined)
                out[key] = value_node.value if value_node.__class__ is _ScalarNode and \
                    value_node.tag == STR else value(value_node)
            return out
        if cls is _SequenceNode and node.tag == SEQ:
            return [child.value if child.__class__ is _ScalarNode and child.tag == STR
                    else value(child) for child in node.value]
        return other(node, deep=True)

    try:
        return value(root), not odd
    finally:
        # ``value`` refers to itself through its closure: a cycle that would keep the
        # loader and its node tree alive until a collection (and loading pauses the
        # collector, then freezes what is left).  Breaking it frees them now.
        value = None  # type: ignore[assignment]  # noqa: F841
