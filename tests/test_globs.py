"""Globs: match_any says what testing patterns one by one says; the matcher keeps the
meaning globs always had, never backtracks, and names a bad glob in words."""
from __future__ import annotations

import re

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.run.discover import DEFAULT_EXCLUDE, DEFAULT_GLOBS
from checker.globs import GlobError, check_glob, compile_glob, match_any, matches

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


def _old_regex(pattern: str) -> "re.Pattern[str]":
    """The backtracking translation globs had before (the reference for their meaning)."""
    pat = pattern.strip().lstrip("/")
    if pat.startswith("./"):
        pat = pat[2:]
    if pat.endswith("/"):
        pat += "**"
    out, i = [], 0
    while i < len(pat):
        if pat.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pat.startswith("**", i):
            out.append(".*")
            i += 2
        elif pat[i] in "*?":
            out.append("[^/]*" if pat[i] == "*" else "[^/]")
            i += 1
        elif pat[i] == "[":
            end = pat.find("]", i + 1)
            body = pat[i + 1:end].replace("\\", "\\\\")
            # (the old translation let [!a] match "/"; a set matches one character of a
            # folder name, so the reference excludes "/" as the new matcher does)
            out.append("[^/" + body[1:] + "]" if body.startswith("!") else "[" + body + "]")
            i = end + 1
        else:
            out.append(re.escape(pat[i]))
            i += 1
    return re.compile("".join(out) + r"\Z", re.S)


_WHOLE = st.sampled_from(["**/", "*", "?", "/", "a", "b", ".md", ".y*ml", "[ab]", "[!a]",
                          "evals/", "**/*.json", "x", "(", "|", "+", "."])


@settings(max_examples=1000, deadline=None)
@given(st.builds("".join, st.lists(_WHOLE, max_size=6)).filter(
           lambda p: not re.search(r"[^/]\*\*|\*\*(?!/|$)", p.strip().lstrip("/"))),
       st.builds("/".join, st.lists(_PART, min_size=1, max_size=5)))
def test_same_meaning_as_before_where_double_star_is_a_whole_folder(pattern: str, path: str):
    """``**`` used as a folder (the only use documented) means what it always meant."""
    assert matches(path, pattern) == (_old_regex(pattern).match(path) is not None)


def test_the_default_and_example_globs_mean_what_they_meant():
    globs = [*(g for v in DEFAULT_GLOBS.values() for g in v), *DEFAULT_EXCLUDE,
             "models/support-bot/serving/**", "/systems/*/security/", "systems/*/serving/**"]
    paths = ["models/support-bot/serving/config.yaml", "systems/s1/security/x/y.md", "a.json",
             "systems/s1/serving/deep/k.toml", "x/threat-model.yaml", "x/redteam/a/output.json"]
    for glob in globs:
        for path in paths:
            assert matches(path, glob) == (_old_regex(glob).match(path) is not None), (glob, path)


@pytest.mark.parametrize("glob, words", [
    ("[z-a]", "a range must go from low to high"),
    ("models/[abc", "never closed"),
])
def test_a_bad_glob_is_a_glob_error_in_words(glob, words):
    assert words in (check_glob(glob) or "")
    with pytest.raises(GlobError, match=words):
        matches("models/a", glob)


def test_many_stars_compile_to_pieces_without_unbounded_parts():
    """M1: ``*a*a…b`` is matched piece by piece, each piece of fixed width (no backtracking)."""
    glob = compile_glob("serving/" + "*a" * 12 + "*b")
    [[_serving, name]] = glob.groups
    assert len(name.pieces) == 14 and name.widths == (0,) + (1,) * 13
    assert not any(q in p.pattern for p in name.pieces for q in "*+{")
    assert not matches("serving/" + "a" * 60 + ".txt", "serving/" + "*a" * 12 + "*b")
    assert matches("serving/" + "a" * 60 + "b", "serving/" + "*a" * 12 + "*b")


def test_double_star_folders_are_placed_without_trying_every_split():
    """M1: 18 ``**/`` folders against a 25-deep path: empty groups, nothing to backtrack."""
    pattern = "/" + "**/" * 18 + "zzz"
    glob = compile_glob(pattern)
    assert len(glob.groups) == 19 and all(g == () for g in glob.groups[:-1])
    assert not matches("serving/" + "d/" * 25 + "x.yaml", pattern)
    assert matches("serving/" + "d/" * 25 + "zzz", pattern)


@pytest.mark.parametrize("config, where", [
    ('exclude:\n  - "docs/**"\n  - "[z-a]"\n', ".safesec.yaml:3: exclude[1]: glob '[z-a]'"),
    ('artifacts:\n  model_card: ["models/[abc"]\n', ".safesec.yaml:2: artifacts.model_card[0]"),
    ('settings:\n  safety_critical_paths:\n    - "[z-a]/**"\n',
     ".safesec.yaml:3: settings.safety_critical_paths[0]"),
    ('waivers:\n  - rule: GOV-1\n    path: "a/[b"\n    reason: risk-accepted\n'
     '    justification: j\n    owner: me\n    approved_by: you\n    expires: 2030-01-01\n',
     ".safesec.yaml:3: waivers[0].path"),
])
def test_a_bad_glob_in_the_config_is_a_config_error_at_its_line(cli, make_repo, tmp_path,
                                                                 config, where):
    repo = make_repo(tmp_path / "repo", {".safesec.yaml": config, "SECURITY.md": "# Security\n"})
    result = cli("check", repo)
    assert result.exit_code == 2
    assert where in result.output
    assert "Traceback" not in result.output and "internal error" not in result.output


_PACK = """\
pack: t
version: 0.1.0
title: t
rules:
  - id: T-1
    name: t-exists
    title: t
    dimension: governance
    discipline: security
    severity: high
    applies_to: security_policy
    check: {type: exists, files: ["[z-a]"]}
    rationale: r
    remediation: r
    references: {}
"""


def test_a_bad_glob_in_a_pack_is_an_error_result_not_an_internal_error(cli, make_repo, tmp_path):
    repo = make_repo(tmp_path / "repo", {"SECURITY.md": "# Security\n", "p.yaml": _PACK})
    result = cli("check", repo, "--policy", repo / "p.yaml")
    assert result.exit_code == 2
    assert "glob '[z-a]': character set '[z-a]' is not a valid set" in result.output
    assert "internal error" not in result.output
