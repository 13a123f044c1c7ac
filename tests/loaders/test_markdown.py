"""Markdown loader: front matter with lines, a section tree with lines and words, edge cases."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.errors import LoadError
from checker.loaders import markdown

DATA = Path(__file__).resolve().parents[1] / "data" / "corpus" / "model-cards"

CARD = """\
---
license: apache-2.0
risk_management:
  release: open-weights
  owners: {safety: "@acme/ai-safety"}
---

# support-bot

An assistant for *retail* support.

## Safety

We measure harmful compliance on natural traffic.

```markdown
# not a heading inside a fence
## nor this
```

### Over-refusal
Two percent.

Security
--------

Red-teamed by [Threatline](https://example.org).

Limitations
===========
"""


def titles(data: dict) -> list[str]:
    return [s["title"] for s in data["sections"]]


def test_front_matter_values_and_their_lines():
    data, locate = markdown.parse(CARD)
    assert data["front_matter"]["risk_management"]["release"] == "open-weights"
    assert locate(("front_matter", "license")) == 2
    assert locate(("front_matter", "risk_management", "owners", "safety")) == 5
    assert locate(("text",)) == 7  # the body starts after the closing ---


def test_sections_have_level_line_parents_and_words():
    data, locate = markdown.parse(CARD)
    by_title = {s["title"]: s for s in data["sections"]}
    assert titles(data) == ["support-bot", "Safety", "Over-refusal", "Security", "Limitations"]
    safety = by_title["Safety"]
    assert (safety["level"], safety["line"], safety["parents"]) == (2, 12, ["support-bot"])
    assert by_title["Over-refusal"]["parents"] == ["support-bot", "Safety"]
    assert by_title["Over-refusal"]["words"] == 2
    # a section's words count its subsections too
    assert safety["words"] > by_title["Over-refusal"]["words"]
    assert "Two percent." in safety["body"] and "Two percent." not in safety["text"]
    assert locate(("sections", 1)) == 12


def test_setext_headings_are_headings_at_their_text_line():
    data, _locate = markdown.parse(CARD)
    by_title = {s["title"]: s for s in data["sections"]}
    assert (by_title["Security"]["level"], by_title["Security"]["line"]) == (2, 24)
    assert (by_title["Limitations"]["level"], by_title["Limitations"]["line"]) == (1, 29)
    assert by_title["Security"]["text"] == "Red-teamed by [Threatline](https://example.org)."
    assert by_title["Limitations"]["words"] == 0


def test_a_setext_underline_is_not_part_of_the_parent_body():
    data, _locate = markdown.parse(CARD)
    card = data["sections"][0]
    assert "--------" not in card["body"] and "Red-teamed" in card["body"]


def test_headings_inside_fenced_code_are_not_headings():
    data, _locate = markdown.parse(CARD)
    assert not any("not a heading" in t or t == "nor this" for t in titles(data))


def test_heading_markup_is_stripped_from_titles():
    data, _locate = markdown.parse("# The *[Safety](x.md)* `card` ##\n\ntext\n")
    assert titles(data) == ["The Safety card"]


def test_no_front_matter_gives_an_empty_mapping_and_body_from_line_1():
    data, locate = markdown.parse("# Title\n\nBody.\n")
    assert data["front_matter"] == {}
    assert data["sections"][0]["line"] == 1 and locate(("text",)) == 1


def test_alpaca_card_leading_rule_is_a_horizontal_rule_not_front_matter():
    text = (DATA / "stanford-alpaca-model_card.md").read_text(encoding="utf-8")
    assert text.startswith("---\n")
    data, _locate = markdown.parse(text)
    assert data["front_matter"] == {}
    first = data["sections"][0]
    assert (first["title"], first["line"]) == ("Alpaca Model Card", 2)
    assert "Intended use" in titles(data)


def test_unterminated_front_matter_is_an_error_on_line_1():
    with pytest.raises(LoadError) as info:
        markdown.parse("---\nlicense: mit\nlanguage: en\n\n# Title\n")
    assert info.value.line == 1
    assert "never closed" in info.value.message


def test_front_matter_that_is_not_a_mapping_is_an_error():
    with pytest.raises(LoadError) as info:
        markdown.parse("---\n- mit\n- apache-2.0\n---\n# x\n")
    assert info.value.line == 2
    assert "list" in info.value.message and "mapping" in info.value.message


def test_unrendered_jinja_template_is_an_error():
    with pytest.raises(LoadError) as info:
        markdown.parse("---\nlicense: {{ license | default('mit') }}\n---\n# {{ model_id }}\n")
    assert info.value.line == 2
    assert "template" in info.value.message


def test_hf_template_copy_is_reported_as_a_template():
    text = (DATA / "hf-modelcard_template.md").read_text(encoding="utf-8")
    with pytest.raises(LoadError, match="template"):
        markdown.parse(text)


def test_yaml_error_in_front_matter_names_the_file_line():
    with pytest.raises(LoadError) as info:
        markdown.parse("---\nlicense: mit\ntags: [a, b\n---\n# T\n")
    assert info.value.line in (3, 4)
    assert info.value.message.startswith("invalid YAML")


def test_duplicate_front_matter_key_names_both_file_lines():
    with pytest.raises(LoadError) as info:
        markdown.parse("---\nlicense: mit\nlanguage: en\nlicense: apache-2.0\n---\n")
    assert info.value.line == 4
    assert "duplicate key 'license'" in info.value.message
    assert "first defined on line 2" in info.value.message


def test_real_hf_card_with_repeated_language_key_is_refused(shared_corpus):
    """The shared corpus's hate-measure card (no licence, so not copied): its SOURCES entry
    describes a duplicated ``language`` key, which the stored copy lacks; we add the
    duplicate the card is known for and expect the error on that line."""
    card = shared_corpus / "model-cards" / "hf-ucberkeley-dlab-hate-measure-roberta-large-README.md"
    if not card.is_file():
        pytest.skip("hate-measure card not in ../shared/corpus")
    text = card.read_text(encoding="utf-8")
    data, _locate = markdown.parse(text)
    assert data["front_matter"]["language"] == ["en"]
    lines = text.split("\n")
    closing = lines.index("---", 1)
    doubled = "\n".join(lines[:closing] + ["language: en"] + lines[closing:])
    with pytest.raises(LoadError) as info:
        markdown.parse(doubled)
    assert info.value.line == closing + 1
    assert "duplicate key 'language' (first defined on line 2)" in info.value.message


_PIECES = ["# A", "## B", "### C", "Title", "===", "---", "```", "text *em* _u_ `code`",
           "see [the docs](https://x.org) now", "[open", "close](x)", "](", "(", ")", "<b>",
           "<", ">", "a [x] b", "<tag", "span>", "[a]", "one two-three it's"]


@given(st.lists(st.sampled_from(_PIECES), max_size=14),
       st.sampled_from(["\n", "\n\n", " "]))
@settings(max_examples=300, deadline=None)
def test_words_are_those_of_each_sections_whole_subtree(pieces, joint):
    """A section's word count is its subtree's, links and tags unwrapped, whether the
    subtree is counted whole or as the sum of its sections' own texts (a link or tag
    written across lines keeps it from being split)."""
    for section in markdown.parse_sections(joint.join(pieces)):
        assert section["words"] == len(markdown.WORD.findall(markdown._plain(section["body"])))


def test_a_link_written_across_a_heading_line_counts_as_one_link():
    body = "# Top\nsee [the\n## Inner\nguide](https://example.org) here\n"
    top, inner = markdown.parse_sections(body)
    assert top["words"] == 4  # see, the, guide, here: the link spans the inner heading
    assert inner["words"] == 5  # its own text has no link: guide, https, example, org, here
