"""The data every part of safesec shares: artifacts, rules, results.

Everything here is plain data.  Loaders build :class:`Artifact`, the policy
loader builds :class:`Rule`, checks yield :class:`Finding`, the engine turns
findings into :class:`Result` and a :class:`RunResult`; reporters only read.
"""
from __future__ import annotations

import enum
import operator
import re
from dataclasses import dataclass, field, fields
from typing import Any, Callable, Mapping

Path = tuple[Any, ...]  # a path into parsed data: ("threats", 0, "actor", "goal")


class Severity(enum.IntEnum):
    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @classmethod
    def parse(cls, text: str) -> "Severity":
        return cls[text.upper()]

    def __str__(self) -> str:
        return self.name.lower()


SEVERITIES = tuple(str(s) for s in sorted(Severity, reverse=True))


class Status(str, enum.Enum):
    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"
    WAIVED = "waived"
    NOT_APPLICABLE = "not-applicable"
    BLOCKED = "blocked"  # its input kind is missing: the root cause (``Result.blocks``) fails

    def __str__(self) -> str:
        return self.value


DIMENSIONS = ("objectives", "threat-models", "problem-framing", "governance")
DISCIPLINES = ("safety", "security", "interplay")

KINDS = (
    "model_card",
    "threat_model",
    "eval_report",
    "config",
    "security_policy",
    "incident_response",
    "ai_bom",
    "codeowners",
)
# Kinds that belong to every system of a repository (DESIGN "Systems").
REPO_WIDE_KINDS = ("security_policy", "incident_response", "codeowners")
# The system of a result about the whole repository (a repository-wide file, a missing
# repository-wide kind): reported once, not once per system.
REPOSITORY = "*"
# The pack of the root-cause results the engine makes for missing kinds.
CAUSE_PACK = "safesec"
# Each kind in words, and where it usually lives (for the fix of a missing one).
KIND_NAMES = {
    "model_card": "model card",
    "threat_model": "threat model",
    "eval_report": "eval report",
    "config": "serving or guardrail config",
    "security_policy": "security policy",
    "incident_response": "incident response plan",
    "ai_bom": "AI bill of materials",
    "codeowners": "CODEOWNERS file",
}
KIND_FILES = {
    "model_card": "MODEL_CARD.md",
    "threat_model": "threat-model.yaml",
    "eval_report": "evals/*.yaml",
    "config": "serving/config.yaml",
    "security_policy": "SECURITY.md",
    "incident_response": "INCIDENT_RESPONSE.md",
    "ai_bom": "bom.json",
    "codeowners": ".github/CODEOWNERS",
}


@dataclass(frozen=True)
class Location:
    file: str  # repo-relative, "/"-separated; "" when the finding has no file
    line: int = 1  # 1-based

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.file else "(repository)"


@dataclass
class Artifact:
    """One loaded file of a known kind.

    ``data`` is the parsed content in the *native* shape the rules read (an
    adapter may have mapped an external format onto it).  ``locate`` maps a path
    into ``data`` to the 1-based line of the value in the file; it never raises
    and falls back to the nearest enclosing value that has a line.
    """

    path: str
    kind: str
    format: str
    data: Any
    text: str = ""
    locate: Callable[[Path], int] = field(default=lambda _p: 1, repr=False)
    system: str = ""
    # raw parsed data before an adapter mapped it (same as data for native files)
    raw: Any = None
    # fields of the native model that this format cannot express (adapter notes)
    unsupported: tuple[str, ...] = ()
    blob: str = ""  # git blob id when read from git, else sha1 of the bytes
    # where a native eval report disagrees with the raw output it cites, as (message,
    # path into data); computed while loading (checker.run.evidence), never read from the file
    evidence: tuple[tuple[str, Path], ...] = ()

    @property
    def file(self) -> str:
        """The file on disk (a derived artifact's path carries a ``#format`` suffix)."""
        return self.path.split("#", 1)[0]

    def line(self, path: Path = ()) -> int:
        try:
            return max(1, int(self.locate(tuple(path))))
        except Exception:  # locating is best effort; never fail a result on it
            return 1


@dataclass(frozen=True)
class LoadFailure:
    """A file of a known kind that could not be read; reported as an error."""

    path: str
    kind: str
    line: int
    message: str
    format: str = "unknown"
    system: str = ""


UNDER = "under "  # how the reason of a file skipped for its folder starts ("under tests/ ...")


@dataclass(frozen=True)
class Skipped:
    """A candidate file that is no artifact (no known format, or not the team's evidence):
    listed once in reports with the reason, never evaluated and never an error."""

    path: str
    reason: str
    # the kind its name suggests, or "": with --files, a changed threat-model.yaml that is
    # no longer recognised still makes the threat-model rules run (and say none is found)
    kind: str = ""
    system: str = "*"


@dataclass(frozen=True)
class Finding:
    """One problem a check found (or why the check does not apply)."""

    message: str
    path: Path = ()  # path into the artifact's data; used for the line
    line: int | None = None  # explicit line, wins over path
    file: str | None = None  # another file than the artifact under check
    not_applicable: bool = False  # the check does not apply; message says why


@dataclass(frozen=True)
class Waiver:
    id: str
    rule: str
    path: str
    reason: str
    justification: str
    owner: str
    approved_by: tuple[str, ...]
    expires: str  # ISO date
    source: str  # file the waiver came from
    line: int


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    title: str
    dimension: str
    discipline: str
    severity: Severity
    applies_to: tuple[str, ...]  # kinds
    check: Mapping[str, Any]
    pack: str
    rationale: str = ""
    remediation: str = ""
    references: Mapping[str, Any] = field(default_factory=dict)
    when: Any = None
    scope: str = "artifact"  # artifact | system
    missing: str = "fail"  # what to report when no artifact of applies_to exists
    examples: Mapping[str, Any] = field(default_factory=dict)
    locked: bool = False  # the pack's word: a repository config cannot weaken it
    source: str = ""  # policy file
    line: int = 1
    compiled: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Result:
    rule: str
    pack: str
    system: str
    artifact: str  # repo-relative path, "" when there is none
    status: Status
    severity: Severity
    message: str
    file: str
    line: int
    dimension: str
    discipline: str
    title: str = ""
    findings: tuple[tuple[str, int, str], ...] = ()  # (file, line, message) of each
    waiver: Waiver | None = None
    blocks: tuple[str, ...] = ()  # a root cause (a missing kind): the rules it blocks
    blocked_by: str = ""  # a blocked result: the rule of its root cause

    def sort_key(self) -> tuple[Any, ...]:
        return RESULT_ORDER(self)

    def __reduce__(self) -> tuple[type[Result], tuple[Any, ...]]:
        """Pickled as its field values and rebuilt by the constructor (``--jobs`` workers
        send their results so); the default of a slotted dataclass is slower."""
        return Result, _FIELD_VALUES(self)


_FIELD_VALUES = operator.attrgetter(*(f.name for f in fields(Result)))

def natural_key(rule_id: str) -> tuple[Any, ...]:
    """Rule ids in reading order: ``TM-2`` before ``TM-10``."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", rule_id))


# How a run that evaluated no rule starts its error line (exit 2, checker.run.setup).
NOTHING_CHECKED = "nothing was checked"

# The order of results in every report: as a ``sorted`` key, one C call per result.
RESULT_ORDER = operator.attrgetter("pack", "rule", "system", "artifact", "file", "line")


@dataclass(frozen=True)
class RunResult:
    root: str
    rules: tuple[Rule, ...]  # sorted by (pack, id)
    artifacts: tuple[Artifact | LoadFailure, ...]  # sorted by path
    results: tuple[Result, ...]  # sorted by Result.sort_key
    systems: tuple[str, ...] = ()
    fail_on: Severity = Severity.HIGH
    version: str = ""
    errors: tuple[str, ...] = ()  # input problems outside any rule (bad artifact)
    as_of: str = ""  # the day date-based rules were evaluated for (ISO), when known
    skipped: tuple[tuple[str, str], ...] = ()  # (path, reason) of files that are no artifact

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status is status)

    @property
    def summary(self) -> dict[str, int]:
        """Results by status; ``failed`` splits into ``root_causes`` (a missing kind, which
        blocks the rules that read it) and ``findings`` (every other failure)."""
        failed = self.count(Status.FAIL)
        causes = sum(1 for r in self.results if r.blocks and r.status is Status.FAIL)
        return {
            "passed": self.count(Status.PASS),
            "failed": failed,
            "root_causes": causes,
            "findings": failed - causes,
            "blocked": self.count(Status.BLOCKED),
            "errors": self.count(Status.ERROR),
            "waived": self.count(Status.WAIVED),
            "not_applicable": self.count(Status.NOT_APPLICABLE),
        }

    def exit_code(self, fail_on: Severity | None = None) -> int:
        """0 clean, 1 failures at or above the gate, 2 unreadable input, 3 a check crashed."""
        gate = self.fail_on if fail_on is None else fail_on
        if any(r.status is Status.ERROR and r.message.startswith("internal error")
               for r in self.results):
            return 3
        if self.errors or any(r.status is Status.ERROR for r in self.results):
            return 2
        if any(r.status is Status.FAIL and r.severity >= gate for r in self.results):
            return 1
        return 0
