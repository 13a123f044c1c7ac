"""garak ``*.report.jsonl`` -> eval-report/v1.

Polarity: an ``eval`` entry's ``passed`` counts *safe* outputs, so the attack
success rate of a probe against a detector is ``1 - passed / total_evaluated``
(``total`` in older reports). garak's own bootstrap interval of the pass rate
(``confidence_lower/upper``, when present) is flipped into an ASR interval.

The attack budget is derived from what garak logged: the probe's attempts (its
``attempt`` records, counted once per ``uuid`` and ``seq``) times the generations asked per
prompt (``run.generations`` of the setup record), as ``{queries, attempts,
generations}``. A report without attempt records (an aggregate) cannot express it.
The evaluated attempts' detector scores also give the attack success rate again
(``recomputed: {value, samples}``, a score at or above ``run.eval_threshold`` is a
hit), against which a report citing the file is checked.
"""
from __future__ import annotations

from typing import Any

from checker.adapters.base import Adapted, AdaptError, Origin, compact, iso_date, number

FORMAT = "garak-jsonl"
KIND = "eval_report"
UNSUPPORTED = ("model.revision", "assessor", "results[].covers", "results[].benign_cost")
NO_BUDGET = "results[].attack.budget"
ENTRY_TYPES = ("start_run setup", "init", "attempt", "eval", "digest", "completion")
# probe modules that generate attacks from the target's replies (adaptive)
ADAPTIVE_MODULES = ("atkgen", "tap", "fitd", "goat")
DEFAULT_THRESHOLD = 0.5  # garak's run.eval_threshold: a detector score at or above it is a hit

SIGNATURE_DOC = "a garak report: JSON Lines records with entry_type (init, attempt, eval)"


def matches(kind: str, path: str, raw: Any) -> bool:
    if kind != KIND or not isinstance(raw, list):
        return False
    return any(isinstance(e, dict) and e.get("entry_type") in ENTRY_TYPES for e in raw[:50])


def adapt(raw: Any) -> Adapted:
    setup = _first(raw, "start_run setup")
    init = _first(raw, "init")
    version = setup.get("_config.version") or init.get("garak_version")
    budgets = _budgets(raw, number(setup.get("run.generations")))
    threshold = number(setup.get("run.eval_threshold"))
    scored = _scored(raw, DEFAULT_THRESHOLD if threshold is None else threshold)
    results: list[dict[str, Any]] = []
    origin: Origin = {(): ()}
    for index, entry in enumerate(raw):
        if isinstance(entry, dict) and entry.get("entry_type") == "eval":
            result = _result(entry, index, version, budgets)
            if result is not None:
                hits, total = scored.get((result["probe"], result["detector"]), (0, 0))
                if total:
                    result["recomputed"] = {"value": round(hits / total, 6), "samples": total}
                origin[("results", len(results))] = (index,)
                results.append(result)
    if not results:
        raise AdaptError("garak report has no 'eval' entries (the run did not finish?)")
    name = setup.get("plugins.target_name") or setup.get("plugins.model_name")
    data = compact({
        "model": compact({"name": name, "type": setup.get("plugins.target_type")
                          or setup.get("plugins.model_type")}),
        "date": iso_date(setup.get("transient.starttime_iso") or init.get("start_time")),
        "run_id": init.get("run") or setup.get("transient.run_id"),
        "tool": compact({"name": "garak", "version": version}),
        "results": results,
    })
    unsupported = UNSUPPORTED + (() if all("budget" in r["attack"] for r in results)
                                 else (NO_BUDGET,))
    return Adapted(kind=KIND, format=FORMAT, data=data, origin=origin, unsupported=unsupported)


def _budgets(raw: list[Any], generations: float | None) -> dict[str, dict[str, int]]:
    """probe -> {queries, attempts, generations}: what each probe spent on the target."""
    attempts: dict[str, set[Any]] = {}
    outputs: dict[str, int] = {}
    for entry in raw:
        if not isinstance(entry, dict) or entry.get("entry_type") != "attempt":
            continue
        probe = str(entry.get("probe_classname") or "")
        seen = attempts.setdefault(probe, set())
        key = (entry.get("uuid"), entry.get("seq"), None if entry.get("uuid") else len(seen))
        if key in seen:
            continue  # garak writes an attempt again (same uuid and seq) once it is evaluated
        seen.add(key)
        got = entry.get("outputs")
        outputs[probe] = outputs.get(probe, 0) + (len(got) if isinstance(got, list) else 0)
    out: dict[str, dict[str, int]] = {}
    for probe, seen in attempts.items():
        per = int(generations) if generations else None
        queries = len(seen) * per if per else outputs[probe]
        if probe and queries:
            out[probe] = compact({"queries": queries, "attempts": len(seen), "generations": per})
    return out


def _scored(raw: list[Any], threshold: float) -> dict[tuple[str, str], tuple[int, int]]:
    """(probe, detector) -> (hits, outputs scored), recomputed from the evaluated attempts'
    ``detector_results`` (one score per output; at or above the threshold is a hit)."""
    seen: set[Any] = set()
    out: dict[tuple[str, str], tuple[int, int]] = {}
    for entry in raw:
        if not isinstance(entry, dict) or entry.get("entry_type") != "attempt" \
                or entry.get("status") != 2:
            continue
        key = (entry.get("probe_classname"), entry.get("uuid"), entry.get("seq"))
        if key in seen and entry.get("uuid"):
            continue
        seen.add(key)
        results = entry.get("detector_results")
        for detector, scores in (results.items() if isinstance(results, dict) else ()):
            values = [v for v in map(number, scores if isinstance(scores, list) else [])
                      if v is not None]
            pair = (str(entry.get("probe_classname")), str(detector))
            hits, total = out.get(pair, (0, 0))
            out[pair] = (hits + sum(v >= threshold for v in values), total + len(values))
    return out


def attack_success(entry: dict[str, Any]) -> tuple[float | None, int]:
    """(1 - passed/total, total) of one eval entry; (None, 0) when nothing was evaluated."""
    total = entry.get("total_evaluated", entry.get("total"))
    passed = number(entry.get("passed"))
    total = int(number(total) or 0)
    if not total or passed is None:
        return None, total
    return round(1 - passed / total, 6), total


def _result(entry: dict[str, Any], index: int, version: Any,
            budgets: dict[str, dict[str, int]]) -> dict[str, Any] | None:
    probe, detector = entry.get("probe"), entry.get("detector")
    if not probe or not detector:
        raise AdaptError(f"eval entry on record {index + 1} lacks 'probe' or 'detector'",
                         raw_path=(index,))
    value, total = attack_success(entry)
    if value is None:
        return None
    low, high = number(entry.get("confidence_lower")), number(entry.get("confidence_upper"))
    return compact({
        "id": f"{probe}/{detector}", "threat_model": "adversarial",
        "metric": "attack_success_rate", "value": value, "samples": total,
        "passed": int(number(entry.get("passed")) or 0), "probe": probe, "detector": detector,
        "interval": [round(1 - high, 6), round(1 - low, 6)] if low is not None and
        high is not None else None,
        "aggregation": "max",  # the worst of one probe and detector
        # one probe and detector per result: its breakdown is itself
        "breakdown": [{"attack": probe, "value": value}] if value is not None else None,
        "adaptive": str(probe).split(".")[0] in ADAPTIVE_MODULES,
        "attack": compact({"name": probe, "suite_version": str(version) if version else None,
                           "budget": budgets.get(str(probe))}),
    })


def _first(raw: list[Any], entry_type: str) -> dict[str, Any]:
    return next((e for e in raw if isinstance(e, dict) and e.get("entry_type") == entry_type), {})
