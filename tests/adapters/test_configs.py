"""NeMo Guardrails and LiteLLM configs -> config with input/output safeguards."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from checker.adapters import adapt

FORMATS = Path(__file__).resolve().parents[1] / "data" / "formats"


def _format(rel: str):
    return yaml.safe_load((FORMATS / rel).read_text(encoding="utf-8"))


def _stages(data: dict) -> list[tuple[str, str]]:
    return [(s["stage"], s["id"]) for s in data["safeguards"]]


def test_nemo_self_check_rails_are_a_prompt_policy_of_the_main_model(corpus):
    data = adapt("nemo-guardrails", corpus("guardrail-configs/nemo-abc-bot-config.yml")).data
    assert data["kind"] == "gateway"  # the guardrails layer in front of its main model
    assert _stages(data) == [("input", "self-check-input"), ("output", "self-check-output")]
    # the served model judging itself is no classifier independent of it (INT-8)
    assert [s["kind"] for s in data["safeguards"]] == ["system-prompt-policy"] * 2
    assert {s["independent"] for s in data["safeguards"]} == {False}
    assert {s["runs_on"] for s in data["safeguards"]} == {"main"}
    assert data["model"] == {"name": "gpt-3.5-turbo-instruct", "engine": "openai"}
    assert data["single_call"] is False


def test_nemo_content_safety_rails_name_their_classifier(corpus):
    data = adapt("nemo-guardrails",
                 corpus("guardrail-configs/nemo-content-safety-config.yml")).data
    assert _stages(data) == [("input", "content-safety-check-input-shieldgemma"),
                             ("input", "content-safety-check-input-llama-guard"),
                             ("output", "content-safety-check-output-llama-guard-2")]
    assert [s["runs_on"] for s in data["safeguards"]] == ["shieldgemma", "llama_guard",
                                                          "llama_guard_2"]
    assert {s["independent"] for s in data["safeguards"]} == {True}
    assert data["classifier_models"][0]["model"] == "google/shieldgemma-9b"
    assert [s["model"] for s in data["safeguards"]] == [
        "google/shieldgemma-9b", "meta-llama/LlamaGuard-7b", "meta-llama/Meta-Llama-Guard-2-8B"]


def test_nemo_rail_settings_carry_thresholds(corpus):
    model = adapt("nemo-guardrails",
                  corpus("guardrail-configs/nemo-jailbreak-detection-config.yml"))
    (rail,) = model.data["safeguards"]
    assert rail["id"] == "jailbreak-detection-heuristics" and rail["stage"] == "input"
    assert rail["settings"]["lp_threshold"] == 89.79
    assert model.origin[("safeguards", 0)] == ("rails", "input", "flows", 0)


def test_nemo_prompts_file_has_no_rails_and_cannot_say_rate_limits(corpus):
    model = adapt("nemo-guardrails", corpus("guardrail-configs/nemo-llama-guard-prompts.yml"))
    assert model.data["kind"] == "guardrails"  # a part of a config folder, not a deployment
    assert "safeguards" not in model.data
    assert model.data["prompt_tasks"] == ["llama_guard_check_input", "llama_guard_check_output"]
    for field in ("rate_limits.per_principal", "auth.required", "logging.abuse_telemetry"):
        assert field in model.unsupported


def test_nemo_retrieval_rails():
    raw = {"rails": {"retrieval": {"flows": ["mask sensitive data on retrieval"]}}}
    (rail,) = adapt("nemo-guardrails", raw).data["safeguards"]
    assert (rail["stage"], rail["kind"]) == ("retrieval", "input-classifier")


def test_litellm_pre_call_guardrail_is_an_input_safeguard_not_on_by_default(corpus):
    model = adapt("litellm", corpus("guardrail-configs/litellm-guardrails-eu-ai-act.yaml"))
    assert model.data["kind"] == "gateway"
    assert model.data["safeguards"] == [{
        "id": "eu-ai-act-article5", "kind": "input-classifier", "stage": "input",
        "mode": "pre_call", "provider": "litellm_content_filter", "default_on": False}]
    assert model.data["model"] == {"name": "gpt-4o-mini", "provider_model": "openai/gpt-4o-mini"}
    for absent in ("auth", "rate_limits", "logging"):
        assert absent not in model.data  # expressible in LiteLLM, just not configured
    assert "channels.retrieval" in model.unsupported


def test_litellm_post_call_mode_lists_auth_limits_and_callbacks():
    raw = {
        "model_list": [{"model_name": "a", "litellm_params": {"model": "x/a"}},
                       {"model_name": "b", "litellm_params": {"model": "x/b"}}],
        "guardrails": [
            {"guardrail_name": "lakera", "litellm_params": {"guardrail": "lakera_v2",
                                                            "mode": "post_call",
                                                            "default_on": True}},
            {"guardrail_name": "pii", "litellm_params": {"guardrail": "presidio",
                                                         "mode": ["pre_call", "post_call"]}}],
        "general_settings": {"master_key": "os.environ/LITELLM_MASTER_KEY"},
        "litellm_settings": {"callbacks": ["prometheus"], "success_callback": ["langfuse"],
                             "default_key_generate_params": {"rpm_limit": 60}},
    }
    model = adapt("litellm", raw)
    data = model.data
    assert _stages(data) == [("output", "lakera"), ("input", "pii:pre_call"),
                             ("output", "pii:post_call")]
    assert data["safeguards"][0]["default_on"] is True
    assert data["auth"] == {"required": True}
    assert data["rate_limits"]["per_principal"]["requests_per_minute"] == 60
    # request logs and metrics are no abuse telemetry, which LiteLLM cannot state
    assert data["logging"] == {"callbacks": ["prometheus", "langfuse"]}
    assert "logging.abuse_telemetry" in model.unsupported
    assert "model" not in data and data["models"] == ["a", "b"]
    assert model.origin[("rate_limits",)] == ("litellm_settings", "default_key_generate_params")


@pytest.mark.parametrize("block", ["default_key_generate_params",
                                   "upperbound_key_generate_params",
                                   "default_internal_user_params"])
def test_litellm_limits_every_key_or_user_gets_are_per_principal(block):
    raw = {"model_list": [{"model_name": "a", "litellm_params": {"model": "x/a"}}],
           "litellm_settings": {block: {"tpm_limit": 1000}}}
    limits = adapt("litellm", raw).data["rate_limits"]
    assert limits == {"per_principal": {"tokens_per_minute": 1000, "source": block}}


def test_litellm_real_prometheus_and_otel_callbacks_are_not_abuse_telemetry():
    model = adapt("litellm", _format("litellm/prometheus_test_config.yaml"))
    assert model.data["logging"] == {"callbacks": ["otel", "prometheus"]}
    assert "abuse_telemetry" not in model.data["logging"]
    assert "logging.abuse_telemetry" in model.unsupported
    assert "safeguards" not in model.data  # no guardrails key: stated nowhere in this file


def test_litellm_real_per_deployment_tpm_is_not_a_per_principal_limit():
    data = adapt("litellm", _format("litellm/azure_config_with_tpm.yaml")).data
    assert data["rate_limits"] == {"per_deployment": [
        {"model": "gpt-3.5-turbo", "tokens_per_minute": 80000},
        {"model": "gpt-3.5-turbo", "tokens_per_minute": 80000}]}


def test_litellm_mcp_servers_mean_tools():
    raw = {"model_list": [{"model_name": "a", "litellm_params": {"model": "x/a"}}],
           "mcp_servers": {"github": {"url": "https://example.invalid/mcp"}}}
    model = adapt("litellm", raw)
    assert model.data["channels"] == {"tools": True}
    assert "channels.tools" not in model.unsupported


def test_nemo_self_check_with_a_model_of_its_own_is_a_classifier():
    raw = {"models": [{"type": "main", "engine": "openai", "model": "gpt-4o"},
                      {"type": "self_check_input", "engine": "nim",
                       "model": "meta/llama-3.1-8b-instruct"},
                      {"type": "self_check_output", "engine": "openai", "model": "gpt-4o"}],
           "rails": {"input": {"flows": ["self check input"]},
                     "output": {"flows": ["self check output"]}}}
    guard_in, guard_out = adapt("nemo-guardrails", raw).data["safeguards"]
    assert (guard_in["kind"], guard_in["runs_on"], guard_in["independent"]) == (
        "input-classifier", "self_check_input", True)
    # a task model that is the main model again is still the served model judging itself
    assert (guard_out["kind"], guard_out["independent"]) == ("system-prompt-policy", False)


def test_nemo_real_tracing_config_is_a_gateway_with_traces_and_no_rails():
    model = adapt("nemo-guardrails", _format("nemo/tracing-config.yml"))
    assert model.data["kind"] == "gateway"
    assert model.data["logging"] == {"tracing": ["OpenTelemetry", "FileSystem"]}
    assert "safeguards" not in model.data
    assert "logging.abuse_telemetry" in model.unsupported
