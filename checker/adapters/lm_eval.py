"""lm-evaluation-harness results -> eval-report/v1 (non-adversarial).

0.4 writes ``<output>/<model>/results_<timestamp>.json``; 0.3 wrote one JSON per
run (``<model>/<model>_<tasks>_<n>-shot.json`` in the harness's own results tree),
with ``results`` and ``versions`` but no sample counts and no date.

``results[task]["<metric>,<filter>"]`` becomes one result per task and metric,
with ``n-samples[task].effective`` as its sample count (``original`` kept beside
it: a ``--limit`` run evaluates fewer samples than the benchmark has) and the
reported ``<metric>_stderr`` as a normal 95% interval when it is a number.
"""
from __future__ import annotations

import re
from typing import Any

from checker.adapters.base import (Adapted, Origin, compact, interval, iso_date, mapping,
                                   mapping_or_empty, number)

FORMAT = "lm-eval"
KIND = "eval_report"
UNSUPPORTED = ("assessor", "results[].covers", "results[].threshold")
SKIP = ("alias", "name", "sample_len", "sample_count", " ")
_REVISION = re.compile(r"(?:^|,)\s*revision=([^,]+)")

SIGNATURE_DOC = ("an lm-evaluation-harness result: results per task with versions (0.3) "
                 "or n-samples, configs, n-shot (0.4)")


def matches(kind: str, path: str, raw: Any) -> bool:
    if kind != KIND or not isinstance(raw, dict) or not isinstance(raw.get("results"), dict):
        return False
    markers = ("n-samples", "versions", "higher_is_better", "n-shot", "configs", "lm_eval_version")
    return any(key in raw for key in markers)


def adapt(raw: Any) -> Adapted:
    block = mapping(raw.get("results"), "results", ("results",))
    counts = mapping_or_empty(raw, "n-samples")
    better = mapping_or_empty(raw, "higher_is_better")
    results: list[dict[str, Any]] = []
    origin: Origin = {(): ()}
    for task, metrics in block.items():
        if not isinstance(metrics, dict):
            continue
        for key, value in metrics.items():
            if _skip(key) or number(value) is None:
                continue
            origin[("results", len(results))] = ("results", task, key)
            results.append(_result(task, key, metrics, counts.get(task), better.get(task), raw))
    name, revision = _model(raw)
    data = compact({
        "model": compact({"name": name, "revision": revision}),
        "date": iso_date(raw.get("date")),
        "tool": compact({"name": "lm-evaluation-harness", "version": raw.get("lm_eval_version"),
                         "git_hash": raw.get("git_hash")}),
        "results": results,
    })
    unsupported = UNSUPPORTED + (() if revision else ("model.revision",)) + (
        () if "date" in raw else ("date",)) + (
        () if all("samples" in r for r in results) else ("results[].samples",))
    return Adapted(kind=KIND, format=FORMAT, data=data, origin=origin, unsupported=unsupported)


def _skip(key: str) -> bool:
    metric = key.split(",")[0]
    return metric in SKIP or metric.endswith("_stderr")


def _result(task: str, key: str, metrics: dict[str, Any], count: Any, better: Any,
            raw: dict[str, Any]) -> dict[str, Any]:
    metric, _, filt = key.partition(",")
    value = number(metrics[key])
    stderr = number(metrics.get(f"{metric}_stderr,{filt}" if filt else f"{metric}_stderr"))
    count = count if isinstance(count, dict) else {}
    samples = count.get("effective", count.get("original"))
    if samples is None:
        samples = metrics.get("sample_len")
    shots = mapping_or_empty(raw, "n-shot")
    return compact({
        "id": f"{task}/{key}", "threat_model": "non-adversarial", "metric": metric,
        "filter": filt or None, "value": value, "samples": samples,
        "samples_original": count.get("original"), "stderr": stderr,
        "interval": interval(value, stderr), "task": task,
        "higher_is_better": better.get(metric) if isinstance(better, dict) else None,
        "n_shot": shots.get(task),
    })


def _model(raw: dict[str, Any]) -> tuple[str | None, str | None]:
    config = mapping_or_empty(raw, "config")
    args = config.get("model_args")
    revision = None
    if isinstance(args, str):
        match = _REVISION.search(args)
        revision = match.group(1).strip() if match else None
        pretrained = re.search(r"(?:^|,)\s*pretrained=([^,]+)", args)
        name = pretrained.group(1).strip() if pretrained else None
    elif isinstance(args, dict):
        name, revision = args.get("pretrained"), args.get("revision")
    else:
        name = None
    return raw.get("model_name") or name or config.get("model"), revision
