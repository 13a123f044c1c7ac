"""Hugging Face model cards: ``README.md`` / ``MODEL_CARD.md`` with model front matter.

The card keeps its Markdown shape (front matter + sections); its ``model-index``
becomes a derived ``eval_report`` of non-adversarial results. A malformed
``model-index`` entry is an error naming every bad entry (huggingface_hub would
either reject the card or silently drop *all* results).
"""
from __future__ import annotations

from typing import Any, Iterator

from checker.adapters.base import Adapted, AdaptError, Origin, Problems, compact, number
from checker.loaders.base import DataPath

FORMAT = "hf-model-card"
KIND = "model_card"
DERIVED_FORMAT = "hf-model-index"
HF_KEYS = ("model-index", "base_model", "pipeline_tag", "library_name", "license", "language",
           "tags", "datasets", "metrics", "license_name", "new_version")
UNSUPPORTED: tuple[str, ...] = ()
# What a model-index result cannot say (the eval_report it becomes lacks these).
REQUIRED = (("task", "type"), ("dataset", "type"), ("dataset", "name"))
INDEX_UNSUPPORTED = ("date", "assessor", "model.revision", "results[].samples",
                     "results[].interval", "results[].covers")

SIGNATURE_DOC = "a Hugging Face model card: Markdown front matter with model-index or Hub card keys"


def matches(kind: str, path: str, raw: Any) -> bool:
    front = raw.get("front_matter") if isinstance(raw, dict) else None
    if kind != KIND or not isinstance(front, dict):
        return False
    if "model-index" in front:
        return True
    return "risk_management" not in front and any(key in front for key in HF_KEYS)


def adapt(raw: Any) -> Adapted:
    front = raw.get("front_matter") or {}
    derived: tuple[Adapted, ...] = ()
    if "model-index" in front:
        derived = (_index_report(front["model-index"]),)
    return Adapted(kind=KIND, format=FORMAT, data=raw, origin=identity(raw),
                   unsupported=UNSUPPORTED, derived=derived)


def identity(raw: Any, at: DataPath = (), depth: int = 8) -> Origin:
    """Every path of ``raw`` mapped to itself: the card keeps the Markdown loader's shape,
    so each value's line is the loader's line for the same path."""
    origin: Origin = {at: at}
    if depth and isinstance(raw, dict):
        for key, value in raw.items():
            origin.update(identity(value, at + (key,), depth - 1))
    elif depth and isinstance(raw, list):
        for index, value in enumerate(raw):
            origin.update(identity(value, at + (index,), depth - 1))
    return origin


def _index_report(index: Any) -> Adapted:
    base = ("front_matter", "model-index")
    if not isinstance(index, list) or not index:
        raise AdaptError("model-index: expected a non-empty list of models with results",
                         raw_path=base)
    problems: Problems = []
    results: list[dict[str, Any]] = []
    origin: Origin = {(): base}
    for m, model in enumerate(index):
        for result, where in _results(model, base + (m,), problems):
            for k, metric in enumerate(_metrics(result, where, problems)):
                origin[("results", len(results))] = where + ("metrics", k)
                results.append(_result(model, result, metric))
    if problems:
        message = "; ".join(text for text, _ in problems)
        raise AdaptError(f"invalid model-index (the Hub would drop all its results): {message}",
                         raw_path=problems[0][1])
    name = index[0].get("name") if isinstance(index[0], dict) else None
    data = compact({"model": compact({"name": name}), "results": results})
    return Adapted(kind="eval_report", format=DERIVED_FORMAT, data=data, origin=origin,
                   unsupported=INDEX_UNSUPPORTED)


def _results(model: Any, where: DataPath,
             problems: Problems) -> Iterator[tuple[dict[str, Any], DataPath]]:
    label = _label(where)
    if not isinstance(model, dict):
        problems.append((f"{label} is not a mapping", where))
        return
    if not model.get("name"):
        problems.append((f"{label} has no 'name'", where))
    entries = model.get("results")
    if not isinstance(entries, list) or not entries:
        problems.append((f"{label} has no 'results' list", where))
        return
    for r, result in enumerate(entries):
        at = where + ("results", r)
        if _result_ok(result, at, problems):
            yield result, at


def _result_ok(result: Any, at: DataPath, problems: Problems) -> bool:
    label = _label(at)
    if not isinstance(result, dict):
        problems.append((f"{label} is not a mapping", at))
        return False
    if "dataset" not in result:
        problems.append((f"{label} has no 'dataset' (each result needs task.type, "
                         "dataset.type, dataset.name and metrics[].type/value)", at))
        return False
    missing = [f"{key}.{sub}" for key, sub in REQUIRED
               if not isinstance(result.get(key), dict) or not result[key].get(sub)]
    if missing:
        problems.append((f"{label} is missing {', '.join(missing)}", at))
        return False
    if not isinstance(result.get("metrics"), list) or not result["metrics"]:
        problems.append((f"{label} has no 'metrics' list", at))
        return False
    return True


def _metrics(result: dict[str, Any], at: DataPath, problems: Problems) -> list[dict[str, Any]]:
    good = []
    for k, metric in enumerate(result["metrics"]):
        label = _label(at + ("metrics", k))
        if not isinstance(metric, dict) or not metric.get("type") or "value" not in metric:
            problems.append((f"{label} needs 'type' and 'value'", at + ("metrics", k)))
            continue
        good.append(metric)
    return good


def _result(model: dict[str, Any], result: dict[str, Any],
            metric: dict[str, Any]) -> dict[str, Any]:
    task, dataset = result["task"], result["dataset"]
    parts = [model.get("name"), task["type"], dataset["type"], dataset.get("config"),
             dataset.get("split"), metric["type"]]
    value = number(metric["value"])
    return compact({
        "id": "/".join(str(p) for p in parts if p),
        "threat_model": "non-adversarial",
        "metric": metric["type"],
        "value": metric["value"] if value is None else value,
        "task": task["type"],
        "dataset": compact({"type": dataset["type"], "name": dataset["name"],
                            "config": dataset.get("config"), "split": dataset.get("split"),
                            "revision": dataset.get("revision")}),
        "verified": bool(metric.get("verified")) or None,
        "source": (result.get("source") or {}).get("url") if isinstance(
            result.get("source"), dict) else None,
    })


def _label(path: DataPath) -> str:
    out = "model-index"
    for part in path[2:]:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out
