"""``--files`` reads every model card only for what assigning systems needs of it: the
front matter, without the section tree.  That shortcut must never change whether a card
loads, what it links, or which system a file belongs to."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.run.discover import card_summary
from checker.loaders.artifact import load_artifact
from checker.model import LoadFailure

ROOT = Path(__file__).resolve().parents[2]
CARDS = sorted([*(ROOT / "tests/data/corpus/model-cards").glob("*.md"),
                *(ROOT / "fixtures").glob("**/*.md")])

HOSTILE = {
    "unclosed.md": "---\nlicense: mit\n\n# Card\n",
    "template.md": "---\nlicense: {{ license }}\n---\n# Card\n",
    "list.md": "---\n- a\n- b\n---\n# Card\n",
    "duplicate.md": "---\nlicense: mit\nlicense: apache-2.0\n---\n",
    "nan.md": "---\nlicense: mit\nscore: .nan\nrisk_management: {threat_model: tm.yaml}\n---\n",
    "bad-index.md": "---\nmodel-index: [{name: x, results: [{task: {}}]}]\n---\n# Card\n",
    "links.md": "---\nlicense: mit\nrisk_management:\n  threat_model: ../other/threat-model.yaml\n"
                "  evaluations: [evals/a.yaml, '', 7, ../../../outside.yaml]\n---\n# A\n## B\n",
    "README.md": "# Just a readme\n\nNo front matter.\n",
    "binary.md": b"\xff\xfe\x00---\n",
    "bad \x1b name.md": "---\nlicense: mit\n---\n",
}


def _shape(items: list) -> list:
    """What a report or the system assignment can see of a loaded card, sections aside."""
    return [(type(i).__name__, i.path, i.kind, i.format,
             (i.line, i.message) if isinstance(i, LoadFailure)
             else i.data if "#" in i.path  # derived (a model-index's eval report)
             else i.data["front_matter"])
            for i in items]


def _both(path: str, raw: bytes) -> tuple[list, list]:
    return (load_artifact(path, "model_card", raw),
            load_artifact(path, "model_card", raw, sections=False))


@pytest.mark.parametrize("card", CARDS, ids=lambda p: p.name)
def test_a_real_card_gives_the_same_summary_without_its_sections(card: Path) -> None:
    for name in (card.name, "README.md"):  # as itself, and as a README (content decides)
        whole, outline = _both(f"models/x/{name}", card.read_bytes())
        assert card_summary(outline) == card_summary(whole)
        assert _shape(outline) == _shape(whole)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_broken_card_fails_the_same_way_without_its_sections(name: str) -> None:
    raw = HOSTILE[name]
    raw = raw.encode() if isinstance(raw, str) else raw
    whole, outline = _both(f"models/x/{name}", raw)
    assert card_summary(outline) == card_summary(whole)
    assert _shape(outline) == _shape(whole)
    if name == "links.md":
        assert card_summary(whole) == (("models/x", ("models/other/threat-model.yaml",
                                                      "models/x/evals/a.yaml")),)


_LINE = st.sampled_from(["---", "...", "# Title", "## Sub", "Setext", "===", "```", "~~~",
                         "license: mit", "risk_management:", "  threat_model: tm.yaml",
                         "  evaluations: [e.yaml]", "- item", "text: {{ x }}", "key: [unclosed",
                         "", "   ", "#", "####### seven", "model-index: []", "tags: [a, b]"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, max_size=14), st.sampled_from(["MODEL_CARD.md", "README.md"]))
def test_any_card_text_gives_the_same_summary_without_its_sections(lines: list, name: str
                                                                   ) -> None:
    whole, outline = _both(f"a/{name}", "\n".join(lines).encode())
    assert card_summary(outline) == card_summary(whole)
    assert _shape(outline) == _shape(whole)
