"""YAML loader: values with their lines, safe loading only, duplicate keys refused, merge keys."""
from __future__ import annotations

import pytest

from checker.errors import LoadError
from checker.loaders import yaml_doc

DOC = """\
# a threat model
schema: threat-model/v1
threats:
  - id: T-1
    actor:
      goal: steal weights
      budget: {queries: 1000}
  - id: T-2
    targets: [weights, system-prompt]
"""


def test_values_and_lines_of_nested_values():
    data, locate = yaml_doc.parse(DOC)
    assert data["threats"][0]["actor"]["budget"] == {"queries": 1000}
    assert locate(()) == 2
    assert locate(("schema",)) == 2
    assert locate(("threats", 0)) == 4
    assert locate(("threats", 0, "actor", "goal")) == 6
    assert locate(("threats", 0, "actor", "budget", "queries")) == 7
    assert locate(("threats", 1, "targets", 1)) == 9


def test_a_missing_path_falls_back_to_its_deepest_existing_parent():
    _data, locate = yaml_doc.parse(DOC)
    assert locate(("threats", 0, "actor", "knowledge")) == 5
    assert locate(("threats", 7)) == 3
    assert locate(("nothing", "here")) == 2


def test_line_offset_shifts_every_line():
    _data, locate = yaml_doc.parse("a:\n  b: 1\n", line_offset=10)
    assert locate(("a", "b")) == 12


def test_duplicate_key_is_an_error_on_the_second_line():
    with pytest.raises(LoadError) as info:
        yaml_doc.parse("owners:\n  safety: a\n  security: b\n  safety: c\n")
    assert info.value.line == 4
    assert "duplicate key 'safety'" in info.value.message
    assert "line 2" in info.value.message


@pytest.mark.parametrize("doc", [
    "a: !!python/object/apply:os.system ['echo pwned']\n",
    "a: !!python/name:os.system\n",
    "a: !!python/object/new:subprocess.Popen [['true']]\n",
])
def test_python_tags_are_refused_not_executed(doc):
    with pytest.raises(LoadError) as info:
        yaml_doc.parse(doc)
    assert info.value.line == 1
    assert "python" in info.value.message


def test_merge_keys_merge_and_explicit_keys_win_with_their_own_line():
    doc = "base: &b\n  x: 1\n  y: 2\nmerged:\n  <<: *b\n  y: 3\n"
    data, locate = yaml_doc.parse(doc)
    assert data["merged"] == {"x": 1, "y": 3}
    assert locate(("merged", "y")) == 6
    assert locate(("merged", "x")) == 2  # where the merged value is written


def test_syntax_error_names_the_line():
    with pytest.raises(LoadError) as info:
        yaml_doc.parse("a: 1\nb: [1, 2\nc: 3\n")
    assert info.value.message.startswith("invalid YAML")
    assert info.value.line in (2, 3, 4)


def test_empty_document_is_none():
    data, locate = yaml_doc.parse("# only a comment\n")
    assert data is None and locate(("a",)) == 1


def test_several_documents_are_an_error():
    with pytest.raises(LoadError):
        yaml_doc.parse("a: 1\n---\nb: 2\n")


def test_exponent_floats_without_a_dot_are_numbers():
    """Eval tools write rates as 1e-05; YAML 1.1 alone would read that as a string and a
    threshold could not be judged."""
    data, _ = yaml_doc.parse("value: 1e-05\nbig: 2.5E3\nword: 1e5x\n")
    assert data == {"value": 1e-05, "big": 2500.0, "word": "1e5x"}


def test_duplicate_keys_on_one_line_are_refused():
    """{required: true, required: false} must not quietly become false."""
    with pytest.raises(LoadError, match="duplicate key 'required'") as caught:
        yaml_doc.parse("rule:\n  check: {required: true, required: false}\n")
    assert caught.value.line == 2


def test_many_documents_asked_for_deep_lines_keep_only_a_few_node_trees():
    """Each failing file of 50,000 used to keep its composed node tree for the whole run
    (240 MB, issue 14): only the last few are kept, and an evicted document still answers."""
    docs = [yaml_doc.parse(f"a: 1\nresults:\n  - x: {i}\n    y: {i}\n")[1] for i in range(300)]
    assert [locate(("results", 0, "y")) for locate in docs] == [4] * 300
    assert len(yaml_doc._TREES) <= yaml_doc.KEEP_TREES
    assert docs[0](("results", 0, "x")) == 3 and docs[0](("a",)) == 1
