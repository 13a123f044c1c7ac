"""NeMo Guardrails ``config.yml`` (and the other YAML files of a config folder) -> config.

A config that names its models or rails (or a Colang version) is the config of the
guardrails layer every request to the main model passes: ``kind: gateway``, a deployment
of its system (checker.adapters.serving fills in what it cannot state from the system's
native serving file). A folder file holding only ``prompts`` is a part of such a config
(``kind: guardrails``, no rails), not a deployment of its own.

Input rails become input safeguards, output rails output safeguards, retrieval rails
retrieval safeguards; each names the model that runs it. A ``self check`` rail prompts
the served (main) model itself to judge the input or output ("the main model performs
the check"; "the performance of this rail is strongly dependent on the capability of the
LLM to follow the instructions in the self_check_input prompt": NeMo's guardrail catalog):
it is a prompt policy the served model applies, not a classifier independent of it, so it
is mapped to ``system-prompt-policy``. A self check given a model of its own (a ``models``
entry of type ``self_check_input`` / ``self_check_output``, or ``$model=``) that is not the
main model is a classifier (``input-classifier`` / ``output-moderation``); so are the
rails that run a model of their own (content safety, Llama Guard, jailbreak detection).
``tracing`` adapters are listed as ``logging.tracing``: traces, not abuse telemetry.

NeMo has no notion of rate limits, authentication, abuse telemetry, the served model's
revision, the app's channels or a provenance detector. A Colang 2 config (``colang_version: "2.x"``) declares its
rails as flows in ``.co`` files, which are not read: its safeguards are reported as a gap,
not as absent. The LLM-judge configs of NeMo's eval tool (models of type ``llm-judge``
only) are not guardrails.
"""
from __future__ import annotations

import re
from typing import Any

from checker.adapters.base import Adapted, Origin, compact, items, mapping_or_empty, slug

FORMAT = "nemo-guardrails"
KIND = "config"
UNSUPPORTED = ("model.revision", "channels.retrieval", "channels.browsing",
               "channels.file_upload", "channels.memory", "channels.tools",
               "rate_limits.per_principal", "auth.required", "logging.abuse_telemetry",
               "detector")
STAGES = (("input", "input-classifier"), ("output", "output-moderation"),
          ("retrieval", "input-classifier"))
_MODEL_ARG = re.compile(r"\$model\s*=\s*[\"']?([\w.-]+)[\"']?")
TOP_KEYS = ("rails", "instructions", "sample_conversation", "prompts", "actions_server_url",
            "streaming", "lowest_temperature", "colang_version", "passthrough")

SIGNATURE_DOC = ("a NeMo Guardrails config: rails, models with engine and type, prompts with "
                 "task, or colang_version")
JUDGE_TYPES = ("llm-judge", "judge")  # models of NeMo's eval tool, not of a guardrails config
SELF_CHECK_KIND = "system-prompt-policy"  # a check the served model makes of itself


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
    deployed = bool(models) or "rails" in raw or "colang_version" in raw
    origin[("logging",)] = ("tracing",)
    data = compact({
        "kind": "gateway" if deployed else "guardrails",
        "logging": _tracing(mapping_or_empty(raw, "tracing")),
        "model": compact({"name": (main or {}).get("model"), "engine": (main or {}).get("engine")})
        or None,
        "safeguards": safeguards if "rails" in raw else None,  # no rails key: not stated
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
    runs_on = _runs_on(flow, names)
    model = names.get(runs_on)
    independent = runs_on != "main" and not (model and model == names.get("main"))
    return compact({
        "id": slug(_MODEL_ARG.sub(lambda m: m.group(1), flow)),
        "kind": kind if independent else SELF_CHECK_KIND, "stage": stage, "flow": flow,
        "runs_on": runs_on, "model": model, "independent": independent,
        "settings": _settings(flow, settings),
    })


def _runs_on(flow: str, names: dict[Any, Any]) -> str:
    """Which model runs the rail: a self check runs on the model of its task's type when
    the config gives one, else on ``main``; another rail on the model it names."""
    arg = _MODEL_ARG.search(flow)
    if arg:
        return arg.group(1)
    text = flow.lower()
    if text.startswith("self check"):
        task = slug(text).replace("-", "_")  # "self check input" -> self_check_input
        return task if task in names else "main"
    if text.startswith("llama guard"):
        return "llama_guard"
    return slug(text.split(" on ")[0].replace(" check", "")) or "rail"


def _settings(flow: str, settings: dict[str, Any]) -> dict[str, Any] | None:
    text = flow.lower()
    for key, value in settings.items():
        if key.replace("_", " ") in text and isinstance(value, dict):
            return value
    return None


def _tracing(tracing: dict[str, Any]) -> dict[str, Any] | None:
    """The trace exporters when tracing is on: traces of each request, not abuse telemetry."""
    if not tracing.get("enabled"):
        return None
    adapters = tracing.get("adapters")
    names = [str(a["name"]) for a in adapters if isinstance(a, dict) and a.get("name")] \
        if isinstance(adapters, list) else []
    return {"tracing": names or ["enabled"]}
