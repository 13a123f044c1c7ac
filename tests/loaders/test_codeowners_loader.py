"""CODEOWNERS loader: one entry per rule line, with its owners and line; comments skipped."""
from __future__ import annotations

from checker.loaders import codeowners

DOC = """\
# Owners of the support-bot repository.
*                                 @acme/maintainers

/models/bot/serving/**            @acme/ai-safety @acme/ai-security   # both must review
docs/                             @acme/docs
models/bot/evals/
"""


def test_entries_with_pattern_owners_and_line():
    data, _locate = codeowners.parse(DOC)
    assert data["entries"] == [
        {"pattern": "*", "owners": ["@acme/maintainers"], "line": 2},
        {"pattern": "/models/bot/serving/**", "owners": ["@acme/ai-safety", "@acme/ai-security"],
         "line": 4},
        {"pattern": "docs/", "owners": ["@acme/docs"], "line": 5},
        {"pattern": "models/bot/evals/", "owners": [], "line": 6},  # ownership removed
    ]


def test_locate_points_at_the_entry_line():
    _data, locate = codeowners.parse(DOC)
    assert locate(("entries", 1)) == 4
    assert locate(("entries", 1, "owners")) == 4
    assert locate(("entries", 99)) == 1
    assert locate(()) == 1


def test_comment_only_file_has_no_entries():
    data, _locate = codeowners.parse("# nobody owns anything yet\n\n")
    assert data == {"entries": []}


def test_lines_github_skips_are_still_entries_for_the_check_to_name():
    data, _locate = codeowners.parse("[z-a] @x\n\\#notes.md @a\n!/models/ @b\n")
    assert [e["pattern"] for e in data["entries"]] == ["[z-a]", "\\#notes.md", "!/models/"]
