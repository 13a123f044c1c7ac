"""NeMo Guardrails ``config.yml`` (and the other YAML files of a config folder) -> config.

Input rails become input safeguards, output rails output safeguards, retrieval
rails retrieval safeguards; each names the model that runs it (``self check``
rails run on the main model, so they are not independent of it). NeMo has no
notion of rate limits, authentication, abuse telemetry or the app's channels.
A folder file holding only ``prompts`` is read as a config with no rails. A Colang 2
config (``colang_version: "2.x"``) declares its rails as flows in ``.co`` files, which
are not read: its safeguards are reported as a gap, not as absent. The LLM-judge
configs of NeMo's eval tool (models of type ``llm-judge`` only) are not guardrails.
"""
from __future__ import annotations

import re
from typing import Any

from checker.adapters.base import Adapted, Origin, compact, items, mapping_or_empty, slug

FORMAT = "nemo-guardrails"
KIND = "config"
UNSUPPORTED = ("model.revision", "channels.retrieval", "channels.browsing",
               "channels.file_upload", "channels.memory", "channels.tools",
               "rate_limits.per_principal", "auth.required", "logging.abuse_telemetry")
STAGES = (("input", "input-classifier"), ("output", "output-moderation"),
          ("retrieval", "input-classifier"))
_MODEL_ARG = re.compile(r"\$model\s*=\s*[\"']?([\w.-]+)[\"']?")
TOP_KEYS = ("rails", "instructions", "sample_conversation", "prompts", "actions_server_url",
            "streaming", "lowest_temperature", "colang_version", "passthrough")

SIGNATURE_DOC = ("a NeMo Guardrails config: rails, models with engine and type, prompts with "
                 "task, or colang_version")
JUDGE_TYPES = ("llm-judge", "judge")  # models of NeMo's eval tool, not of a guardrails config


def matches(kind: str, path: str, raw: Any) -> bool:
    if kind != KIND or not isinstance(raw, dict) or "model_list" in raw:
        return False
    if isinstance(raw.get("rails"), dict) or isinstance(raw.get("colang_version"), (str, float)):
        return True
    models = [m for m in raw.get("models") or [] if isinstance(m, dict)] \
        if isinstance(raw.get("models"), list) else []
    if models and all(m.get("type") in JUDGE_TYPES for m in models):
        return False  # an LLM-judge config of NeMo's eval tool
    nemo_models = any("engine" in m and "type" in m for m in models)
    prompts = raw.get("prompts")
    nemo_prompts = isinstance(prompts, list) and any(
        isinstance(p, dict) and "task" in p for p in prompts)
    return nemo_models or (nemo_prompts and set(raw) <= set(TOP_KEYS) | {"models"})


def adapt(raw: Any) -> Adapted:
    rails = mapping_or_empty(raw, "rails")
    models = [m for m in items(raw.get("models"), "models", ("models",)) if isinstance(m, dict)]
    main = next((m for m in models if m.get("type") == "main"), None)
    safeguards: list[dict[str, Any]] = []
    origin: Origin = {(): (), ("model",): ("models",)}
    settings = mapping_or_empty(rails, "config")
    names = {m.get("type"): m.get("model") or (m.get("parameters") or {}).get("model_name")
             for m in models}
    for stage, kind in STAGES:
        block = mapping_or_empty(rails, stage)
        for i, flow in enumerate(items(block.get("flows"), f"rails.{stage}.flows",
                                       ("rails", stage, "flows"))):
            origin[("safeguards", len(safeguards))] = ("rails", stage, "flows", i)
            safeguards.append(_safeguard(str(flow), stage, kind, settings, names))
    dialog = mapping_or_empty(rails, "dialog")
    single = mapping_or_empty(dialog, "single_call")
    data = compact({
        "kind": "guardrails",
        "model": compact({"name": (main or {}).get("model"), "engine": (main or {}).get("engine")})
        or None,
        "safeguards": safeguards,
        "classifier_models": [compact({"type": m.get("type"), "engine": m.get("engine"),
                                       "model": m.get("model") or (m.get("parameters") or {})
                                       .get("model_name")}) for m in models
                              if m.get("type") != "main"] or None,
        "single_call": bool(single.get("enabled")) if single else None,
        "prompt_tasks": [p.get("task") for p in raw.get("prompts") or []
                         if isinstance(p, dict)] or None,
        "colang_version": str(raw["colang_version"]) if "colang_version" in raw else None,
    })
    # Colang 2 defines its rails as flows in .co files, which safesec does not read
    colang2 = str(raw.get("colang_version", "")).startswith("2") and not safeguards
    unsupported = UNSUPPORTED + (("safeguards",) if colang2 else ())
    return Adapted(kind=KIND, format=FORMAT, data=data, origin=origin, unsupported=unsupported)


def _safeguard(flow: str, stage: str, kind: str, settings: dict[str, Any],
               names: dict[Any, Any]) -> dict[str, Any]:
    runs_on = _runs_on(flow)
    return compact({
        "id": slug(_MODEL_ARG.sub(lambda m: m.group(1), flow)),
        "kind": kind, "stage": stage, "flow": flow, "runs_on": runs_on,
        "model": names.get(runs_on),
        "independent": runs_on != "main",
        "settings": _settings(flow, settings),
    })


def _runs_on(flow: str) -> str:
    """Which model runs the rail: ``main`` for self checks, else the named classifier."""
    arg = _MODEL_ARG.search(flow)
    if arg:
        return arg.group(1)
    text = flow.lower()
    if text.startswith("self check"):
        return "main"
    if text.startswith("llama guard"):
        return "llama_guard"
    return slug(text.split(" on ")[0].replace(" check", "")) or "rail"


def _settings(flow: str, settings: dict[str, Any]) -> dict[str, Any] | None:
    text = flow.lower()
    for key, value in settings.items():
        if key.replace("_", " ") in text and isinstance(value, dict):
            return value
    return None
