"""A JMESPath AST compiled to nested Python closures.

jmespath's ``TreeInterpreter`` dispatches on a dict per AST node per value (and
builds a new interpreter per search); packs apply the same few expressions
(``assets[?kind=='safeguard'].id``, ``covers[]``, ``a || b``) to thousands of
documents.  Each closure below mirrors the ``visit_*`` method of the same name
in ``jmespath/visitor.py`` step for step, so answers and errors are the same.
An expression using a node type not listed here (``&expr``, slices, ``*`` over
objects, multi-select hashes) is not compiled: the caller keeps jmespath.
Some of those steps are jmespath's private helpers (``_is_comparable``,
``_is_actual_number``, ``TreeInterpreter._EQUALITY_OPS``), hence ``jmespath<2`` in
pyproject.toml; ``tests/paths/test_compiled.py`` holds the answers to live jmespath.
"""
from __future__ import annotations

from typing import Any, Callable

from jmespath import functions
from jmespath.visitor import TreeInterpreter, _is_actual_number, _is_comparable

Fn = Callable[[Any], Any]
Node = dict[str, Any]  # a node of jmespath's parsed AST


class Unsupported(Exception):
    """The expression has a node type this module does not compile."""


def compile_ast(node: Node) -> Fn:
    """Closure for a parsed jmespath AST; raises Unsupported."""
    make = _MAKERS.get(node["type"])
    if make is None:
        raise Unsupported(node["type"])
    return make(node, [compile_ast(c) for c in node.get("children", ())
                       if isinstance(c, dict)])


def _is_false(value: Any) -> bool:
    return (value == "" or value == [] or value == {} or value is None or value is False)


def _field(node: Node, _kids: list[Fn]) -> Fn:
    key = node["value"]

    def field(value: Any) -> Any:
        if type(value) is dict:
            return value.get(key)
        try:
            return value.get(key)
        except AttributeError:
            return None
    return field


def _chain(_node: Node, kids: list[Fn]) -> Fn:  # subexpression, index_expression, pipe
    def chain(value: Any) -> Any:
        for kid in kids:
            value = kid(value)
        return value
    return chain


def _identity(_node: Node, _kids: list[Fn]) -> Fn:
    return lambda value: value


def _literal(node: Node, _kids: list[Fn]) -> Fn:
    constant = node["value"]
    return lambda _value: constant


def _index(node: Node, _kids: list[Fn]) -> Fn:
    position = node["value"]

    def index(value: Any) -> Any:
        if not isinstance(value, list):
            return None
        try:
            return value[position]
        except IndexError:
            return None
    return index


def _comparator(node: Node, kids: list[Fn]) -> Fn:
    op = node["value"]
    func = TreeInterpreter.COMPARATOR_FUNC[op]
    left, right = kids
    literal = node["children"][1]
    if op in TreeInterpreter._EQUALITY_OPS and literal["type"] == "literal" \
            and (type(literal["value"]) is str or literal["value"] is None):
        # _equals(x, "text") is x == "text", _equals(x, null) is x == None: its
        # 0/1-versus-bool case needs a bool on one side
        text = literal["value"]
        if op == "eq":
            return lambda value: left(value) == text
        return lambda value: not left(value) == text
    if op in TreeInterpreter._EQUALITY_OPS:
        negate = op == "ne"

        def equality(value: Any) -> Any:
            a, b = left(value), right(value)
            if a is None or b is None:  # _equals(a, b) is a == b: no bool on either side
                return not a == b if negate else a == b
            return func(a, b)
        return equality

    def order(value: Any) -> Any:
        a, b = left(value), right(value)
        if not (_is_comparable(a) and _is_comparable(b)):
            return None
        return func(a, b)
    return order


def _projection(node: Node, kids: list[Fn]) -> Fn:
    base_of, each = kids
    kind, key = _simple(node["children"][1])
    if kind == "identity":  # ``a[]``: the items that are not null
        def identity_projection(value: Any) -> Any:
            base = base_of(value)
            if not isinstance(base, list):
                return None
            return [element for element in base if element is not None]
        return identity_projection
    if kind == "field":  # ``a[].b``: field(element) inlined for mappings
        def field_projection(value: Any) -> Any:
            base = base_of(value)
            if not isinstance(base, list):
                return None
            collected = []
            for element in base:
                current = element.get(key) if type(element) is dict else each(element)
                if current is not None:
                    collected.append(current)
            return collected
        return field_projection

    def projection(value: Any) -> Any:
        base = base_of(value)
        if not isinstance(base, list):
            return None
        collected = []
        for element in base:
            current = each(element)
            if current is not None:
                collected.append(current)
        return collected
    return projection


def _filter_projection(node: Node, kids: list[Fn]) -> Fn:
    base_of, each, test = kids
    kind, key = _simple(node["children"][1])
    if kind != "field":
        key = None

    def filter_projection(value: Any) -> Any:
        base = base_of(value)
        if not isinstance(base, list):
            return None
        collected = []
        for element in base:
            kept = test(element)  # a comparison answers a bool: _is_false(b) is not b
            if kept is True or (kept is not False and not _is_false(kept)):
                current = element.get(key) if key is not None and type(element) is dict \
                    else each(element)
                if current is not None:
                    collected.append(current)
        return collected
    return filter_projection


def _simple(node: Node) -> tuple[str | None, Any]:
    """("identity", None) or ("field", key) for those nodes, else (None, None)."""
    if node["type"] in ("identity", "current"):
        return "identity", None
    if node["type"] == "field":
        return "field", node["value"]
    return None, None


def _flatten(_node: Node, kids: list[Fn]) -> Fn:
    (base_of,) = kids

    def flatten(value: Any) -> Any:
        base = base_of(value)
        if not isinstance(base, list):
            return None
        merged: list[Fn] = []
        for element in base:
            if isinstance(element, list):
                merged.extend(element)
            else:
                merged.append(element)
        return merged
    return flatten


def _multi_select_list(_node: Node, kids: list[Fn]) -> Fn:
    def multi_select_list(value: Any) -> Any:
        if value is None:
            return None
        return [kid(value) for kid in kids]
    return multi_select_list


def _or(_node: Node, kids: list[Fn]) -> Fn:
    first, second = kids

    def or_expression(value: Any) -> Any:
        matched = first(value)
        if _is_false(matched):
            matched = second(value)
        return matched
    return or_expression


def _and(_node: Node, kids: list[Fn]) -> Fn:
    first, second = kids

    def and_expression(value: Any) -> Any:
        matched = first(value)
        if _is_false(matched):
            return matched
        return second(value)
    return and_expression


def _not(_node: Node, kids: list[Fn]) -> Fn:
    (inner,) = kids

    def not_expression(value: Any) -> Any:
        original = inner(value)
        if _is_actual_number(original) and original == 0:
            return False
        return not original
    return not_expression


def _function(node: Node, kids: list[Fn]) -> Fn:
    table = functions.Functions()
    call, name = table.call_function, node["value"]
    spec = table.FUNCTION_TABLE.get(name)
    signature = spec["signature"] if spec else ()
    if not spec or len(signature) != len(kids) or any(
            arg.get("variadic") or "-" in "".join(arg["types"]) for arg in signature):
        return lambda value: call(name, [kid(value) for kid in kids])
    # jmespath checks each argument's type by its name on every call; the names it
    # accepts are worked out once here, and any argument that fails goes to jmespath
    # itself, which raises its own error
    function = spec["function"]
    accepts = [frozenset(table._get_allowed_pytypes(arg["types"])[0]) if arg["types"] else None
               for arg in signature]

    def checked(value: Any) -> Any:
        args = [kid(value) for kid in kids]
        for arg, names in zip(args, accepts):
            if names is not None and type(arg).__name__ not in names:
                return call(name, args)
        return function(table, *args)
    return checked


_MAKERS: dict[str, Callable[[Node, list[Fn]], Fn]] = {
    "field": _field, "subexpression": _chain, "index_expression": _chain, "pipe": _chain,
    "identity": _identity, "current": _identity, "literal": _literal, "index": _index,
    "comparator": _comparator, "projection": _projection,
    "filter_projection": _filter_projection, "flatten": _flatten,
    "multi_select_list": _multi_select_list, "or_expression": _or,
    "and_expression": _and, "not_expression": _not, "function_expression": _function,
}
