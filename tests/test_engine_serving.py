"""Real gateway configs are the serving config (issue 15, item 5), end to end.

Generated repositories: the compliant example with a real LiteLLM or NeMo Guardrails config
added to its system, with or without the native serving file as the fallback.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"
LITELLM = (DATA / "corpus/guardrail-configs/litellm-guardrails-eu-ai-act.yaml").read_text()
SYSTEM = "models/support-bot"
NATIVE = f"{SYSTEM}/serving/config.yaml"
GATEWAY = f"{SYSTEM}/gateway/litellm_config.yaml"


@pytest.fixture
def repo(tmp_path: Path, fixtures_dir: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(fixtures_dir / "compliant", root)
    return root


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _put(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


def _results(check_json, root: Path, rule: str) -> list[dict]:
    _run, report = check_json(root)
    assert report is not None
    return [r for r in report["results"] if r["rule"] == rule]


def _config_results(check_json, root: Path, rule: str) -> dict[str, dict]:
    return {r["artifact"]: r for r in _results(check_json, root, rule)}


def test_native_only_is_judged_as_before(check_json, repo):
    int8 = _config_results(check_json, repo, "INT-8")
    assert int8[NATIVE]["status"] == "pass"


def test_gateway_with_native_fallback_is_judged_once_on_the_gateways_facts(check_json, repo):
    _put(repo, GATEWAY, LITELLM)
    _run, report = check_json(repo)
    about_native = [r for r in report["results"] if r["artifact"] == NATIVE]
    assert about_native == []  # not judged a second time as a deployment of its own
    int8 = {r["artifact"]: r for r in report["results"] if r["rule"] == "INT-8"}
    # the gateway's pre_call guardrail; rate limits and abuse telemetry from the native file
    assert int8[GATEWAY]["status"] == "pass"
    # INT-1 judges the gateway's guardrail, not the native file's list of safeguards
    (int1,) = [r for r in report["results"] if r["rule"] == "INT-1"
               and r["artifact"] == GATEWAY]
    assert int1["status"] == "fail" and (int1["file"], int1["line"]) == (GATEWAY, 8)
    assert [f["message"].split(":")[0] for f in int1["findings"]] == ["eu-ai-act-article5"]
    # the served revision, which LiteLLM cannot state, comes from the native file
    int10 = [r for r in report["results"] if r["rule"] == "INT-10"
             and r["artifact"].endswith(".yaml")]
    assert int10 and {r["status"] for r in int10} == {"pass"}
    # the public detector and its limits, which only the native file states, count (INT-12)
    assert {r["status"] for r in report["results"] if r["rule"] == "INT-12"} == {"pass"}


def test_a_fact_no_gateway_can_state_is_asked_of_the_native_file(check_json, repo):
    _put(repo, GATEWAY, LITELLM)
    _edit(repo, NATIVE, "\ndetector:", "\nprovenance_detector:")
    (int12,) = _results(check_json, repo, "INT-12")
    assert int12["status"] == "fail" and int12["file"] == NATIVE
    assert "litellm cannot express detector; state it in the native serving config" \
        in int12["message"]


def test_a_field_only_the_native_file_would_state_fails_there(check_json, repo):
    _put(repo, GATEWAY, LITELLM)
    _edit(repo, NATIVE, "logging:\n  abuse_telemetry: true\n", "logging:\n")
    (int8,) = [r for r in _results(check_json, repo, "INT-8") if r["artifact"] == GATEWAY]
    assert int8["status"] == "fail" and int8["file"] == NATIVE
    (finding,) = int8["findings"]
    assert finding["message"].startswith("abuse telemetry")
    assert f"litellm cannot express logging.abuse_telemetry; state it in the native serving " \
           f"config {NATIVE}" in finding["message"]


def test_gateway_only_is_judged_with_no_native_file(check_json, repo):
    _put(repo, GATEWAY, LITELLM)
    (repo / NATIVE).unlink()
    int8 = _config_results(check_json, repo, "INT-8")
    assert int8[GATEWAY]["status"] == "fail"  # was "not a serving config" before
    messages = [f["message"] for f in int8[GATEWAY]["findings"]]
    assert [m.split(" (")[0] for m in messages] == ["per-principal rate limits",
                                                    "abuse telemetry"]
    assert {f["file"] for f in int8[GATEWAY]["findings"]} == {GATEWAY}
    assert "state it in a native serving config (kind: serving) beside it" in messages[1]
    int10 = [r for r in _results(check_json, repo, "INT-10")
             if r["artifact"] == f"{SYSTEM}/evals/safety.yaml"]
    assert int10[0]["status"] == "fail" and int10[0]["file"] == GATEWAY
    assert "litellm cannot express model.revision" in int10[0]["message"]


def test_a_field_the_gateway_states_wins_over_the_native_file(check_json, repo):
    # OBJ-3 asks for safe-operation hazards when a serving config enables tools
    _edit(repo, f"{SYSTEM}/security/threat-model.yaml", "scope: safe-operation",
          "scope: safe-usability")
    _edit(repo, NATIVE, "  tools: true ", "  tools: false ")
    _put(repo, GATEWAY, LITELLM)
    (obj3,) = _results(check_json, repo, "OBJ-3")
    assert obj3["status"] == "pass"  # tools off in the native file, unstated by the gateway
    _put(repo, GATEWAY, LITELLM + "mcp_servers:\n  orders: {url: 'https://example.invalid'}\n")
    (obj3,) = _results(check_json, repo, "OBJ-3")
    assert obj3["status"] == "fail" and "safe-operation" in obj3["message"]


def test_two_gateways_that_disagree_are_two_deployments(check_json, repo):
    _put(repo, GATEWAY, LITELLM)
    other = f"{SYSTEM}/gateway/internal.yaml"
    _put(repo, other, "model_list:\n  - model_name: internal\n    litellm_params: "
                      "{model: openai/gpt-4o-mini}\nguardrails: []\n")
    int8 = _config_results(check_json, repo, "INT-8")
    assert (int8[GATEWAY]["status"], int8[other]["status"]) == ("pass", "fail")
    assert int8[other]["findings"][0]["message"].startswith("a safeguard independent")
    assert NATIVE not in int8


def test_nemo_config_is_a_deployment_and_self_checks_are_not_independent(check_json, repo):
    nemo = f"{SYSTEM}/rails/config.yml"
    _put(repo, nemo, (DATA / "corpus/guardrail-configs/nemo-content-safety-config.yml")
         .read_text())
    assert _config_results(check_json, repo, "INT-8")[nemo]["status"] == "pass"
    _put(repo, nemo, (DATA / "corpus/guardrail-configs/nemo-abc-bot-config.yml").read_text())
    int8 = _config_results(check_json, repo, "INT-8")[nemo]
    assert int8["status"] == "fail" and int8["file"] == nemo
    assert "found system-prompt-policy" in int8["findings"][0]["message"]


def test_a_change_to_the_native_file_alone_re_judges_the_gateway(check_json, repo):
    # pre-commit mode: only the fallback changed, yet it is a fact of the gateway's deployment
    _put(repo, GATEWAY, LITELLM)
    _edit(repo, NATIVE, "logging:\n  abuse_telemetry: true\n", "logging:\n")
    _run, report = check_json(repo, "--files", repo / NATIVE)
    int8 = [r for r in report["results"] if r["rule"] == "INT-8"]
    assert [(r["artifact"], r["status"], r["file"]) for r in int8
            if r["artifact"] == GATEWAY] == [(GATEWAY, "fail", NATIVE)]
