"""``codeowners``: every file matching the given globs has an owner (last matching rule wins)."""
from __future__ import annotations

import pytest

from checker.checks import compile_check
from checker.loaders import codeowners

FILES = tuple(sorted(("models/bot/serving/config.yaml", "models/bot/guardrails/rails.yaml",
                      "models/bot/evals/safety.yaml", "README.md")))  # sorted, as discovered


def owners_file(art, text):
    data, _locate = codeowners.parse(text)
    return art("codeowners", data)


def test_every_file_owned_passes(check, art, ctx):
    co = owners_file(art, "/models/bot/serving/** @s\nguardrails/ @g\n")
    rule = {"type": "codeowners", "paths": ["models/bot/serving/**", "models/bot/guardrails/**"]}
    assert check(rule, co, ctx(co, files=FILES)) == []


def test_an_unowned_file_fails_naming_it(check, art, ctx):
    co = owners_file(art, "/models/bot/serving/** @s\n")
    rule = {"type": "codeowners", "paths": ["models/bot/**"]}
    [finding] = check(rule, co, ctx(co, files=FILES))
    assert finding.message == ("models/bot/evals/safety.yaml (and 1 more) matches safety-critical "
                               "glob 'models/bot/**' but has no owner in CODEOWNERS")


def test_the_last_matching_pattern_wins_and_may_remove_owners(check, art, ctx):
    co = owners_file(art, "* @everyone\n/models/bot/serving/\n")
    rule = {"type": "codeowners", "paths": ["models/bot/serving/**"]}
    [finding] = check(rule, co, ctx(co, files=FILES))
    assert "models/bot/serving/config.yaml matches" in finding.message


def test_a_glob_matching_no_file_protects_nothing(check, art, ctx):
    co = owners_file(art, "* @everyone\n")
    [finding] = check({"type": "codeowners", "paths": ["models/bot/deploy/**"]}, co,
                      ctx(co, files=FILES))
    assert "matches no file" in finding.message


def test_paths_from_a_setting(check, art, ctx):
    co = owners_file(art, "* @everyone\n")
    rule = {"type": "codeowners", "paths": {"setting": "safety_critical_paths"}}
    settings = {"safety_critical_paths": ["models/bot/serving/**"]}
    assert check(rule, co, ctx(co, files=FILES, settings=settings)) == []
    [finding] = check(rule, co, ctx(co, files=FILES))
    assert "no paths to check" in finding.message


@pytest.mark.parametrize("options, problem", [
    ({}, "paths"),
    ({"paths": "models/**"}, "paths"),
    ({"paths": ["a"], "owners": ["@x"]}, "owners"),
])
def test_bad_options_are_value_errors(options, problem):
    with pytest.raises(ValueError, match=problem):
        compile_check({"type": "codeowners", **options})
