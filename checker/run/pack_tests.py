"""``safesec policy test``: run a pack's fixtures and compare each rule's status strictly.

A pack folder may hold ``tests/<case>/`` folders (``tests/`` next to a pack file).
A case is ``expected.yaml`` plus an optional ``repo/`` overlay::

    base: ../../../fixtures/compliant   # optional: repository to copy first (relative to the case)
    as_of: 2026-11-27                    # optional: the run's date
    expect: {TM-1: fail}                 # rule id -> pass | fail | not-applicable | waived | error
    others: pass                         # optional: the status of every rule not in expect
    commits:                             # optional: make the copy a git repository
      - {date: 2026-10-01, paths: [evals], message: "evals"}
      - {date: 2026-11-01, paths: ["."]}

``repo/`` files are added or replace the base's; a file holding exactly
``__delete__`` removes that path from the copy.  A rule's status in a case is the
worst status over its results: error > fail > waived > pass > not-applicable; a rule
blocked by a missing artifact counts as ``fail`` (its root cause fails in its place).  A
rule that passes on one artifact and does not apply to another passes; it is
not-applicable only when it applies to nothing (per-artifact "nothing to check"
results would otherwise hide every pass).
"""
from __future__ import annotations

import fnmatch
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.errors import LoadError, PolicyError, UsageError
from checker.git.fixture import commit_all
from checker.loaders import text, yaml_doc
from checker.model import Status
from checker.policy.docs import natural_key
from checker.policy.loader import load_packs
from checker.run import check
from checker.run.options import RunOptions
from checker.validation import parse_date, validate

EXPECTED = "expected.yaml"
DELETE = "__delete__"
RANK = {Status.NOT_APPLICABLE: 0, Status.PASS: 1, Status.WAIVED: 2, Status.FAIL: 3,
        Status.ERROR: 4}
STATUSES = [str(s) for s in RANK]
_DATE = {"type": "isodate"}
SCHEMA = {
    "base": {"type": "string", "empty": False},
    "as_of": _DATE,
    "description": {"type": "string"},
    "expect": {"type": "dict", "keysrules": {"type": "string"},
               "valuesrules": {"type": "string", "allowed": STATUSES}},
    "others": {"type": "string", "allowed": STATUSES},
    "commits": {"type": "list", "schema": {"type": "dict", "schema": {
        "date": {**_DATE, "required": True},
        "paths": {"type": "list", "required": True, "empty": False,
                  "schema": {"type": "string", "empty": False}},
        "message": {"type": "string", "empty": False},
        "trailers": {"type": "dict", "valuesrules": {"type": "string"}}}}},
}


@dataclass(frozen=True)
class Case:
    name: str
    folder: Path
    spec: dict[str, Any]


@dataclass(frozen=True)
class CaseResult:
    name: str
    mismatches: tuple[str, ...]
    statuses: dict[str, str]  # rule id -> status name actually observed
    details: tuple[str, ...] = ()  # "RULE status file:line message" of each failing or error result

    @property
    def ok(self) -> bool:
        return not self.mismatches


@dataclass(frozen=True)
class Outcome:
    pack: str
    results: tuple[CaseResult, ...]
    rule_ids: tuple[str, ...]  # every rule of the pack, in order
    selection_empty: bool = False
    untested: tuple[str, ...] = field(default=())  # rules no case saw failing as expected

    @property
    def exit_code(self) -> int:
        return 1 if self.selection_empty or any(not r.ok for r in self.results) else 0


def tests_dir(pack: str | Path) -> Path:
    path = Path(pack)
    return path / "tests" if path.is_dir() else path.parent / "tests"


def discover(pack: str | Path) -> list[Case]:
    folder = tests_dir(pack)
    if not folder.is_dir():
        return []
    cases = []
    for sub in sorted((p for p in folder.iterdir() if p.is_dir()),
                      key=lambda p: natural_key(p.name)):
        if not (sub / EXPECTED).is_file():
            raise PolicyError(f"test case folder without {EXPECTED}", file=str(sub))
        cases.append(Case(sub.name, sub, read_spec(sub / EXPECTED)))
    return cases


def read_spec(path: Path) -> dict[str, Any]:
    try:
        data, locate = yaml_doc.parse(text.decode(path.read_bytes()))
    except LoadError as exc:
        raise PolicyError(exc.message, file=str(path), line=exc.line) from None
    problems = validate(SCHEMA, data if data is not None else {}, locate)
    if problems:
        line, message = problems[0]
        raise PolicyError(message, file=str(path), line=line)
    return data or {}


def select(cases: list[Case], patterns: tuple[str, ...]) -> list[Case]:
    if not patterns:
        return cases
    return [c for c in cases if any(fnmatch.fnmatchcase(c.name, p) for p in patterns)]


def run_cases(pack: str, patterns: tuple[str, ...] = ()) -> Outcome:
    rules, _settings = load_packs([pack])
    ids = tuple(sorted((r.id for r in rules), key=natural_key))
    cases = select(discover(pack), patterns)
    if not cases:
        return Outcome(pack=pack, results=(), rule_ids=ids, selection_empty=True,
                       untested=ids)
    results = tuple(run_case(pack, case, ids) for case in cases)
    proven = {rule for result, case in zip(results, cases)
              for rule, status in result.statuses.items()
              if status == "fail" and _expected(case.spec, rule) == "fail"}
    return Outcome(pack=pack, results=results, rule_ids=ids,
                   untested=tuple(i for i in ids if i not in proven))


def _expected(spec: dict[str, Any], rule_id: str) -> str | None:
    return (spec.get("expect") or {}).get(rule_id, spec.get("others"))


def run_case(pack: str, case: Case, rule_ids: tuple[str, ...]) -> CaseResult:
    with tempfile.TemporaryDirectory(prefix=f"safesec-case-{case.name}-") as tmp:
        root = Path(tmp) / "repo"
        build_tree(case, root)
        commit_all(root, case.spec.get("commits") or [])
        statuses, details = rule_statuses(pack, root, case.spec)
    return CaseResult(case.name, compare(case.spec, statuses, rule_ids), statuses, details)


def build_tree(case: Case, root: Path) -> None:
    """The case's repository in ``root``: a copy of ``base:`` (which must stay inside the
    pack's repository), then the ``repo/`` overlay.  A pack under test may be hostile, so
    neither tree may hold a symlink and nothing is written or deleted outside ``root``."""
    base = case.spec.get("base")
    spec_file = str(case.folder / EXPECTED)
    if base:
        source = (case.folder / base).resolve()
        home = _pack_home(case.folder)
        if not _within(source, home):
            raise UsageError(f"base: {base} leaves the pack's repository ({home})", file=spec_file)
        if not source.is_dir():
            raise UsageError(f"base: no folder {base} (resolved to {source})", file=spec_file)
        _refuse_links(source)
        shutil.copytree(source, root)
    else:
        root.mkdir(parents=True)
    overlay = case.folder / "repo"
    if overlay.is_dir():
        _refuse_links(overlay)
        top = root.resolve()
        for file in sorted(p for p in overlay.rglob("*") if p.is_file()):
            target = root / file.relative_to(overlay)
            if not _within(Path(os.path.realpath(target)), top):
                raise UsageError("would write outside the case's temporary folder; refused",
                                 file=str(file))
            data = file.read_bytes()
            if data.strip() == DELETE.encode():
                _remove(target)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            _remove(target)
            target.write_bytes(data)


def _pack_home(folder: Path) -> Path:
    """The git work tree holding the case (``base:`` may name its fixtures), else the
    pack's own folder (the parent of ``tests/``)."""
    start = folder.resolve()
    for candidate in start.parents:
        if (candidate / ".git").exists():
            return candidate
    return start.parent.parent


def _within(path: Path, top: Path) -> bool:
    return path == top or top in path.parents


def _refuse_links(tree: Path) -> None:
    """A symlink in a case's tree could make the copy write or read outside it."""
    for folder, dirs, files in os.walk(tree):
        for name in sorted(dirs + files):
            if os.path.islink(os.path.join(folder, name)):
                raise UsageError("is a symlink; a test case's trees may not hold links",
                                 file=os.path.join(folder, name))


def _remove(target: Path) -> None:
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
    elif target.exists() or target.is_symlink():
        target.unlink()


def rule_statuses(pack: str, root: Path, spec: dict[str, Any]
                  ) -> tuple[dict[str, str], tuple[str, ...]]:
    opts = RunOptions(root=str(root), policies=(pack,), as_of=parse_date(spec.get("as_of")))
    result = check(opts)
    worst: dict[str, Status] = {}
    for res in result.results:
        status = Status.FAIL if res.status is Status.BLOCKED else res.status
        if res.rule not in worst or RANK[status] > RANK[worst[res.rule]]:
            worst[res.rule] = status
    if result.errors:  # an unreadable artifact is an error of every rule that reads it
        worst.setdefault("(input)", Status.ERROR)
    details = tuple(f"{r.rule} {r.status} {r.file or '(repository)'}:{r.line} {r.message}"
                    for r in result.results if r.status in (Status.FAIL, Status.ERROR))
    return {rule: str(status) for rule, status in worst.items()}, details + result.errors


def compare(spec: dict[str, Any], statuses: dict[str, str], rule_ids: tuple[str, ...]
            ) -> tuple[str, ...]:
    problems = []
    expect = spec.get("expect") or {}
    for rule in sorted(set(expect) - set(rule_ids)):
        problems.append(f"{rule}: no such rule in the pack")
    for rule in rule_ids:
        want = expect.get(rule, spec.get("others"))
        got = statuses.get(rule, "no result")
        if want is not None and got != want:
            problems.append(f"{rule}: expected {want}, got {got}")
    if "(input)" in statuses:
        problems.append("an artifact of the case cannot be read (see `safesec check`)")
    return tuple(problems)


def report(outcome: Outcome, *, verbose: bool = False) -> str:
    lines = []
    if outcome.selection_empty:
        where = tests_dir(outcome.pack)
        lines.append(f"no test case selected (cases live in {where}/<case>/{EXPECTED})")
    for result in outcome.results:
        verdict = "PASS" if result.ok else "FAIL"
        lines.append(f"{verdict} {result.name}" + ("" if result.ok else
                                                   ": " + "; ".join(result.mismatches)))
        if verbose or not result.ok:
            lines += [f"    {line}" for line in result.details]
    failed = sum(1 for r in outcome.results if not r.ok)
    count = len(outcome.results)
    lines.append(f"{count} case{'' if count == 1 else 's'}, {failed} failed")
    lines.append("rules without a failing fixture: "
                 + (", ".join(outcome.untested) if outcome.untested else "none"))
    return "\n".join(lines) + "\n"
