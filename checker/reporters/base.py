"""What every reporter shares: the ``Reporter`` contract and text helpers.

A reporter is a module with ``render(run: RunResult, **opts) -> str`` and a ``SPEC``
saying how ``safesec check`` offers it.  It only reads the run; it never writes files
and never decides the exit code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Protocol

from checker.ids import reference_text
from checker.model import REPOSITORY, Location, Result, Rule, RunResult

# Characters XML 1.0 cannot carry at all (C0 controls except tab/newline/CR,
# surrogates, U+FFFE/U+FFFF).  Stripping them also defuses terminal escapes.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# ANSI/VT escape sequences (CSI and OSC), removed whole rather than leaving "[31m".
_ESCAPE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?)")
# For one-line human output: every C0/C1 control other than whitespace, and the lone
# surrogates a non-UTF-8 file name decodes to (``\udcff`` for the byte 0xff).
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\udc80-\udcff]")
_FLAT = re.compile("[\x00-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\udc80-\udcff]")

NO_FILE = str(Location(""))  # "(repository)"


@dataclass(frozen=True)
class Option:
    """A ``safesec check`` option that belongs to a reporter."""

    flag: str  # "--junit-xml"
    dest: str  # the parameter name; for a switch also the ``RunOptions`` field it sets
    help: str


@dataclass(frozen=True)
class Spec:
    """What a reporter declares about itself; the CLI and the run read only this."""

    file: Option | None = None  # ``FLAG FILE`` writes the format to FILE
    switches: tuple[Option, ...] = ()  # on/off options of the format, shown after ``file``
    stdout: bool = False  # may be chosen with ``--format``
    # render keyword arguments taken from the run's options (``checker.run.reports.INPUTS``)
    takes: tuple[str, ...] = ()


class Reporter(Protocol):
    SPEC: Spec

    def render(self, run: RunResult, **opts: Any) -> str: ...


def xml_safe(text: object) -> str:
    """``text`` as a string XML 1.0 can hold (undecodable bytes as ``\\xNN``, other illegal
    characters removed)."""
    return _ILLEGAL_XML.sub("", show_bytes(_ESCAPE.sub("", str(text))))


def show_bytes(text: str) -> str:
    """A non-UTF-8 file name's undecodable bytes (``\\udcff``) written as ``\\xff``."""
    if text.isascii():  # known without a scan: surrogates are not ASCII
        return text
    return _SURROGATE.sub(_hex, text)


def _hex(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xdc00 if code >= 0xdc00 else code:02x}"


def has_illegal_xml(text: str) -> bool:
    """Whether ``xml_safe`` would change ``text`` (ANSI escapes start with an illegal ESC)."""
    return _ILLEGAL_XML.search(text) is not None


def flat(text: object) -> str:
    """``text`` flattened to one line for a data report (JUnit): terminal escapes removed
    whole, other controls as spaces."""
    return " ".join(_FLAT.sub(" ", _ESCAPE.sub("", str(text))).split())


def one_line(text: object) -> str:
    """``text`` as one inert line for a terminal or a CI log: whitespace runs (newlines
    included) become one space; other C0/C1 controls (terminal escapes) and undecodable
    bytes are shown as ``\\xNN``; GitHub workflow commands are broken, the legacy
    ``##[cmd]`` (honoured anywhere in a line) as ``##\\[cmd]``, a leading ``::cmd::`` (the
    only place the runner reads one) as ``\\x3a:cmd::``."""
    value = " ".join(_CONTROL.sub(_hex, str(text)).split())
    value = value.replace("##[", "##\\[")
    return "\\x3a" + value[1:] if value.startswith("::") else value


def where(file: str, line: int | None) -> str:
    """``path:line`` for a location, ``(repository)`` when there is no file."""
    return str(Location(file, line or 1)) if file else NO_FILE


def subject(result: Result) -> str:
    """What a result is about: its artifact, else its system, else the repo."""
    if result.artifact:
        return result.artifact
    if result.system and result.system not in (".", REPOSITORY):
        return result.system
    return NO_FILE


def system_name(system: str) -> str:
    """A result's system for a reader: ``(repository)`` for one about the whole repository
    (system ``*``: a repository-wide file, a missing repository-wide kind)."""
    return NO_FILE if system == REPOSITORY else system or "."


def findings(result: Result) -> list[tuple[str, int, str]]:
    """Every ``(file, line, message)`` of a result; the result itself if none."""
    found = [(str(f), int(ln or 1), str(m)) for f, ln, m in result.findings]
    return found or [(result.file, result.line, result.message)]


def headline(result: Result) -> str:
    """One-line summary: the first problem, with a count of the others."""
    found = findings(result)
    text = flat(found[0][2] or result.message)
    return f"{text} (+{len(found) - 1} more)" if len(found) > 1 else text


def rule_index(run: RunResult) -> dict[tuple[str, str], Rule]:
    """Rules of the run by ``(pack, id)``, for remediation and references."""
    return {(rule.pack, rule.id): rule for rule in run.rules}


def references(rule: Rule | None) -> list[str]:
    """``name: a, b`` lines for a rule's non-empty references, sorted by name."""
    refs = rule.references if rule is not None else {}
    lines = []
    for name in sorted(refs):
        value = refs[name]
        items = value if isinstance(value, (list, tuple)) else [value]
        if items:
            lines.append(f"{name}: {', '.join(reference_text(i) for i in items)}")
    return lines
