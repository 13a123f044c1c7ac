"""What every adapter returns, the error it raises, and small helpers they share.

Adapters are pure: they take data a loader already parsed and return the native
shape of DESIGN.md section 2. They never read files.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Protocol

from checker.errors import LoadError
from checker.ids import ATLAS_ID, OWASP_LLM_ID
from checker.loaders.base import DataPath

Origin = dict[DataPath, DataPath]  # native path prefix -> the raw path it came from
Problems = list[tuple[str, DataPath]]  # what is wrong, and where in the raw document


@dataclass(frozen=True)
class Adapted:
    """An external document mapped onto a native model.

    ``origin`` maps a native path prefix to the raw path it came from (best
    effort, for line numbers); ``unsupported`` names native fields the format
    has no way to express (``"threats[].actor.budget"``); ``derived`` holds
    further artifacts the document implies (an HF card's ``model-index`` is
    also an eval report).
    """

    kind: str
    format: str
    data: Any
    origin: Origin = field(default_factory=dict)
    unsupported: tuple[str, ...] = ()
    derived: tuple[Adapted, ...] = ()


class Adapter(Protocol):
    """What an adapter module declares: its format, the kind it reads, the native
    fields it cannot express, which files are its own, and how to map them.
    (The constants are read-only properties so that a module's tuples fit.)"""

    @property
    def FORMAT(self) -> str: ...

    @property
    def KIND(self) -> str: ...

    @property
    def UNSUPPORTED(self) -> tuple[str, ...]: ...

    def matches(self, kind: str, path: str, raw: Any) -> bool: ...

    def adapt(self, raw: Any) -> Adapted: ...


class AdaptError(LoadError):
    """A document of a known external format that is malformed.

    ``raw_path`` points into the parsed document so the loader can turn it into
    a line (``locate(raw_path)``); ``line`` stays None when only the path is known.
    """

    def __init__(self, message: str, *, raw_path: DataPath = (), line: int | None = None) -> None:
        super().__init__(message, line=line)
        self.raw_path = tuple(raw_path)


_SLUG = re.compile(r"[^a-z0-9]+")
_TAG = re.compile(r"<[^>]+>")


def slug(text: str) -> str:
    """``'content safety check input $model="x"'`` -> ``content-safety-check-input-x``."""
    return _SLUG.sub("-", str(text).lower()).strip("-")


def plain(text: Any) -> str:
    """Text without HTML tags and surrounding space (Threagile titles carry <b>)."""
    return _TAG.sub("", str(text or "")).strip()


def ids_in(*texts: Any) -> tuple[list[str], list[str]]:
    """ATLAS and OWASP LLM IDs written in free text (formats without a field for them)."""
    joined = "\n".join(str(t) for t in texts if t)
    atlas = sorted(set(ATLAS_ID.findall(joined)))
    owasp = sorted(set(OWASP_LLM_ID.findall(joined)))
    return atlas, owasp


def number(value: Any) -> float | None:
    """A float from a number or a numeric string; None for "N/A", bools and the rest."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        return None


def iso_date(value: Any) -> str | None:
    """``YYYY-MM-DD`` from a date, an ISO timestamp or a Unix time; None when unreadable."""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _dt.datetime.fromtimestamp(value, _dt.timezone.utc).date().isoformat()
    match = re.match(r"\s*(\d{4}-\d{2}-\d{2})", str(value or ""))
    return match.group(1) if match else None


def interval(value: float | None, stderr: float | None) -> list[float] | None:
    """Normal-approximation 95% interval from a reported standard error."""
    if value is None or stderr is None:
        return None
    return [round(value - 1.96 * stderr, 6), round(value + 1.96 * stderr, 6)]


def mapping(raw: Any, what: str, raw_path: DataPath = ()) -> dict[str, Any]:
    if not isinstance(raw, dict):
        found = "nothing" if raw is None else f"a {type(raw).__name__}"
        raise AdaptError(f"{what}: expected a mapping, found {found}", raw_path=raw_path)
    return raw


def mapping_or_empty(raw: dict[str, Any], key: str) -> dict[str, Any]:
    """The mapping under ``key``; {} when there is none or the value is not a mapping."""
    value = raw.get(key)
    return value if isinstance(value, dict) else {}


def items(raw: Any, what: str, raw_path: DataPath = ()) -> list[Any]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise AdaptError(f"{what}: expected a list, found a {type(raw).__name__}",
                         raw_path=raw_path)
    return raw


def compact(entry: dict[str, Any]) -> dict[str, Any]:
    """Drop keys whose value is None or {} so absent stays absent (never a fake value)."""
    return {k: v for k, v in entry.items() if v is not None and v != {}}


def uniq(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))
