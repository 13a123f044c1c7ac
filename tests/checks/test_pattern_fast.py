"""``pattern``'s shortcuts answer as the plain definitions do: the prose of a text found
in one pass, and a shared document's matches reused across systems."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.checks import compile_check
from checker.checks.base import Context
from checker.checks.pattern import _UNFILLED, _prose

PIECES = st.sampled_from(["#", " ", "\t", "\n", "\r", "\x0b", "\x85", "\u2028", "TODO", "todo",
                          "TBD", "FIXME", "<a b>", "<x", ">", "<Ab-c>", "word", "_", "é",
                          "safety", "ſ", "K", "FıXME", "tbd", "İ", "xTODO",
                          "_todo", "1TBD", "éFIXME", "tODOS", "TTODO", "fixme_", "ª"])
TEXTS = st.lists(PIECES, max_size=30).map("".join)


def _prose_by_line(text: str) -> str:
    return "\n".join(ln for ln in text.split("\n") if not _UNFILLED.search(ln))


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_prose_in_one_pass_drops_the_lines_the_per_line_search_drops(text):
    assert _prose(text) == _prose_by_line(text)


def test_prose_keeps_plain_lines_and_drops_headings_and_todos():
    text = "# Title\nsafe text\n  ## sub\nTODO later\n<owner> here\nsecure\n"
    assert _prose(text) == "safe text\nsecure\n"


def test_a_shared_document_is_searched_once_per_group(art):
    policy = art("security_policy", text="prompt injection and jailbreaks\nsk-1\n",
                 fmt="markdown")
    module, opts = compile_check({"type": "pattern",
                                  "require": [{"name": "pi", "any": ["prompt injection"]},
                                              {"name": "x", "any": ["exfil"]}],
                                  "forbid": [{"name": "key", "any": [r"sk-\d"]}]})
    memo: dict = {}
    answers = []
    for system in ("a", "b"):
        ctx = Context(system=system, artifacts=[policy], settings={}, memo=memo)
        answers.append([(f.message, f.line) for f in module.check(opts, policy, ctx)])
    assert answers[0] == answers[1] == [
        ("no mention of x (expected a match of exfil)", None), ("key: found 'sk-1'", 2)]
    assert len(memo) == 3  # one answer per group and text
