"""What a ``--jobs`` worker's share becomes to travel back to the parent.

Artifacts hold closures and compiled checks, which do not pickle: a worker sends
them bare (path, kind, format, system, and the text only of files a finding
points into, which SARIF measures).  Results go as rows of field values, a
third cheaper to pickle and unpickle than dataclasses, and are rebuilt the way
``Result(*row)`` would build them.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from checker.model import Artifact, LoadFailure


def pack(items: list, results: list) -> tuple[list, list]:
    """A worker's share made small to send: its results as rows of field values (a
    third cheaper to pickle and unpickle than dataclasses; ``unpack_results`` rebuilds them)."""
    shown = [r for r in results if r.status.value in ("fail", "error", "waived")]
    cited = {f for r in shown for f, _line, _message in r.findings} | {r.file for r in shown}
    fields = _result_fields()
    return [_bare(i, i.path in cited) for i in items], [fields(r) for r in results]


def unpack_results(rows: list) -> list:
    """The Results of ``pack``'s rows: each as ``Result(*row)`` would make it."""
    from checker.model import Result

    names = _result_names()
    new = object.__new__
    out = []
    for row in rows:
        result = new(Result)
        result.__dict__.update(zip(names, row))
        out.append(result)
    return out


def _result_names() -> tuple:
    from dataclasses import fields

    from checker.model import Result

    return tuple(field.name for field in fields(Result))


def _result_fields() -> Any:
    import operator

    return operator.attrgetter(*_result_names())


def _no_line(_path: tuple) -> int:
    return 1


def _bare(item: Artifact | LoadFailure, cited: bool) -> Artifact | LoadFailure:
    """What a report needs of an artifact, picklable and small: path, kind, format,
    system, and the text only of files a finding points into (SARIF measures its lines)."""
    if isinstance(item, LoadFailure):
        return item
    return replace(item, data=None, raw=None, text=item.text if cited else "",
                   locate=_no_line)
