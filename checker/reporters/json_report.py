"""JSON report (``--json`` / ``--format json``): the whole run as data.

A root cause (a missing kind) has ``blocks``, the rules it blocks; each blocked result
(status ``blocked``) has ``blocked_by``, its root cause's rule.  A result with system
``*`` is about the whole repository.

Deterministic: keys sorted, two-space indent, a trailing newline and no
timestamps, so the same run always gives the same bytes.

The text is exactly ``json.dumps(document, indent=2, sort_keys=True)`` of the run's
document, written entry by entry from the shapes below (see ``jsontext``) instead of
by json's pure-Python indenting encoder; tests/reporters/test_json.py holds it to
``json.dumps``.
"""
from __future__ import annotations

from typing import Any

from checker.model import RESULT_ORDER, LoadFailure, Result, RunResult, Severity, Status, Waiver
from checker.reporters.base import Option, Spec
from checker.reporters.crosswalk import view, view_names
from checker.reporters.jsontext import PAD, Writer, array

SPEC = Spec(file=Option("--json", "json_file", "Write JSON here."), stdout=True,
            takes=("crosswalk",))

_W = Writer(ensure_ascii=True)
# Depths: the document's braces 0, its keys 1, a result's braces 2, its keys 3, ...
_ARTIFACT = _W.shape(("format", "kind", "path", "system"), 2)
_FAILURE = _W.shape(("error", "format", "kind", "line", "path", "system"), 2)
_RESULT_KEYS = ("artifact", "dimension", "discipline", "file", "findings", "line", "message",
                "pack", "rule", "severity", "status", "system", "title")
_RESULT = _W.shape(_RESULT_KEYS, 2)
_WAIVED = _W.shape(_RESULT_KEYS + ("waiver",), 2)
_SKIPPED = _W.shape(("path", "reason"), 2)
# a root cause lists the rules it blocks (``blocks``); a blocked result names its root
# cause (``blocked_by``): the key goes after "artifact", the waiver last
_LINKED = {(link, waived): _W.shape(_RESULT_KEYS[:1] + (link,) + _RESULT_KEYS[1:]
                                    + (("waiver",) if waived else ()), 2)
           for link in ("blocked_by", "blocks") for waived in (False, True)}
_FINDING = _W.shape(("file", "line", "message"), 4)
_WAIVER = _W.shape(("approved_by", "expires", "id", "justification", "line", "owner", "path",
                    "reason", "rule", "source"), 3)
_SIX_STR = (str,) * 6
_LABEL_TYPES = (Severity, Status)
_LABELS = {member: _W.string(str(member)) for kind in _LABEL_TYPES for member in kind}


def render(run: RunResult, crosswalk: Any = (), **_opts: Any) -> str:
    """The run as a JSON document (see DESIGN §4 for the keys); with ``crosswalk`` (view
    names, ``--crosswalk``) also ``crosswalk``: each framework's clauses and their results."""
    value = _W.value
    shapes: dict[tuple[Any, ...], str] = {}  # see _result_text
    parts = ['{\n  "artifacts": ', array([_artifact_text(a) for a in run.artifacts], 1)]
    if run.as_of:
        parts += [',\n  "as_of": ', value(run.as_of, 1)]
    views = view_names(crosswalk)
    if views:
        parts += [',\n  "crosswalk": ', value({name: view(run, name) for name in views}, 1)]
    parts += [
        ',\n  "errors": ', _W.strings(run.errors, 1),
        ',\n  "fail_on": ', _W.string(str(run.fail_on)),
        ',\n  "results": ',
        array([_result_text(r, shapes) for r in sorted(run.results, key=RESULT_ORDER)], 1),
        ',\n  "skipped": ', array([_SKIPPED.render(tuple(_W.texts(pair, 3)))
                                for pair in run.skipped], 1),
        ',\n  "summary": ', value(run.summary, 1),
        ',\n  "systems": ', _W.strings(run.systems, 1),
        ',\n  "version": ', value(run.version, 1),
        PAD[0], "}\n",
    ]
    return "".join(parts)


def _artifact_text(artifact: Any) -> str:
    texts = _W.texts((artifact.format, artifact.kind, artifact.path, artifact.system), 3)
    if isinstance(artifact, LoadFailure):
        message, line = _W.texts((artifact.message, artifact.line), 3)
        return _FAILURE.render((message, *texts[:2], line, *texts[2:]))
    return _ARTIFACT.render(tuple(texts))


def _result_text(result: Result, shapes: dict[tuple[Any, ...], str] | None = None) -> str:
    """A result as an entry of ``results``.  A result without findings, links or waiver (a
    pass: most of them) differs from the others of its rule only in where it is: its
    entry is written from the rule's (``shapes``, one per rule and message), with the
    artifact, file, line and system filled in."""
    if shapes is not None and not (result.findings or result.blocks or result.blocked_by) \
            and result.waiver is None:
        texts = (result.dimension, result.discipline, result.message, result.pack,
                 result.rule, result.title)
        # (equal values of other types may be written differently, or be unhashable)
        if tuple(map(type, texts)) == _SIX_STR and type(result.severity) is Severity \
                and type(result.status) is Status:
            key = (*texts, result.severity, result.status)
            shape = shapes.get(key)
            if shape is None:
                shape = shapes[key] = _shape(result)
            artifact, file, system = _W.texts((result.artifact, result.file, result.system), 3)
            return shape % (artifact, file, _W.value(result.line, 3), system)
    return _entry(result)


def _shape(result: Result) -> str:
    """The entry of ``result`` with ``%s`` for its artifact, file, line and system (and any
    other ``%`` doubled): what ``_entry`` writes, once they are filled in."""
    def kept(text: str) -> str:
        return text.replace("%", "%%")
    dimension, discipline, message, pack, rule, title = _W.texts(
        (result.dimension, result.discipline, result.message, result.pack, result.rule,
         result.title), 3)
    return _RESULT.render((
        "%s", kept(dimension), kept(discipline), "%s", _findings_text(()), "%s", kept(message),
        kept(pack), kept(rule), kept(_label(result.severity)), kept(_label(result.status)),
        "%s", kept(title)))


def _entry(result: Result) -> str:
    artifact, dimension, discipline, file, message, pack, rule, system, title = _W.texts(
        (result.artifact, result.dimension, result.discipline, result.file, result.message,
         result.pack, result.rule, result.system, result.title), 3)
    texts = (
        artifact, dimension, discipline, file, _findings_text(result.findings),
        _W.value(result.line, 3), message, pack, rule,
        _label(result.severity), _label(result.status),
        system, title,
    )
    if result.blocks or result.blocked_by:
        link = ("blocks", _W.strings(result.blocks, 3)) if result.blocks else \
            ("blocked_by", _W.value(result.blocked_by, 3))
        linked = (artifact, link[1], *texts[1:])
        if result.waiver is not None:
            return _LINKED[(link[0], True)].render((*linked, _waiver_text(result.waiver)))
        return _LINKED[(link[0], False)].render(linked)
    if result.waiver is None:
        return _RESULT.render(texts)
    return _WAIVED.render((*texts, _waiver_text(result.waiver)))


def _label(member: Any) -> str:
    """``str(member)`` encoded: a table lookup for the members of Severity and Status."""
    if type(member) in _LABEL_TYPES:
        return _LABELS[member]
    return _W.string(str(member))


def _findings_text(findings: tuple[tuple[Any, Any, Any], ...]) -> str:
    if not findings:
        return "[]"
    return array([_FINDING.render(tuple(_W.texts((file, line, message), 5)))
                  for file, line, message in findings], 3)


def _waiver_text(waiver: Waiver) -> str:
    return _WAIVER.render((
        _W.values(list(waiver.approved_by), 4), _W.string(str(waiver.expires)),
        *_W.texts((waiver.id, waiver.justification, waiver.line, waiver.owner, waiver.path,
                   waiver.reason, waiver.rule, waiver.source), 4),
    ))

