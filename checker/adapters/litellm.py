"""LiteLLM proxy ``config.yaml`` -> config (``kind: gateway``: a deployment's gateway).

Only what the file says is mapped (absent stays absent, so the system's native serving
file can state it: checker.adapters.serving):

- ``guardrails[]`` with mode ``pre_call`` / ``during_call`` become input safeguards,
  ``post_call`` output safeguards (a list of modes gives one safeguard per stage);
  ``default_on`` is kept, since a guardrail that is not on by default only runs when a
  request or its key asks for it. No ``guardrails`` key: no safeguards stated.
- A ``master_key`` means auth is required.
- Rate limits of a principal's scope are per-principal: the ``rpm_limit`` / ``tpm_limit``
  every virtual key is generated with (``default_key_generate_params``, and
  ``upperbound_key_generate_params``, which fills a key's unset limits) and those of new
  internal users (``default_internal_user_params``). The ``rpm`` / ``tpm`` of a
  ``model_list`` entry limit the calls to that deployment from everyone together: they
  are listed as ``rate_limits.per_deployment``, not as per-principal limits.
- Logging callbacks (Prometheus, Langfuse, OpenTelemetry, ...) ship request logs and
  metrics: they are listed as ``logging.callbacks``, and are not abuse telemetry (no
  LiteLLM setting says that anyone reviews those logs for abuse).
- ``mcp_servers`` means the model can call tools.

The gateway cannot know the served model's revision, nor whether the application behind
it uses retrieval, browsing, uploads or memory, nor anything of a provenance detector
served beside it.
"""
from __future__ import annotations

from typing import Any

from checker.adapters.base import Adapted, Origin, compact, items, mapping_or_empty, uniq

FORMAT = "litellm"
KIND = "config"
UNSUPPORTED = ("model.revision", "channels.retrieval", "channels.browsing",
               "channels.file_upload", "channels.memory", "logging.abuse_telemetry",
               "detector")
STAGE = {"pre_call": ("input", "input-classifier"), "during_call": ("input", "input-classifier"),
         "post_call": ("output", "output-moderation"),
         "pre_mcp_call": ("tool-input", "input-classifier"),
         "during_mcp_call": ("tool-input", "input-classifier")}
LIMIT_BLOCKS = ("default_key_generate_params", "upperbound_key_generate_params",
                "default_internal_user_params")
CALLBACKS = ("callbacks", "success_callback", "failure_callback", "service_callback")

SIGNATURE_DOC = "a LiteLLM proxy config: model_list with litellm_params, or litellm_settings"


def matches(kind: str, path: str, raw: Any) -> bool:
    if kind != KIND or not isinstance(raw, dict):
        return False
    models = raw.get("model_list")
    if isinstance(models, list) and any(isinstance(m, dict) and "litellm_params" in m
                                        for m in models):
        return True
    guards = raw.get("guardrails")
    return "litellm_settings" in raw or (isinstance(guards, list) and any(
        isinstance(g, dict) and "litellm_params" in g for g in guards))


def adapt(raw: Any) -> Adapted:
    settings = mapping_or_empty(raw, "litellm_settings")
    general = mapping_or_empty(raw, "general_settings")
    models = [m for m in items(raw.get("model_list"), "model_list", ("model_list",))
              if isinstance(m, dict)]
    safeguards, origin = _guardrails(raw)
    limits, limits_from = _limits(settings, models)
    data = compact({
        "kind": "gateway",
        "model": _model(models),
        "models": [str(m.get("model_name")) for m in models if m.get("model_name")] or None,
        "safeguards": safeguards if "guardrails" in raw else None,
        "auth": {"required": bool(general.get("master_key"))} if "master_key" in general
        else None,
        "rate_limits": limits,
        "logging": _logging(settings),
        "channels": {"tools": True} if raw.get("mcp_servers") else None,
    })
    origin.update({(): (), ("model",): ("model_list",), ("auth",): ("general_settings",),
                   ("rate_limits",): limits_from, ("logging",): ("litellm_settings",),
                   ("channels",): ("mcp_servers",)})
    unsupported = UNSUPPORTED + (() if raw.get("mcp_servers") else ("channels.tools",))
    return Adapted(kind=KIND, format=FORMAT, data=data, origin=origin, unsupported=unsupported)


def _guardrails(raw: dict[str, Any]) -> tuple[list[dict[str, Any]], Origin]:
    safeguards: list[dict[str, Any]] = []
    origin: Origin = {}
    for i, guard in enumerate(items(raw.get("guardrails"), "guardrails", ("guardrails",))):
        params = guard.get("litellm_params") if isinstance(guard, dict) else None
        params = params if isinstance(params, dict) else {}
        modes = params.get("mode")
        for mode in (modes if isinstance(modes, list) else [modes]):
            stage, kind = STAGE.get(str(mode), (None, None))
            if stage is None:
                continue
            origin[("safeguards", len(safeguards))] = ("guardrails", i)
            name = str(guard.get("guardrail_name") or params.get("guardrail") or f"guardrail-{i}")
            safeguards.append(compact({
                "id": name if not isinstance(modes, list) else f"{name}:{mode}",
                "kind": kind, "stage": stage, "mode": str(mode),
                "provider": params.get("guardrail"),
                "default_on": bool(params.get("default_on") or guard.get("default_on")),
            }))
    return safeguards, origin


def _model(models: list[dict[str, Any]]) -> dict[str, Any] | None:
    if len(models) != 1:
        return None
    params = models[0].get("litellm_params") or {}
    return compact({"name": models[0].get("model_name"), "provider_model": params.get("model")})


def _limits(settings: dict[str, Any], models: list[dict[str, Any]]
            ) -> tuple[dict[str, Any] | None, tuple[str, ...]]:
    """(rate_limits, the raw path they came from)."""
    limits: dict[str, Any] = {}
    where: tuple[str, ...] = ("model_list",)
    for block in LIMIT_BLOCKS:
        params = settings.get(block)
        if isinstance(params, dict) and (params.get("rpm_limit") or params.get("tpm_limit")):
            limits["per_principal"] = compact({
                "requests_per_minute": params.get("rpm_limit"),
                "tokens_per_minute": params.get("tpm_limit"), "source": block})
            where = ("litellm_settings", block)
            break
    deployments = []
    for model in models:
        params = model.get("litellm_params")
        params = params if isinstance(params, dict) else {}
        rpm, tpm = params.get("rpm", model.get("rpm")), params.get("tpm", model.get("tpm"))
        if rpm or tpm:
            deployments.append(compact({"model": model.get("model_name"),
                                        "requests_per_minute": rpm,
                                        "tokens_per_minute": tpm}))
    if deployments:
        limits["per_deployment"] = deployments
    return limits or None, where


def _logging(settings: dict[str, Any]) -> dict[str, Any] | None:
    """The logging callbacks: request logs and metrics, not abuse telemetry."""
    names: list[str] = []
    for key in CALLBACKS:
        value = settings.get(key)
        names.extend(str(v) for v in (value if isinstance(value, list) else [value]) if v)
    names = uniq(names)
    return {"callbacks": names} if names else None
