"""TOML (stdlib tomllib, or tomli on Python 3.10)."""
from __future__ import annotations

import re
import sys

from checker.errors import LoadError
from checker.loaders.base import DataPath, Parsed

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found]  # installed on 3.10 only

_AT_LINE = re.compile(r"at line (\d+)")
_LONG_NUMBER = re.compile(r"[0-9a-fA-F_]{1000}")
_ASSIGNED = re.compile(r"\s*(\"[^\"]*\"|'[^']*'|[A-Za-z0-9_-]+)\s*=")


def parse(text: str) -> Parsed:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _AT_LINE.search(str(exc))
        message = str(exc).split(" (at ")[0]
        raise LoadError(f"invalid TOML: {message}",
                        line=int(match.group(1)) if match else 1) from None
    except RecursionError:
        raise LoadError("nesting too deep to read", line=1) from None
    except ValueError as exc:  # e.g. an integer past Python's 4,300-digit conversion limit
        long_run = _LONG_NUMBER.search(text)
        line = text.count("\n", 0, long_run.start()) + 1 if long_run else 1
        raise LoadError(f"invalid TOML: {str(exc).split(';')[0]}", line=line) from None
    first_lines: dict[str, int] = {}

    def locate(path: DataPath) -> int:
        # TOML parsers give no positions: the first line that assigns the last key
        # (every assignment indexed once, so many findings cost no rescans).
        keys = [str(p) for p in path if not isinstance(p, int)]
        if not keys:
            return 1
        if not first_lines:
            for number, line in enumerate(text.split("\n"), 1):
                match = _ASSIGNED.match(line)
                if match:
                    first_lines.setdefault(match.group(1).strip("\"'"), number)
        return first_lines.get(keys[-1], 1)

    return data, locate
