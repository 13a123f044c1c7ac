"""JMESPath expressions compiled once (jmespath imported on first use)."""
from __future__ import annotations

import functools
from typing import Any


@functools.lru_cache(maxsize=4096)
def compile_path(expression: str) -> Any:
    """Compile a JMESPath expression; raises ValueError naming the problem."""
    import jmespath
    from jmespath.exceptions import JMESPathError

    try:
        return jmespath.compile(expression)
    except JMESPathError as exc:
        raise ValueError(f"invalid JMESPath {expression!r}: {str(exc).splitlines()[0]}") from None


def run(compiled: Any, data: Any) -> Any:
    """Apply a compiled expression; a type error inside it (e.g. ``length(null)``)
    means the data has no such value, so it answers None."""
    from jmespath.exceptions import JMESPathError

    try:
        return compiled.search(data)
    except (JMESPathError, TypeError, ValueError):
        return None
