"""LiteLLM proxy ``config.yaml`` -> config (role ``gateway``).

``guardrails[]`` with mode ``pre_call`` / ``during_call`` become input
safeguards, ``post_call`` output safeguards (a list of modes gives one
safeguard per stage); ``default_on`` is kept, since a guardrail that is not on
by default only runs when a request asks for it. A ``master_key`` means auth is
required; default per-key ``rpm_limit`` / ``tpm_limit`` are per-principal rate
limits; logging callbacks are the telemetry. The gateway cannot know whether
the application behind it uses retrieval, browsing, uploads or memory.
"""
from __future__ import annotations

from typing import Any

from checker.adapters.base import Adapted, Origin, compact, items, mapping_or_empty, uniq

FORMAT = "litellm"
KIND = "config"
UNSUPPORTED = ("model.revision", "channels.retrieval", "channels.browsing",
               "channels.file_upload", "channels.memory")
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
    data = compact({
        "kind": "gateway",
        "model": _model(models),
        "models": [str(m.get("model_name")) for m in models if m.get("model_name")] or None,
        "safeguards": safeguards,
        "auth": {"required": bool(general.get("master_key"))} if "master_key" in general
        else None,
        "rate_limits": _limits(settings),
        "logging": _logging(settings),
        "channels": {"tools": True} if raw.get("mcp_servers") else None,
    })
    origin.update({(): (), ("model",): ("model_list",), ("auth",): ("general_settings",),
                   ("rate_limits",): ("litellm_settings",), ("logging",): ("litellm_settings",)})
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


def _limits(settings: dict[str, Any]) -> dict[str, Any] | None:
    for block in LIMIT_BLOCKS:
        params = settings.get(block)
        if isinstance(params, dict) and (params.get("rpm_limit") or params.get("tpm_limit")):
            return {"per_principal": compact({
                "requests_per_minute": params.get("rpm_limit"),
                "tokens_per_minute": params.get("tpm_limit"), "source": block})}
    return None


def _logging(settings: dict[str, Any]) -> dict[str, Any] | None:
    names: list[str] = []
    for key in CALLBACKS:
        value = settings.get(key)
        names.extend(str(v) for v in (value if isinstance(value, list) else [value]) if v)
    names = uniq(names)
    return {"abuse_telemetry": True, "callbacks": names} if names else None
