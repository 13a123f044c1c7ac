"""Inspect AI JSON eval log (``logs/*.json``, log version 2) -> eval-report/v1.

Every scorer metric (accuracy, mean, ...) becomes a result with the log's
completed sample count; a reported ``stderr`` gives a normal 95% interval.
Results are non-adversarial unless the task is plainly an attack suite
(jailbreak, red team, prompt injection, ...). A binary ``.eval`` log (a zip
archive) is read by ``checker.loaders.eval_zip``: its ``header.json`` has the
same shape as a JSON log, and its ``reductions.json`` the per-sample scores. From
those, a mean metric (``accuracy``, ``mean``) is recomputed (``recomputed: {value,
samples}``) so that a report citing the log is checked against the samples, not
only against the summary the log states.
"""
from __future__ import annotations

import re
from typing import Any

from checker.adapters.base import (Adapted, AdaptError, Origin, compact, interval, iso_date,
                                   mapping, mapping_or_empty, number)

FORMAT = "inspect-ai"
KIND = "eval_report"
UNSUPPORTED = ("assessor", "results[].covers", "results[].threshold")
ADVERSARIAL_UNSUPPORTED = ("results[].attack.budget", "results[].benign_cost")
ADVERSARIAL_TASK = re.compile(
    r"jailbreak|red[-_ ]?team|attack|inject|adversar|harmbench|strong[-_]?reject|agentdojo",
    re.I)
SPREAD = ("stderr", "std", "var")
MEANS = ("accuracy", "mean")  # metrics that are the mean of the per-sample scores

SIGNATURE_DOC = "an Inspect log: eval with task, and results or status (JSON or .eval)"


def matches(kind: str, path: str, raw: Any) -> bool:
    if kind != KIND or not isinstance(raw, dict):
        return False
    ev = raw.get("eval")
    return isinstance(ev, dict) and "task" in ev and ("results" in raw or "status" in raw)


def is_adversarial(task: str) -> bool:
    return bool(ADVERSARIAL_TASK.search(task or ""))


def adapt(raw: Any) -> Adapted:
    ev = mapping(raw.get("eval"), "eval", ("eval",))
    status = raw.get("status")
    if status not in (None, "success"):
        raise AdaptError(f"Inspect log status is {status!r}: the run did not complete, so its "
                         "scores are not evidence", raw_path=("status",))
    block = mapping(raw.get("results"), "results (a successful log has results)", ("results",))
    task = str(ev.get("task") or "task")
    adversarial = is_adversarial(task)
    samples = block.get("completed_samples", block.get("total_samples"))
    results: list[dict[str, Any]] = []
    origin: Origin = {(): (), ("model",): ("eval", "model"), ("date",): ("eval", "created")}
    for s, score in enumerate(block.get("scores") or []):
        for name, metric in (score.get("metrics") or {}).items():
            if name in SPREAD or not isinstance(metric, dict):
                continue
            origin[("results", len(results))] = ("results", "scores", s, "metrics", name)
            results.append(_result(task, score, name, metric, samples, adversarial, ev))
            if name in MEANS:
                results[-1]["recomputed"] = _from_samples(raw.get("reductions"),
                                                          results[-1]["scorer"])
                results[-1] = compact(results[-1])
    args = mapping_or_empty(ev, "model_args")
    data = compact({
        "model": compact({"name": ev.get("model"), "revision": args.get("revision")}),
        "date": iso_date(ev.get("created")),
        "run_id": ev.get("run_id"),
        "task": task,
        "tool": compact({"name": "inspect_ai", "version": (ev.get("packages") or {}).get(
            "inspect_ai")}),
        "results": results,
    })
    unsupported = UNSUPPORTED + (() if args.get("revision") else ("model.revision",)) + (
        ADVERSARIAL_UNSUPPORTED if adversarial else ())
    return Adapted(kind=KIND, format=FORMAT, data=data, origin=origin, unsupported=unsupported)


def _from_samples(reductions: Any, scorer: str) -> dict[str, Any] | None:
    """``{value, samples}``: the mean of the scorer's per-sample scores (``reductions``),
    when every one is a number; the check of the reported metric against its samples."""
    for entry in reductions if isinstance(reductions, list) else ():
        if isinstance(entry, dict) and entry.get("scorer") == scorer:
            values = [number(s.get("value")) if isinstance(s, dict) else None
                      for s in entry.get("samples") or []]
            if values and all(v is not None for v in values):
                return {"value": round(sum(v for v in values if v is not None) / len(values), 9),
                        "samples": len(values)}
    return None


def _result(task: str, score: dict[str, Any], name: str, metric: dict[str, Any], samples: Any,
            adversarial: bool, ev: dict[str, Any]) -> dict[str, Any]:
    value = number(metric.get("value"))
    stderr = number(((score.get("metrics") or {}).get("stderr") or {}).get("value"))
    scorer = score.get("name") or score.get("scorer") or "score"
    return compact({
        "id": f"{task}/{scorer}/{name}",
        "threat_model": "adversarial" if adversarial else "non-adversarial",
        "metric": name, "value": value, "samples": samples, "scorer": scorer,
        "stderr": stderr, "interval": interval(value, stderr),
        "attack": compact({"name": task, "suite_version": str(ev.get("task_version"))})
        if adversarial else None,
        # one task per result: its breakdown is itself, and the worst of one is itself
        "aggregation": "max" if adversarial else None,
        "breakdown": [{"attack": task, "value": value}] if adversarial and value is not None
        else None,
    })
