"""match_any tests every pattern at once (one alternation): it must say what testing
them one by one says."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.run.discover import DEFAULT_EXCLUDE, DEFAULT_GLOBS
from checker.globs import match_any, matches

_PART = st.sampled_from(["a", "b", "evals", "deploy", "README.md", "x.yaml", "y.json", ".git",
                         "threat-model.yml", "MODEL_CARD.md", "a b", "ä", "[x]", "*", "?"])
_GLOB = st.sampled_from(["**/", "*", "?", "**", "/", "./", "a", "b", ".md", ".y*ml", "[ab]",
                         "[!a]", "evals/", "**/*.json", "x", "(", "|", "+", "."])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.builds("".join, st.lists(_GLOB, max_size=5)), max_size=5),
       st.builds("/".join, st.lists(_PART, min_size=1, max_size=4)))
def test_all_at_once_is_one_by_one(patterns: list, path: str) -> None:
    assert match_any(path, patterns) == any(matches(path, p) for p in patterns)
    assert match_any(path, tuple(patterns)) == match_any(path, patterns)


def test_the_default_kinds_classify_as_one_by_one() -> None:
    paths = ["README.md", "models/a/README.md", "a/evals/x/y.yaml", "deploy/k.toml",
             "SECURITY.md", ".github/CODEOWNERS", "x.cdx.json", "a/.safesec-cache/b",
             "promptfoo-out/output.json", "lm-eval/r/results_1.json", "notes.txt"]
    for patterns in [*DEFAULT_GLOBS.values(), DEFAULT_EXCLUDE, ()]:
        for path in paths:
            assert match_any(path, patterns) == any(matches(path, p) for p in patterns)
