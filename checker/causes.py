"""Root causes: a missing artifact kind is one finding, not one failure per rule.

A rule none of whose kinds exists in a system is *blocked* (``Status.BLOCKED``, with
``blocked_by`` naming its root cause).  :func:`settle` turns a run's results into the
shape every report shows: one failing root cause per missing kind and system (per
repository for repository-wide kinds), which lists the rules it blocks and carries the
highest severity among them, so the gate still fails on it; and each result about the
whole repository (system ``*``) once.
"""
from __future__ import annotations

import datetime as dt
import operator
from dataclasses import fields, replace
from typing import Any, Iterable

from checker.model import RESULT_ORDER as _SORT_KEY
from checker.model import (CAUSE_PACK, KIND_FILES, KIND_NAMES, REPO_WIDE_KINDS, REPOSITORY,
                           Result, Rule, Severity, Status, natural_key)
from checker.waivers import apply_waiver


def kind_names(kinds: tuple[str, ...]) -> str:
    """``threat model``, ``config or eval report``: kinds in words."""
    return " or ".join(KIND_NAMES.get(k, k.replace("_", " ")) for k in kinds)


def cause_id(kinds: tuple[str, ...]) -> str:
    """The rule id of the root cause "no artifact of these kinds": ``MISSING-THREAT-MODEL``
    (shaped like a pack's rule ids)."""
    return "MISSING-" + "-OR-".join(k.upper().replace("_", "-") for k in kinds)


def settle(results: list[Result], rules: Iterable[Rule], waivers: tuple[Any, ...] = (),
           as_of: dt.date | None = None, *, shared: frozenset[str] = frozenset()
           ) -> list[Result]:
    """The reported shape of sorted ``results``, also of the merged shares of a ``--jobs``
    run (so it may run again on its own output): a result about the repository (system
    ``*``) once; a blocked result that a waiver names waived; one failing root cause per
    missing kind and system, or per repository for repository-wide kinds, listing the
    rules it blocks, at the highest severity among them.

    Given the ``shared`` artifact paths (system ``*``), a rule's results on a shared file
    that are the same in every system the run evaluated (a rule that reads the system, but
    found the same) are one result with system ``*`` as well.  Only the whole run can tell,
    so only the run's final settling passes them.  One pass; sorted again only when a
    result is added or renamed."""
    as_of = as_of or dt.date.today()
    out: list[Result] = []
    seen: set[tuple[str, ...]] = set()
    blocked: dict[tuple[str, str], list[Result]] = {}
    per_system: dict[tuple[str, str, str], list[Result]] = {}
    for result in results:
        if result.blocks:  # a root cause made before (by another share): made again below
            continue
        if result.system == REPOSITORY:
            key = (result.pack, result.rule, result.artifact, result.file, str(result.line))
            if key in seen:
                continue
            seen.add(key)
        elif shared and result.artifact in shared:
            per_system.setdefault((result.pack, result.rule, result.artifact), []).append(result)
            continue
        if result.status is Status.BLOCKED:
            result = _waive_blocked(result, waivers, as_of) if waivers else result
            if result.status is Status.BLOCKED:
                blocked.setdefault((result.blocked_by, result.system), []).append(result)
        out.append(result)
    merged = False
    systems = {r.system for r in results if r.system != REPOSITORY} if per_system else set()
    for group in per_system.values():
        if _same_everywhere(group, systems):
            out.append(replace(group[0], system=REPOSITORY))
            merged = True
        else:
            out += group
    if not blocked:
        return sorted(out, key=_SORT_KEY) if merged or per_system else out
    kinds = {cause_id(rule.applies_to): rule.applies_to for rule in rules}
    causes = _causes(blocked, kinds)
    return sorted(out + [apply_waiver(c, waivers, as_of) for c in causes], key=_SORT_KEY)


# every field of a Result but its system, in one C call
_BUT_SYSTEM = operator.attrgetter(*(f.name for f in fields(Result) if f.name != "system"))


def _same_everywhere(group: list[Result], systems: set[str]) -> bool:
    """One result in each system evaluated, all the same but for the system."""
    if len(group) != len(systems) or {r.system for r in group} != systems:
        return False
    first = _BUT_SYSTEM(group[0])  # what == of the results with one system would compare
    return all(_BUT_SYSTEM(r) == first for r in group[1:])


def _waive_blocked(result: Result, waivers: tuple[Any, ...], as_of: dt.date) -> Result:
    """A waiver of a blocked rule waives it; an expired one makes it a failure that names
    the waiver (as for any other failure).  Either way it is no longer blocked."""
    plain = unblocked(result.message, result.blocked_by)
    tried = apply_waiver(replace(result, status=Status.FAIL, blocked_by="", message=plain,
                                 findings=tuple((f, n, plain) for f, n, _m in result.findings)),
                         waivers, as_of)
    return tried if tried.waiver is not None else result


def blocked_message(missing: str, cause: str) -> str:
    """A blocked result's message: ``blocked: no threat model found (root cause ...)``."""
    return f"blocked: {missing} (root cause {cause})"


def unblocked(message: str, cause: str) -> str:
    """The missing-kind part of a blocked result's message."""
    head, tail = "blocked: ", f" (root cause {cause})"
    if message.startswith(head) and message.endswith(tail):
        return message[len(head):-len(tail)]
    return message


def _causes(blocked: dict[tuple[str, str], list[Result]],
            kinds: dict[str, tuple[str, ...]]) -> list[Result]:
    """One root cause per missing kind and system (``*`` for repository-wide kinds)."""
    groups: dict[tuple[str, str], list[Result]] = {}
    for (cause, system), results in blocked.items():
        wide = all(k in REPO_WIDE_KINDS for k in kinds.get(cause, ("",)))
        groups.setdefault((cause, REPOSITORY if wide else system), []).extend(results)
    return [_cause(cause, system, results, kinds.get(cause, ()))
            for (cause, system), results in sorted(groups.items())]


def _cause(cause: str, system: str, results: list[Result], kinds: tuple[str, ...]) -> Result:
    rule = cause_rule(cause, kinds, results)
    ids = sorted({r.rule for r in results}, key=natural_key)
    where = f" for system {system}" if system not in (REPOSITORY, ".", "") else ""
    count = f"{len(ids)} rule{'s' if len(ids) != 1 else ''}"
    message = f"no {kind_names(kinds) or cause}  found{where}, so {count} cannot run: " \
              f"{', '.join(ids)}".replace("  ", " ")
    return Result(rule=cause, pack=CAUSE_PACK, system=system, artifact="", status=Status.FAIL,
                  severity=rule.severity, message=message, file="", line=1,
                  dimension=rule.dimension, discipline=rule.discipline, title=rule.title,
                  findings=(("", 1, message),), blocks=tuple(ids))


def cause_rule(cause: str, kinds: tuple[str, ...], blocked: Iterable[Result]) -> Rule:
    """The rule a root cause reports under: the highest severity of the rules it blocks,
    their dimension and discipline when they share one."""
    results = list(blocked)
    names = kind_names(kinds) or cause
    dimensions = {r.dimension for r in results}
    disciplines = {r.discipline for r in results}
    files = ", ".join(KIND_FILES[k] for k in kinds if k in KIND_FILES)
    article = "an" if names[:1] in "aeiouAEIOU" else "a"
    usually = f" (e.g. {files})" if files else ""
    return Rule(
        id=cause, name=f"{cause.lower()}", title=f"There is {article} {names}",
        dimension=dimensions.pop() if len(dimensions) == 1 else "governance",
        discipline=disciplines.pop() if len(disciplines) == 1 else "interplay",
        severity=max((Severity(r.severity) for r in results), default=Severity.INFO),
        applies_to=kinds, check={}, pack=CAUSE_PACK, source="(safesec)",
        rationale=f"Every rule that reads {article} {names} needs one; without it they "
                  "cannot run, and none of them may pass by default.",
        remediation=f"Add {article} {names}{usually}"
                    f"{'' if set(kinds) - SCAFFOLDED else '; `safesec init` scaffolds one'}. "
                    f"If yours lives elsewhere, point `artifacts.{kinds[0] if kinds else 'KIND'}` in "
                    ".safesec.yaml at it.")


# the kinds `safesec init` writes a template of (checker/templates/MANIFEST.txt)
SCAFFOLDED = frozenset({"model_card", "threat_model", "eval_report", "config", "security_policy",
                        "incident_response", "codeowners"})


def cause_rules(results: Iterable[Result], rules: Iterable[Rule]) -> list[Rule]:
    """The rules of a run's root causes (for reporters: remediation, SARIF descriptors)."""
    kinds = {cause_id(rule.applies_to): rule.applies_to for rule in rules}
    by_cause: dict[str, list[Result]] = {}
    for result in results:
        if result.status is Status.BLOCKED:
            by_cause.setdefault(result.blocked_by, []).append(result)
    return [cause_rule(cause, kinds.get(cause, ()), found)
            for cause, found in sorted(by_cause.items())]

