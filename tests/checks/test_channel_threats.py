"""``channel_threats``: one indirect prompt injection threat per enabled input channel."""
from __future__ import annotations

SPEC = {"type": "channel_threats",
        "channels": {"retrieval": ["retrieval-content"], "browsing": ["web"], "tools": ["tool-output"]},
        "configs": {"kind": "config", "path": "channels"},
        "card": {"kind": "model_card", "path": "front_matter.risk_management.channels"},
        "threats": "threats",
        "threat": {"any": [{"path": "atlas", "contains": "AML.T0051.001"},
                           {"path": "owasp_llm", "contains": "LLM01:2025"}]},
        "access": "actor.access"}
SERVING = "kind: serving\nchannels:\n  retrieval: true\n  browsing: false\n  tools: true\n"


def threat(tid, access, atlas=("AML.T0051.001",)):
    return {"id": tid, "atlas": list(atlas), "actor": {"access": access}}


def run(check, art, ctx, threats, *others):
    tm = art("threat_model", {"threats": threats})
    return check(SPEC, tm, ctx(tm, *others))


def serving(art, text=SERVING, path="models/a/serving/config.yaml"):
    return art("config", text=text, path=path)


def test_each_enabled_channel_with_its_own_threat_passes(check, art, ctx):
    threats = [threat("T-1", "retrieval-content"), threat("T-2", "tool-output")]
    assert run(check, art, ctx, threats, serving(art)) == []


def test_a_channel_without_a_threat_through_it_is_named(check, art, ctx):
    [finding] = run(check, art, ctx, [threat("T-1", "retrieval-content")], serving(art))
    assert finding.message.startswith(
        "models/a/serving/config.yaml:5 enables the tools channel, but no indirect prompt "
        "injection threat reaches the system through it")
    assert "actor.access is tool-output" in finding.message


def test_a_threat_that_is_no_injection_or_comes_another_way_does_not_count(check, art, ctx):
    threats = [threat("T-1", "retrieval-content"), threat("T-2", "tool-output", atlas=["AML.T0054"]),
               threat("T-3", "public-api")]
    [finding] = run(check, art, ctx, threats, serving(art))
    assert "tools channel" in finding.message


def test_a_card_declaring_none_while_a_config_enables_a_channel_names_both(check, art, ctx):
    card = art("model_card", text="---\nrisk_management:\n  channels: none\n---\n# a\n",
               fmt="markdown")
    threats = [threat("T-1", "retrieval-content"), threat("T-2", "tool-output")]
    [finding] = run(check, art, ctx, threats, serving(art), card)
    assert finding.message.startswith(
        "models/a/MODEL_CARD.md:3 declares risk_management.channels: none (the model is not "
        "served), but models/a/serving/config.yaml:3 enables the retrieval channel")


def test_a_config_turning_a_channel_off_while_another_turns_it_on_names_both(check, art, ctx):
    gateway = serving(art, "kind: gateway\nchannels: {browsing: true}\n",
                      path="models/a/gateway/litellm.yaml")
    threats = [threat("T-1", "retrieval-content"), threat("T-2", "tool-output"),
               threat("T-3", "web")]
    [finding] = run(check, art, ctx, threats, serving(art), gateway)
    assert finding.message.startswith(
        "models/a/serving/config.yaml:4 turns the browsing channel off, but "
        "models/a/gateway/litellm.yaml:2 turns it on")


def test_a_channel_the_card_enables_counts_too(check, art, ctx):
    card = art("model_card", {"front_matter": {"risk_management": {"channels": {"browsing": True}}}})
    [finding] = run(check, art, ctx, [], card)
    assert "enables the browsing channel" in finding.message


def test_no_enabled_channel_asks_for_nothing(check, art, ctx):
    off = serving(art, "channels: {retrieval: false, tools: false}\n")
    assert run(check, art, ctx, [], off) == []
