"""``budget``: a result's attack budget is at least the actor budget of each threat it covers.

Options: ``items`` (JMESPath to the results of this artifact), ``where`` (a condition
on a result: which results are judged, e.g. the adversarial ones), ``budget`` (the
result's attack budget, read in the result), ``threats`` (``{kind, path, budget}``:
where the threats are, and the actor budget read in each), ``hint`` (appended to
each finding, e.g. the migration step).

A budget is a number with its unit (``"1k queries"``, ``"8 GPU-hours and 1k
examples"``, ``"one compromised laptop"``) or a mapping of units to numbers
(``{queries: 1000, gpu_hours: 8}``).  ``"1k queries per account, 20 accounts"`` is
20,000 queries.  Units are compared without case, plural or separators, and a unit
names the same resource as a longer one it ends ("documents" and "planted
documents").  Every unit both budgets state is compared; a smaller attack budget
fails naming both numbers, and so do two budgets with no unit in common (the attack
cannot be shown to match the adversary).  A missing budget is left to the rules that
require one.
"""
from __future__ import annotations

import functools
import math
import re
from typing import Any, Callable, Iterator

from checker.checks.common import items_at, label, simple_path
from checker.conditions import compile_condition
from checker.model import KINDS, Artifact, Finding
from checker.paths import compile_path, run

ID = "budget"
DESCRIPTION = "attack budgets are at least the actor budgets of the threats they cover"
DEPENDS_ON: frozenset[str] = frozenset()  # other artifacts: of the kind ``threats`` names
SCHEMA = {
    "items": {"type": "string", "required": True},
    "where": {"type": "dict"},
    "budget": {"type": "string", "required": True},
    "threats": {"type": "dict", "required": True, "schema": {
        "kind": {"type": "string", "required": True},
        "path": {"type": "string", "required": True},
        "budget": {"type": "string", "required": True}}},
    "hint": {"type": "string"},
}

_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "twenty": 20, "fifty": 50, "hundred": 100}
_SCALE = {"k": 1e3, "m": 1e6, "b": 1e9, "thousand": 1e3, "million": 1e6, "billion": 1e9}
# a quantity: a number (1k, 10,000, 2.5m, $500) or a number word, then up to three words
# of unit, ending before a joining word; "per <word>" marks a rate.
_QUANTITY = re.compile(
    r"(?<![\w.])(?P<cur>[$€£])?(?:(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)"
    r"(?:[ \t]?(?P<scale>k|m|b|thousand|million|billion)\b)?(?![\w.])"
    r"|(?P<word>" + "|".join(_WORDS) + r")\b)"
    r"(?P<unit>(?:[ \t]+(?!(?:per|to|of|for|on|in|over|with|from|and|or|by|each|across|at|"
    r"against|via|a|an|the)\b)[A-Za-z][\w-]*){0,3})"
    r"(?:[ \t]+per[ \t]+(?P<per>[A-Za-z][\w-]*))?", re.I)
_STOP_UNIT = re.compile(r"\b(?:unlimited|unbounded|infinite)\b", re.I)


def compile(options: dict[str, Any]) -> dict[str, Any]:
    if options["threats"]["kind"] not in KINDS:
        raise ValueError(f"unknown kind {options['threats']['kind']!r}")
    return {**options, "_items": compile_path(options["items"]),
            "_prefix": simple_path(options["items"]) or (),
            "_where": compile_condition(options["where"]) if options.get("where") else None,
            "_budget": compile_path(options["budget"]),
            "_budget_keys": simple_path(options["budget"]) or (),
            "_threats": compile_path(options["threats"]["path"]),
            "_actor": compile_path(options["threats"]["budget"]),
            "_actor_keys": simple_path(options["threats"]["budget"]) or ()}


def check(opts: dict[str, Any], artifact: Artifact, ctx: Any) -> Iterator[Finding]:
    threats = _threats(opts, ctx)
    judged = 0
    hint = f" {opts['hint']}" if opts.get("hint") else ""
    for path, result in items_at(opts["_items"], opts["_prefix"], artifact.data):
        if not isinstance(result, dict) or (
                opts["_where"] is not None and
                not opts["_where"].holds(result, ctx, artifact.data)):
            continue
        covers = result.get("covers")
        hits = sorted({str(c) for c in covers if str(c) in threats}) \
            if isinstance(covers, list) else []
        attack = run(opts["_budget"], result)
        if not hits or attack is None:
            continue
        judged += 1
        name = label(result, path)
        where = path + opts["_budget_keys"]
        for tid in hits:
            actor, source, at = threats[tid]
            problem = _compare(name, attack, tid, actor, lambda: f"{source.file}:{source.line(at)}")
            if problem:
                yield Finding(problem + hint, path=where)
    if not judged:
        yield Finding("no result here with an attack budget covers a threat with an actor budget",
                      not_applicable=True)


def _threats(opts: dict[str, Any],
             ctx: Any) -> dict[str, tuple[Any, Artifact, tuple[Any, ...]]]:
    """id -> (actor budget, the artifact and data path it is written at) of every threat
    that states one; read once per system, not once per report."""
    sources = tuple(ctx.system_artifacts(opts["threats"]["kind"]))
    found: dict[str, tuple[Any, Artifact, tuple[Any, ...]]] = ctx.once(
        (ID, opts["threats"]["path"], opts["threats"]["budget"]), sources,
        lambda: _read_threats(opts, sources))
    return found


def _read_threats(opts: dict[str, Any], sources: tuple[Artifact, ...]
                  ) -> dict[str, tuple[Any, Artifact, tuple[Any, ...]]]:
    found: dict[str, tuple[Any, Artifact, tuple[Any, ...]]] = {}
    prefix = simple_path(opts["threats"]["path"])
    for source in sources:
        value = run(opts["_threats"], source.data)
        for index, threat in enumerate(value if isinstance(value, list) else []):
            if not isinstance(threat, dict) or threat.get("id") is None:
                continue
            budget = run(opts["_actor"], threat)
            if budget is not None:
                at = ((*prefix, index) if prefix is not None else ()) + opts["_actor_keys"]
                found.setdefault(str(threat["id"]), (budget, source, at))
    return found


def _compare(name: str, attack: Any, tid: str, actor: Any,
             place: Callable[[], str]) -> str | None:
    """Why the attack budget falls short of the actor's, or None; ``place()`` says where
    the actor budget is written (looked up only for a finding)."""
    mine, theirs = parse(attack), parse(actor)
    if not theirs:
        return (f"{name}: {tid}'s actor budget ({_shown(actor)}, {place()}) gives no number with "
                "a unit to compare the attack budget with; write it as a number with its unit "
                "(\"1k queries\", \"8 GPU-hours\") or a mapping ({queries: 1000})")
    if not mine:
        return (f"{name}: its attack budget ({_shown(attack)}) gives no number with a unit to "
                f"compare with {tid}'s actor budget ({_shown(actor)}, {place()}); write it as a "
                "mapping of units to numbers ({queries: 1000})")
    shared = [(unit, mine[other], value) for unit, value in theirs.items()
              for other in mine if _same(unit, other)]
    if not shared:
        return (f"{name}: its attack budget ({_listing(mine)}) and {tid}'s actor budget "
                f"({_listing(theirs)}, {place()}) share no unit, so the attack cannot be shown to "
                f"match the modelled adversary; state the attack budget in the actor's units "
                f"({', '.join(_amount(2, u).split(' ', 1)[1] for u in sorted(theirs))})")
    short = [(unit, have, need) for unit, have, need in shared if have < need]
    if not short:
        return None
    unit, have, need = short[0]
    return (f"{name}: its attack budget of {_amount(have, unit)} is below the actor budget of "
            f"{tid} ({_amount(need, unit)}: {_shown(actor)}, {place()}); an attack weaker than the "
            f"modelled adversary does not show the threat is handled: rerun with at least "
            f"{_amount(need, unit)}, or correct the actor budget if it overstates the adversary")


def parse(budget: Any) -> dict[str, float]:
    """A budget as {unit: number}: a mapping's numeric entries, or the quantities of a text."""
    if isinstance(budget, str):
        return dict(_parse_text(budget))
    found: dict[str, float] = {}
    if isinstance(budget, dict):
        for key, value in budget.items():
            unit = _unit(str(key))
            if isinstance(value, (int, float)) and not isinstance(value, bool) and \
                    math.isfinite(value) and unit:
                found[unit] = float(value)
    return found


@functools.lru_cache(maxsize=4096)
def _parse_text(budget: str) -> tuple[tuple[str, float], ...]:
    """The quantities of a budget written as text (the same texts recur across systems)."""
    found: dict[str, float] = {}
    rates: list[tuple[str, float, str]] = []
    for match in _QUANTITY.finditer(budget):
        unit = _unit(match.group("unit") or "")
        if match.group("cur"):
            unit = unit or {"$": "usd", "€": "eur", "£": "gbp"}[match.group("cur")]
        if not unit or _STOP_UNIT.search(match.group("unit") or ""):
            continue
        number = _number(match)
        if match.group("per"):
            rates.append((unit, number, _unit(match.group("per"))))
        else:
            found.setdefault(unit, number)
    for unit, number, base in rates:  # "1k queries per account, 20 accounts"
        count = next((v for u, v in found.items() if _same(base, u)), None)
        key = unit if count is not None else f"{unit} per {base}"
        found.setdefault(key, number * count if count is not None else number)
    return tuple(found.items())


def _number(match: re.Match[str]) -> float:
    if match.group("word"):
        return float(_WORDS[match.group("word").lower()])
    value = float(match.group("num").replace(",", ""))
    scale = (match.group("scale") or "").lower()
    return value * _SCALE.get(scale, 1.0)


@functools.lru_cache(maxsize=4096)
def _unit(text: str) -> str:
    """A unit compared without case, plural or separators: 'GPU-hours' -> 'gpu hour'."""
    words = [w for w in re.split(r"[\s_\-/]+", text.strip().lower()) if w]
    return " ".join(_singular(w) for w in words)


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _same(one: str, other: str) -> bool:
    """Whether two units name the same resource: equal, or one ends the other."""
    a, b = one.split(), other.split()
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return bool(short) and long[len(long) - len(short):] == short


def _num(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,g}"


def _amount(value: float, unit: str) -> str:
    """1 query, 20,000 queries, 8 gpu hours."""
    unit, per, base = unit.partition(" per ")
    if value == 1 or unit in ("usd", "eur", "gbp"):
        return f"{_num(value)} {unit}{per}{base}"
    head, _, last = unit.rpartition(" ")
    plural = last[:-1] + "ies" if last.endswith("y") and last[-2:-1] not in "aeiou" else \
        last + ("es" if last.endswith(("s", "x", "ch", "sh")) else "s")
    return f"{_num(value)} {head + ' ' if head else ''}{plural}{per}{base}"


def _listing(budget: dict[str, float]) -> str:
    return ", ".join(_amount(v, u) for u, v in sorted(budget.items()))


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    return f"\"{value}\"" if isinstance(value, str) else str(value)
