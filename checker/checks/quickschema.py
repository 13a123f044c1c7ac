"""A quick "certainly valid" test for simple Cerberus schemas, tried before Cerberus.

For a schema whose fields use only ``type``, ``required``, ``nullable``, ``empty``,
``allowed`` and ``not_placeholder``, ``quick_test`` gives a function that answers True
only when Cerberus would find no error (the same tests, read from the validator's own
schema and type mapping); on False the caller validates with Cerberus, which finds the
errors.  Never a different verdict: tests/checks/test_quickschema.py compares the two.
"""
from __future__ import annotations

from collections.abc import Iterable, Sized
from typing import Any, Callable

from checker.validation import is_placeholder

Test = Callable[[dict[str, Any]], bool]  # document -> certainly valid
_RULES = frozenset({"type", "required", "nullable", "empty", "allowed", "not_placeholder"})


def quick_test(validator: Any) -> Test | None:
    """The test for ``validator``'s schema, or None when it uses other rules or options."""
    try:
        schema = dict(validator.schema)
    except Exception:
        return None
    if validator.allow_unknown not in (True, False) or validator.require_all is not False \
            or validator.ignore_none_values is not False or validator.is_child:
        return None
    fields = []
    for name, rules in schema.items():
        if not isinstance(rules, dict) or not set(rules) <= _RULES:
            return None
        typed = _types(validator, rules.get("type"))
        if typed is False:
            return None
        fields.append((name, rules.get("required") is True, typed, rules.get("allowed"),
                       bool(rules.get("not_placeholder"))))
    known = frozenset(schema) if validator.allow_unknown is False else None
    return lambda document: _valid(document, fields, known)


def _types(validator: Any, declared: Any) -> tuple[Any, ...] | None | bool:
    """(included, excluded) type pairs of the declared types; None for no type rule;
    False when one is not in the validator's type mapping (a custom type method)."""
    if not declared:
        return None
    names = (declared,) if isinstance(declared, str) else declared
    pairs = []
    for name in names:
        definition = validator.types_mapping.get(name)
        if definition is None:
            return False
        pairs.append((definition.included_types, definition.excluded_types))
    return tuple(pairs)


def _valid(document: Any, fields: list[Any], known: frozenset[Any] | None) -> bool:
    if type(document) is not dict:
        return False
    if known is not None and not known.issuperset(document):
        return False  # an unknown field: let Cerberus say so
    for name, required, typed, allowed, not_placeholder in fields:
        if name not in document:
            if required:
                return False
            continue
        value = document[name]
        if value is None:
            return False  # nullable or not, Cerberus decides
        if typed is not None and not any(isinstance(value, inc) and not isinstance(value, exc)
                                         for inc, exc in typed):
            return False
        if isinstance(value, Sized) and len(value) == 0:
            return False  # empty: allowed or not, Cerberus decides
        if allowed is not None and not _allowed(value, allowed):
            return False
        if not_placeholder and is_placeholder(value):
            return False
    return True


def _allowed(value: Any, allowed: Any) -> bool:
    """Cerberus' ``allowed``: every item of an iterable (not a string), else the value."""
    try:
        if isinstance(value, Iterable) and not isinstance(value, str):
            return all(item in allowed for item in value)
        return value in allowed
    except Exception:
        return False
