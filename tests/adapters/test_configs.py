"""NeMo Guardrails and LiteLLM configs -> config with input/output safeguards."""
from __future__ import annotations

from checker.adapters import adapt


def _stages(data: dict) -> list[tuple[str, str]]:
    return [(s["stage"], s["id"]) for s in data["safeguards"]]


def test_nemo_self_check_rails_run_on_the_main_model(corpus):
    data = adapt("nemo-guardrails", corpus("guardrail-configs/nemo-abc-bot-config.yml")).data
    assert data["kind"] == "guardrails"
    assert _stages(data) == [("input", "self-check-input"), ("output", "self-check-output")]
    assert [s["kind"] for s in data["safeguards"]] == ["input-classifier", "output-moderation"]
    assert {s["independent"] for s in data["safeguards"]} == {False}
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
    assert model.data["safeguards"] == []
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
    data = adapt("litellm", raw).data
    assert _stages(data) == [("output", "lakera"), ("input", "pii:pre_call"),
                             ("output", "pii:post_call")]
    assert data["safeguards"][0]["default_on"] is True
    assert data["auth"] == {"required": True}
    assert data["rate_limits"]["per_principal"]["requests_per_minute"] == 60
    assert data["logging"] == {"abuse_telemetry": True, "callbacks": ["prometheus", "langfuse"]}
    assert "model" not in data and data["models"] == ["a", "b"]
