"""Pack regexes have limits (issue 14, item 8): a pull request's pack cannot make a check
backtrack for hours.  Catastrophic shapes are refused at load with a one-line reason at
the rule's line; the shapes real packs use are accepted."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.regexes import MAX_LENGTH, RegexLimit, compile_limited, prefiltered, union


@pytest.mark.parametrize(("pattern", "why"), [
    (r"(a+)+$", "repeats a part that itself repeats"),
    (r"^(\w+\s?)*$", "repeats a part that itself repeats"),
    (r"(a{2,9}){2,9}", "repeats a part that itself repeats"),
    (r"(?:\w+\S+)*x", "repeats a part that itself repeats"),
    (r"(?:[a-z]+A)*", "repeats a part that itself repeats"),  # case-blind: A is in [a-z]
    (r"(a|ab)*c", "repeats a choice whose branches can start with the same text"),
    (r"(.|x)*y", "repeats a choice whose branches can start with the same text"),
    (r"(a)\1", "refers back to a group"),
    ("x" * (MAX_LENGTH + 1), f"at most {MAX_LENGTH}"),
])
def test_catastrophic_shapes_are_refused(pattern: str, why: str) -> None:
    with pytest.raises(RegexLimit, match=re.escape(why)):
        compile_limited(pattern, re.I)


@pytest.mark.parametrize("pattern", [
    r"\b(?:jailbreak|prompt injection)s?\b",
    r"[\w.+-]+@[\w-]+(\.[\w-]+)+",  # each inner repeat is fenced by a dot it cannot match
    r"extract\w*(?: of)? (?:\w+ ){0,3}(?:data|prompts?|weights)",
    r"(?:\w+。)*",  # a fence outside the sampled range is still compared
    r"(?:foo|bar)*",
    r"(?:x+y+)*z",
    r"(?>a+)+",  # atomic: never gives characters back
    r"(?:a+)++",  # possessive
    r".*a.*b",
    r"x{3}(?:ab){2}",
])
def test_the_shapes_packs_use_are_accepted(pattern: str) -> None:
    assert compile_limited(pattern, re.I).pattern == pattern


def test_a_syntax_error_is_a_value_error_naming_the_pattern() -> None:
    with pytest.raises(ValueError, match=r"invalid regex '\(a'"):
        compile_limited("(a")


PACK = """pack: pr-pack
version: 0.1.0
rules:
  - id: PR-1
    name: evil
    title: A rule a pull request adds
    dimension: governance
    discipline: security
    severity: low
    applies_to: security_policy
    check:
      type: pattern
      require: [{name: anything, any: ['^(\\w+\\s?)*$']}]
"""


def test_a_pull_requests_pack_with_a_catastrophic_regex_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "SECURITY.md").write_text("# Security\n\n" + "word " * 40 + "!\n")
    (root / "pr.yaml").write_text(PACK)
    (root / ".safesec.yaml").write_text("packs: [pr.yaml]\n")
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 2
    line = [ln for ln in result.output.splitlines() if "pr.yaml" in ln]
    assert len(line) == 1 and "pr.yaml:" in line[0] and "PR-1" in line[0]
    assert "repeats a part that itself repeats" in line[0]


@pytest.mark.parametrize(("check", "key"), [
    ("{type: sections, required: [{name: s, match: '(a+)+', min_words: 1}]}", "match"),
    ("{type: coverage, require: [{name: c, path: x, match: '(a|ab)*'}]}", "match"),
])
def test_every_check_that_takes_a_regex_applies_the_limits(tmp_path: Path, check: str,
                                                           key: str) -> None:
    pack = PACK.replace("    check:\n      type: pattern\n      require: [{name: anything, "
                        "any: ['^(\\w+\\s?)*$']}]\n", f"    check: {check}\n")
    (tmp_path / "p.yaml").write_text(pack)
    result = CliRunner().invoke(main, ["policy", "validate", str(tmp_path / "p.yaml")])
    assert result.exit_code == 2, result.output
    assert "exponential time" in result.output and "PR-1" in result.output


def test_a_condition_regex_is_limited_too(tmp_path: Path) -> None:
    pack = PACK.replace("    check:\n", "    when: {path: title, matches: '(a+)+'}\n    check:\n")
    (tmp_path / "p.yaml").write_text(pack)
    result = CliRunner().invoke(main, ["policy", "validate", str(tmp_path / "p.yaml")])
    assert result.exit_code == 2, result.output
    assert "exponential time" in result.output


# prefiltered/union: a lookahead on the first characters never changes what matches
_PREFILTER_PATTERNS = [
    r"\b(?:is|are|be)\s+(?:\w+\s+){0,2}?robust\b", r"\brobust (?:to|against)\b",
    r"jailbreak[- ](?:resistant|proof)", r"[a-f]oo|x+y", r"^\s*#", r"(?:ab|cd)+e",
    r"a?b", r"[^a]b", r"\w+", r"(?i:x)y", r"(?s)s.x", r"", r"six|seven|kelvin",
]
_PREFILTER_TEXTS = ["The model is robust to jailbreaks.", "ſix ſeven KELVIN \u212aelvin",
                    "  # heading\nabcde cdab foo xxy", "It has been shown to be very robust",
                    "jailbreak-proof, JAILBREAK RESISTANT", "s\nx ab b"]


@pytest.mark.parametrize("pattern", _PREFILTER_PATTERNS)
@pytest.mark.parametrize("flags", [0, re.I, re.I | re.M])
def test_prefiltered_finds_the_same_matches(pattern: str, flags: int) -> None:
    plain, fast = re.compile(pattern, flags), prefiltered(pattern, flags)
    for text in _PREFILTER_TEXTS:
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]
        assert fast.groups == plain.groups


def test_a_union_of_pack_regexes_is_led_by_its_first_letters_and_matches_as_the_union() -> None:
    patterns = [r"\bsecur(?:e|ity)\b", r"\battacks?\b", r"\bjailbreak\w*"]
    joined = re.compile("|".join(f"(?:{p})" for p in patterns), re.I)
    fast = union(patterns, re.I)
    assert fast.pattern.startswith("(?=[ajs])")
    text = "Security: ATTACKS and jailbreaking; insecure, Jailbreaks, ſecurity"
    assert fast.findall(text) == joined.findall(text)


def test_a_union_still_refuses_a_regex_beyond_the_limits() -> None:
    with pytest.raises(RegexLimit):
        union([r"ok", r"(a+)+$"])
