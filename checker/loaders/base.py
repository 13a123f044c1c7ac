"""What every loader returns: the parsed data and ``locate``, its map from paths to lines."""
from __future__ import annotations

from typing import Any, Callable

DataPath = tuple[Any, ...]  # a path into parsed data: ("threats", 0, "actor", "goal")
Locate = Callable[[DataPath], int]  # the 1-based line of the value at a path
Parsed = tuple[Any, Locate]  # what a parser returns for a text
