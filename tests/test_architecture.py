"""The package structure that docs/architecture.md describes, read from the code's own imports."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "checker"


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> list[tuple[str, ast.stmt, bool]]:
    """(imported checker module, the statement, whether it sits inside a function)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inner = {id(node) for func in ast.walk(tree)
             if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef))
             for node in ast.walk(func)}
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.append((target, node, id(node) in inner))
                break
    return found


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (a package importing its own
    submodules for its public face is not a cycle)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target, _stmt, _inner in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in GRAPH:
        if node not in index:
            visit(node)
    return [c for c in found if not all(m.startswith(c[0]) for m in c)]


def test_no_import_cycles_among_checkers_modules() -> None:
    assert _cycles() == []


def test_the_top_level_holds_at_most_twelve_modules() -> None:
    top = [p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py")]
    assert len(top) <= 12, sorted(top)


def test_an_import_inside_a_function_says_why_on_its_line() -> None:
    unexplained = []
    for name, path in MODULES.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for target, stmt, inner in GRAPH[name]:
            if inner and "#" not in lines[stmt.lineno - 1] and "#" not in lines[stmt.lineno - 2]:
                unexplained.append(f"{path.relative_to(PACKAGE.parent)}:{stmt.lineno} {target}")
    assert unexplained == []


@pytest.mark.parametrize("low, high", [("checker.model", "checker.engine"),
                                       ("checker.conditions", "checker.checks"),
                                       ("checker.paths", "checker.conditions"),
                                       ("checker.reporters", "checker.run"),
                                       ("checker.engine", "checker.run"),
                                       ("checker.run", "checker.cli")])
def test_dependencies_point_down(low: str, high: str) -> None:
    """A lower layer never imports a higher one."""
    upward = [f"{name} -> {target}" for name in GRAPH if name == low or name.startswith(low + ".")
              for target, _stmt, _inner in GRAPH[name]
              if target == high or target.startswith(high + ".")]
    assert upward == []
