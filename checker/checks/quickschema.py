"""A quick "certainly valid" test for simple Cerberus schemas, tried before Cerberus.

For a schema whose fields use only ``type``, ``required``, ``nullable``, ``empty``,
``allowed`` and ``not_placeholder``, ``quick_test`` gives a function that answers True
only when Cerberus would find no error (the same tests, read from the validator's own
schema and type mapping); on False the caller validates with Cerberus, which finds the
errors.  Never a different verdict: tests/checks/test_quickschema.py compares the two.
"""
from __future__ import annotations

import re
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
        typed = _types_of(rules.get("type"), validator.types_mapping)
        if typed is False or typed is True:
            return None
        fields.append((name, rules.get("required") is True, _type_test(typed), rules.get("allowed"),
                       bool(rules.get("not_placeholder"))))
    known = frozenset(schema) if validator.allow_unknown is False else None
    return lambda document: _valid(document, fields, known)


def _valid(document: Any, fields: list[Any], known: frozenset[Any] | None) -> bool:
    if type(document) is not dict:
        return False
    if known is not None and not known.issuperset(document):
        return False  # an unknown field: let Cerberus say so
    for name, required, of_type, allowed, not_placeholder in fields:
        if name not in document:
            if required:
                return False
            continue
        value = document[name]
        if value is None:
            return False  # nullable or not, Cerberus decides
        if of_type is not None and not of_type(value):
            return False
        if _empty(value):
            return False  # empty: allowed or not, Cerberus decides
        if allowed is not None and not _allowed(value, allowed):
            return False
        if not_placeholder and is_placeholder(value):
            return False
    return True


def _allowed(value: Any, allowed: Any) -> bool:
    """Cerberus' ``allowed``: every item of an iterable (not a string), else the value."""
    try:
        if type(value) is str:
            return value in allowed
        if isinstance(value, Iterable) and not isinstance(value, str):
            return all(item in allowed for item in value)
        return value in allowed
    except Exception:
        return False


_NESTED_RULES = frozenset({"type", "required", "allowed", "schema", "regex", "valuesrules",
                           "minlength", "maxlength", "min", "max"})
Check = Callable[[Any], bool]


def quick_closed(validator: Any) -> Test | None:
    """``quick_test`` for a closed (``allow_unknown`` false) schema with nested mappings and
    lists, ``regex``, ``valuesrules`` and length bounds: True only when Cerberus would find
    no error (a regex must match all of the string, which Cerberus' match-with-``$``
    accepts too); None when the schema uses any other rule."""
    if validator.allow_unknown is not False or validator.require_all is not False \
            or validator.ignore_none_values is not False or validator.is_child:
        return None
    mapping = _mapping(dict(validator.schema), validator.types_mapping)
    return None if mapping is None else mapping


def _mapping(fields: dict[str, Any], types: Any) -> Check | None:
    """The test of a mapping with exactly these (closed) fields."""
    compiled = []
    for name, rules in fields.items():
        if not isinstance(rules, dict) or not set(rules) <= _NESTED_RULES:
            return None
        test = _field(rules, types)
        if test is None:
            return None
        compiled.append((name, rules.get("required") is True, test))
    known = frozenset(fields)

    def valid(document: Any) -> bool:
        if type(document) is not dict or not known.issuperset(document):
            return False
        for name, required, test in compiled:
            if name not in document:
                if required:
                    return False
            elif not test(document[name]):
                return False
        return True
    return valid


def _field(rules: dict[str, Any], types: Any) -> Check | None:
    found = _types_of(rules.get("type"), types)
    if found is False or found is True:
        return None
    typed: tuple[Any, ...] | None = found
    tests: list[Check] = []
    if rules.get("allowed") is not None:
        allowed = rules["allowed"]
        tests.append(lambda v: _allowed(v, allowed))
    if rules.get("regex") is not None:
        pattern = re.compile(rules["regex"])
        tests.append(lambda v: not isinstance(v, str) or pattern.fullmatch(v) is not None)
    low, high = rules.get("minlength"), rules.get("maxlength")
    if low is not None or high is not None:
        tests.append(lambda v: not isinstance(v, Sized) or (
            (low is None or len(v) >= low) and (high is None or len(v) <= high)))
    least, most = rules.get("min"), rules.get("max")
    if least is not None or most is not None:  # on numbers only; Cerberus decides the rest
        tests.append(lambda v: type(v) in (int, float) and (least is None or v >= least)
                     and (most is None or v <= most))
    inner = rules.get("schema")
    if inner is not None:
        nested = _nested(inner, rules.get("type"), types)
        if nested is None:
            return None
        tests.append(nested)
    if rules.get("valuesrules") is not None:
        each = _field(rules["valuesrules"], types) if isinstance(rules["valuesrules"], dict) \
            and set(rules["valuesrules"]) <= _NESTED_RULES else None
        if each is None:
            return None
        tests.append(lambda v: not isinstance(v, dict) or all(each(x) for x in v.values()))

    of_type = _type_test(typed)
    empty_matters = bool(set(rules) - {"type", "required"})  # an empty value: Cerberus decides
    only = tests[0] if len(tests) == 1 else None

    def valid(value: Any) -> bool:
        if value is None:
            return False  # nullable or not, Cerberus decides
        if of_type is not None and not of_type(value):
            return False
        if empty_matters and _empty(value):
            return False
        if only is not None:
            return only(value)
        for test in tests:
            if not test(value):
                return False
        return True
    return valid


def _type_test(typed: tuple[Any, ...] | None) -> Check | None:
    """Whether a value is of one of the (included, excluded) type pairs.  The answer
    depends on the value's class only (Cerberus' types are classes and ABCs), so it is
    worked out once per class: the ABCs' ``isinstance`` is the slow part."""
    if typed is None:
        return None
    answers: dict[type, bool] = {}

    def of_type(value: Any) -> bool:
        cls = type(value)
        found = answers.get(cls)
        if found is None:
            found = answers[cls] = any(isinstance(value, inc) and not isinstance(value, exc)
                                       for inc, exc in typed)
        return found
    return of_type


_SIZED = (str, list, dict)  # the sized values of parsed documents, tested without the ABC


def _empty(value: Any) -> bool:
    if type(value) in _SIZED:
        return len(value) == 0
    return isinstance(value, Sized) and len(value) == 0


def _nested(inner: Any, declared: Any, types: Any) -> Check | None:
    """``schema`` of a field of type list (the rules of its items) or dict (its fields)."""
    if not isinstance(inner, dict) or declared not in ("list", "dict"):
        return None
    if declared == "list":
        item = _field(inner, types)
        if item is None:
            return None
        return lambda v: not isinstance(v, list) or all(item(x) for x in v)
    mapping = _mapping(inner, types)
    if mapping is None:
        return None
    return lambda v: not isinstance(v, dict) or mapping(v)


def _types_of(declared: Any, types: Any) -> tuple[Any, ...] | None | bool:
    """(included, excluded) type pairs of the declared types; None for no type rule;
    False when one is not in the validator's type mapping (a custom type method)."""
    if not declared:
        return None
    pairs = []
    for name in (declared,) if isinstance(declared, str) else declared:
        definition = types.get(name)
        if definition is None:
            return False
        pairs.append((definition.included_types, definition.excluded_types))
    return tuple(pairs)
