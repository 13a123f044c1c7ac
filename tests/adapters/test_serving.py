"""The effective serving config: a gateway config with the native serving file as fallback."""
from __future__ import annotations

from pathlib import Path

from checker.adapters.serving import Served, effective, serve, where
from checker.loaders.artifact import load_artifact
from checker.model import Artifact

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus" / "guardrail-configs"
FORMATS = Path(__file__).resolve().parents[1] / "data" / "formats"

NATIVE = """\
kind: serving
model: {name: bot, revision: 3f2a9c1}
safeguards:
  - {id: shadow-classifier, kind: input-classifier}
channels: {retrieval: true, tools: false}
rate_limits:
  per_principal: {requests_per_minute: 20, tokens_per_day: 200000}
logging:
  abuse_telemetry: true
"""
GATEWAY = """\
model_list:
  - model_name: bot
    litellm_params: {model: openai/gpt-4o-mini}
guardrails:
  - guardrail_name: prompt-guard
    litellm_params: {guardrail: lakera_v2, mode: pre_call, default_on: true}
litellm_settings:
  default_key_generate_params: {rpm_limit: 60}
  success_callback: [langfuse]
mcp_servers:
  github: {url: "https://example.invalid/mcp"}
"""


def _one(path: str, text: str | bytes) -> Artifact:
    (artifact,) = load_artifact(path, "config", text.encode() if isinstance(text, str) else text)
    assert isinstance(artifact, Artifact)
    return artifact


def test_a_system_without_gateway_configs_keeps_its_artifacts_as_they_are():
    native = _one("serving/config.yaml", NATIVE)
    prompts = _one("nemo/prompts.yml", (CORPUS / "nemo-llama-guard-prompts.yml").read_bytes())
    arts = [native, prompts]
    assert prompts.data["kind"] == "guardrails"  # a part of a NeMo folder: no deployment
    assert effective(arts) is arts


def test_the_gateway_replaces_the_native_file_which_only_fills_what_it_leaves_out():
    native, gateway = _one("serving/config.yaml", NATIVE), _one("gateway/litellm.yaml", GATEWAY)
    other = _one("guardrails/rails.yaml", "kind: guardrails\nsafeguards: []\n")
    (served, kept) = effective([native, gateway, other])
    assert kept is other  # a native guardrails file is no serving config: untouched
    assert isinstance(served, Served) and served.path == "gateway/litellm.yaml"
    data = served.data
    assert data["kind"] == "gateway"
    # stated by the gateway: its own values win
    assert [s["id"] for s in data["safeguards"]] == ["prompt-guard"]
    assert data["channels"] == {"tools": True, "retrieval": True}
    assert data["rate_limits"]["per_principal"]["requests_per_minute"] == 60
    # left out (or not expressible) by the gateway: the native file's
    assert data["rate_limits"]["per_principal"]["tokens_per_day"] == 200000
    assert data["model"]["revision"] == "3f2a9c1"
    assert data["logging"] == {"callbacks": ["langfuse"], "abuse_telemetry": True}
    assert served.unsupported == ("channels.browsing", "channels.file_upload", "channels.memory",
                                  "detector")


def test_a_finding_points_at_the_file_that_states_or_should_state_the_field():
    native, gateway = _one("serving/config.yaml", NATIVE), _one("gateway/litellm.yaml", GATEWAY)
    served = serve(gateway, [native])
    assert where(served, ("safeguards", 0)) == ("gateway/litellm.yaml", 5)
    assert where(served, ("model", "revision")) == ("serving/config.yaml", 2)
    assert where(served, ("logging", "abuse_telemetry")) == ("serving/config.yaml", 9)
    assert where(served, ("channels", "retrieval")) == ("serving/config.yaml", 5)
    assert where(served, ("channels", "tools"))[0] == "gateway/litellm.yaml"
    # stated nowhere: the native file when LiteLLM cannot express it, else the gateway
    assert where(served, ("channels", "memory"))[0] == "serving/config.yaml"
    assert where(served, ("auth", "required"))[0] == "gateway/litellm.yaml"
    assert where(native, ("logging",)) == ("serving/config.yaml", 8)  # any other artifact


def test_without_a_native_file_a_gap_says_where_to_state_it():
    gateway = _one("gateway/litellm.yaml", (FORMATS / "litellm/prometheus_test_config.yaml")
                   .read_bytes())
    (served,) = effective([gateway])
    assert isinstance(served, Served) and served.data["logging"] == {
        "callbacks": ["otel", "prometheus"]}
    assert "logging.abuse_telemetry" in served.unsupported
    assert where(served, ("logging", "abuse_telemetry"))[0] == "gateway/litellm.yaml"
    assert "native serving config (kind: serving)" in served.fallback_hint()


def test_two_native_files_fill_a_field_from_the_first_by_path_that_states_it():
    first = _one("a/serving.yaml", "kind: serving\nlogging: {abuse_telemetry: false}\n")
    second = _one("b/serving.yaml", NATIVE)
    gateway = _one("gateway/litellm.yaml", GATEWAY)
    (served,) = effective([second, gateway, first])
    assert served.data["logging"]["abuse_telemetry"] is False
    assert where(served, ("logging", "abuse_telemetry"))[0] == "a/serving.yaml"
    assert where(served, ("model", "revision"))[0] == "b/serving.yaml"


def test_two_gateways_are_two_deployments_that_borrow_only_from_the_native_file():
    native = _one("serving/config.yaml", NATIVE)
    guarded = _one("gw/a.yaml", GATEWAY)
    bare = _one("gw/b.yaml", "model_list:\n  - {model_name: bot, litellm_params: {model: x}}\n"
                             "guardrails: []\n")
    first, second = effective([guarded, bare, native])
    assert [s["id"] for s in first.data["safeguards"]] == ["prompt-guard"]
    assert second.data["safeguards"] == []  # stated: none (not the other gateway's)
    assert second.data["model"]["revision"] == "3f2a9c1"


def test_a_changed_native_file_changes_the_served_blob():
    gateway = _one("gateway/litellm.yaml", GATEWAY)
    before = serve(gateway, [_one("serving/config.yaml", NATIVE)])
    after = serve(gateway, [_one("serving/config.yaml", NATIVE + "# edited\n")])
    assert before.blob and before.blob != after.blob  # the audit's cache key
