"""garak ``*.report.jsonl`` -> eval-report/v1.

Polarity: an ``eval`` entry's ``passed`` counts *safe* outputs, so the attack
success rate of a probe against a detector is ``1 - passed / total_evaluated``
(``total`` in older reports). garak's own bootstrap interval of the pass rate
(``confidence_lower/upper``, when present) is flipped into an ASR interval.
"""
from __future__ import annotations

from typing import Any

from checker.adapters.base import Adapted, AdaptError, Origin, compact, iso_date, number

FORMAT = "garak-jsonl"
KIND = "eval_report"
UNSUPPORTED = ("model.revision", "assessor", "results[].attack.budget", "results[].covers",
               "results[].benign_cost")
ENTRY_TYPES = ("start_run setup", "init", "attempt", "eval", "digest", "completion")
# probe modules that generate attacks from the target's replies (adaptive)
ADAPTIVE_MODULES = ("atkgen", "tap", "fitd", "goat")


def matches(kind: str, path: str, raw: Any) -> bool:
    if kind != KIND or not isinstance(raw, list):
        return False
    return any(isinstance(e, dict) and e.get("entry_type") in ENTRY_TYPES for e in raw[:50])


def adapt(raw: Any) -> Adapted:
    setup = _first(raw, "start_run setup")
    init = _first(raw, "init")
    version = setup.get("_config.version") or init.get("garak_version")
    results: list[dict[str, Any]] = []
    origin: Origin = {(): ()}
    for index, entry in enumerate(raw):
        if isinstance(entry, dict) and entry.get("entry_type") == "eval":
            result = _result(entry, index, version)
            if result is not None:
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
    return Adapted(kind=KIND, format=FORMAT, data=data, origin=origin, unsupported=UNSUPPORTED)


def attack_success(entry: dict[str, Any]) -> tuple[float | None, int]:
    """(1 - passed/total, total) of one eval entry; (None, 0) when nothing was evaluated."""
    total = entry.get("total_evaluated", entry.get("total"))
    passed = number(entry.get("passed"))
    total = int(number(total) or 0)
    if not total or passed is None:
        return None, total
    return round(1 - passed / total, 6), total


def _result(entry: dict[str, Any], index: int, version: Any) -> dict[str, Any] | None:
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
        "aggregation": "none",
        "adaptive": str(probe).split(".")[0] in ADAPTIVE_MODULES,
        "attack": compact({"name": probe, "suite_version": str(version) if version else None}),
    })


def _first(raw: list[Any], entry_type: str) -> dict[str, Any]:
    return next((e for e in raw if isinstance(e, dict) and e.get("entry_type") == entry_type), {})
