"""``release_evidence``: a release that publishes no weights agrees with the other evidence."""
from __future__ import annotations

from checker.checks.base import Context

SPEC = {"type": "release_evidence", "release": "front_matter.risk_management.release",
        "unpublished": ["api", "hosted-app", "internal"],
        "licence": "front_matter.license", "open_licences": ["apache-2.0", "llama3"],
        "gated": "front_matter.gated",
        "published_text": "weights (?:are|were) (?:openly )?(?:published|released)",
        "weight_files": ["safetensors", "gguf"], "not_in_repository": ["api", "hosted-app"],
        "hint": "(step 13)"}


def card(art, release="api", licence="other", extra="", body="A hosted assistant.\n"):
    return art("model_card", text=f"---\nlicense: {licence}\n{extra}risk_management:\n"
                                   f"  release: {release}\n---\n\n# a\n\n{body}", fmt="markdown")


def test_a_consistent_api_release_passes(check, art, ctx):
    one = card(art)
    assert check(SPEC, one, ctx(one, files=("models/a/MODEL_CARD.md",))) == []


def test_an_open_licence_contradicts_an_api_release_naming_both_lines(check, art, ctx):
    one = card(art, licence="apache-2.0")
    [finding] = check(SPEC, one, ctx(one))
    assert finding.message.startswith(
        "the Hugging Face front matter gives license: apache-2.0 (models/a/MODEL_CARD.md:2), a "
        "licence under which weights are handed out, but risk_management.release: api "
        "(models/a/MODEL_CARD.md:4) says no weights are published; declare open-weights")
    assert finding.message.endswith("(step 13)")


def test_gating_and_text_saying_the_weights_are_published_contradict_it(check, art, ctx):
    one = card(art, release="internal", extra="gated: manual\n",
               body="Intro.\n\nThe weights were openly published in May.\n")
    gated, text = check(SPEC, one, ctx(one))
    assert "gives gated: manual (models/a/MODEL_CARD.md:3)" in gated.message
    assert "the card's text says \"weights were openly published\" (models/a/MODEL_CARD.md:12)" \
        in text.message


def test_weight_files_of_the_system_contradict_a_served_only_release(check, art):
    files = ("models/a/weights/model-00002.safetensors", "models/a/weights/model-00001.safetensors",
             "models/b/model.gguf", "models/a/README.md")
    systems = ("models/a", "models/b")  # models/b/model.gguf is the other system's

    def ctx(artifact):
        return Context(system="models/a", artifacts=[artifact], settings={}, files=files,
                       all_systems=systems)

    one = card(art)
    [finding] = check(SPEC, one, ctx(one))
    assert finding.message.startswith(
        "weight files lie in the repository (models/a/weights/model-00001.safetensors and 1 more)")
    internal = card(art, release="internal")
    assert check(SPEC, internal, ctx(internal)) == []


def test_a_card_at_the_root_does_not_claim_the_weights_of_the_systems_below_it(check, art):
    files = ("models/b/model.gguf", "weights/root.safetensors")
    root = art("model_card", text="---\nrisk_management:\n  release: api\n---\n\n# r\n",
               fmt="markdown", path="MODEL_CARD.md")
    ctx = Context(system=".", artifacts=[root], settings={}, files=files,
                  all_systems=(".", "models/b"))
    [finding] = check(SPEC, root, ctx)
    assert finding.message.startswith("weight files lie in the repository (weights/root.safetensors)")
    assert "models/b" not in finding.message


def test_published_or_undeclared_releases_have_nothing_to_contradict(check, art, ctx):
    for release in ("open-weights", "''"):
        one = card(art, release=release, licence="apache-2.0", extra="gated: true\n")
        assert check(SPEC, one, ctx(one, files=("models/a/w.safetensors",))) == []
