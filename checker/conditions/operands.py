"""Operands read at run time: ``{setting}``, ``{root}`` and ``{system}``.

``{root}`` answers are reused while the same document is passed, ``{system}``
answers while the context hands back the same artifact list
(``ctx.system_artifacts(kind)``): documents are not modified while rules are
evaluated.
"""
from __future__ import annotations

from typing import Any, Callable

from checker.paths import Path, compile_path, flatten, run

Source = Callable[[Any, Any], Any]  # (ctx, root) -> the operand's value
_MISS = object()
_OPERAND_KEYS = frozenset(("setting", "root", "system"))
OPERAND_FORMS = "{setting: name, default: value}, {root: path} or {system: {kind, path, fragment}}"


def source_of(raw: Any) -> Source | None:
    """How to read an operand at run time; None for a constant.  A mapping that names
    ``setting``, ``root`` or ``system`` but is none of the three forms is a constant."""
    if not isinstance(raw, dict) or len(raw) > 2:
        return None
    if "setting" in raw and set(raw) <= {"setting", "default"}:
        name, default = raw["setting"], raw.get("default")
        return lambda ctx, root: ctx.setting(name, default) if ctx else default
    if set(raw) == {"root"} and isinstance(raw["root"], str):
        return _root(compile_path(raw["root"]))
    if set(raw) == {"system"} and isinstance(raw["system"], dict) \
            and isinstance(raw["system"].get("kind"), str) \
            and isinstance(raw["system"].get("path"), str):
        return _system(raw["system"])
    return None


def check_operand(raw: Any) -> None:
    """Raise ValueError for a mapping meant as an operand but of none of its forms.  A
    ``{path: ...}`` operand is one: a test compares with a constant or one of the three
    forms, never with another field of the same item (it would compare with the mapping
    itself, and always fail)."""
    if isinstance(raw, dict) and "path" in raw:
        raise ValueError(f"{{path: {raw['path']!r}}} is not an operand: a test compares the "
                         "value at 'path' with a constant or "
                         f"{OPERAND_FORMS} ({{root: PATH}} reads the document the item "
                         "belongs to)")
    if isinstance(raw, dict) and raw.keys() & _OPERAND_KEYS and source_of(raw) is None:
        raise ValueError(f"an operand is {OPERAND_FORMS}, found {raw}")


def resolve(value: Any, ctx: Any, root: Any = None) -> Any:
    """An option's value: the constant itself, or what its operand reads now."""
    source = source_of(value)
    return value if source is None else source(ctx, root)


def _root(expr: Path) -> Source:
    cell: list[Any] = [(_MISS, None)]

    def root_values(ctx: Any, root: Any) -> Any:
        seen, answer = cell[0]
        if seen is not root:
            answer = run(expr, root)
            cell[0] = (root, answer)
        return answer
    return root_values


def _system(spec: dict[str, Any]) -> Source:
    kind, expr, fragment = spec["kind"], compile_path(spec["path"]), spec.get("fragment")
    cell: list[Any] = [(_MISS, None)]

    def system_values(ctx: Any, root: Any) -> list[Any]:
        if not ctx:
            return []
        artifacts = ctx.system_artifacts(kind)
        seen, values = cell[0]
        if seen is not artifacts:
            values = []
            for artifact in artifacts:  # every value, flat; ``fragment``: what follows '#'
                for item in flatten(run(expr, artifact.data)):
                    if fragment and isinstance(item, str):
                        item = item.split("#", 1)[-1]
                    values.append(item)
            cell[0] = (artifacts, values)
        found: list[Any] = values
        return found
    return system_values
