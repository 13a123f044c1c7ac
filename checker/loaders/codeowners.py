"""GitHub CODEOWNERS: pattern and owners per line."""
from __future__ import annotations

from typing import Any

from checker.loaders.base import DataPath, Locate

FILE_NAMES = ("CODEOWNERS",)  # read by this loader whatever folder holds them


def parse(text: str) -> tuple[dict[str, Any], Locate]:
    entries: list[dict[str, Any]] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.split("#", 1)[0].split() if " #" in line else line.split()
        entries.append({"pattern": fields[0], "owners": fields[1:], "line": number})

    def locate(path: DataPath) -> int:
        if len(path) >= 2 and path[0] == "entries" and isinstance(path[1], int) \
                and 0 <= path[1] < len(entries):
            line: int = entries[path[1]]["line"]
            return line
        return 1

    return {"entries": entries}, locate
