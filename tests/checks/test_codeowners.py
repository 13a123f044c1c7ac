"""``codeowners``: every file matching the given globs has an owner (last matching rule wins)."""
from __future__ import annotations

import shutil

import pytest

from checker.checks import compile_check
from checker.checks.codeowners import owners_of, unsupported
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


# One test per row of the table in docs/formats.md#codeowners (GitHub's documented rules).

def owners(text: str, path: str) -> list:
    data, _locate = codeowners.parse(text)
    return owners_of(path, data["entries"])


def test_row_last_matching_line_wins():
    text = "*.yaml @a\n/models/ @b\n"
    assert owners(text, "models/x.yaml") == ["@b"]
    assert owners(text, "x.yaml") == ["@a"]


def test_row_star_alone_owns_every_file():
    assert owners("* @a\n", "deep/er/x.txt") == ["@a"]


def test_row_a_pattern_without_slash_matches_at_any_depth():
    assert owners("*.js @a\n", "src/lib/app.js") == ["@a"]
    assert owners("*.js @a\n", "src/lib/app.ts") == []


def test_row_dir_star_owns_direct_children_only():
    text = "docs/* @a\n"
    assert owners(text, "docs/getting-started.md") == ["@a"]
    assert owners(text, "docs/build-app/troubleshooting.md") == []


def test_row_a_trailing_slash_folder_matches_at_any_depth():
    text = "apps/ @a\n"
    assert owners(text, "apps/x.py") == ["@a"]
    assert owners(text, "src/apps/deep/x.py") == ["@a"]


def test_row_a_leading_slash_anchors_at_the_root():
    text = "/docs/ @a\n"
    assert owners(text, "docs/deep/x.md") == ["@a"]
    assert owners(text, "src/docs/x.md") == []


def test_row_an_inner_slash_anchors_at_the_root():
    text = "docs/guide.md @a\n"
    assert owners(text, "docs/guide.md") == ["@a"]
    assert owners(text, "src/docs/guide.md") == []


def test_row_a_plain_name_is_that_file_or_everything_in_that_folder():
    text = "/build/logs @a\n"
    assert owners(text, "build/logs") == ["@a"]
    assert owners(text, "build/logs/2026/x.log") == ["@a"]
    assert owners(text, "build/logs2") == []


def test_row_double_star_at_start_middle_and_end():
    assert owners("**/logs @a\n", "deeply/nested/logs/x.log") == ["@a"]
    assert owners("docs/** @a\n", "docs/a/b/c.md") == ["@a"]
    assert owners("a/**/b.md @a\n", "a/b.md") == ["@a"]
    assert owners("a/**/b.md @a\n", "a/x/y/b.md") == ["@a"]
    assert owners("a/**/b.md @a\n", "c/a/x/b.md") == []


def test_row_question_mark_is_one_character():
    assert owners("/v?.md @a\n", "v1.md") == ["@a"]
    assert owners("/v?.md @a\n", "v10.md") == []


def test_row_a_line_without_owners_removes_ownership():
    assert owners("* @a\n/models/\n", "models/x.yaml") == []


def test_row_paths_are_case_sensitive():
    assert owners("/Docs/ @a\n", "docs/x.md") == []


def test_row_character_ranges_are_skipped_as_github_does():
    assert owners("* @a\n/models/[s]erving/** @b\n", "models/serving/x.yaml") == ["@a"]
    assert unsupported("[z-a] @x", ["@x"]) is not None  # never a crash


def test_row_negation_is_skipped_as_github_does():
    assert owners("* @a\n!/models/ @b\n", "models/x.yaml") == ["@a"]


def test_row_backslash_escapes_are_skipped_as_github_does():
    assert owners("\\#notes.md @a\n", "#notes.md") == []


@pytest.mark.parametrize("owner, ok", [
    ("@octocat", True), ("@acme/ai-safety", True), ("dev@example.com", True),
    ("octocat", False), ("@", False), ("@acme/", False), ("me@localhost", False),
])
def test_row_owners_must_be_user_team_or_email(owner, ok):
    assert (owners(f"* {owner}\n", "x.md") == [owner]) is ok


def test_row_comments_and_inline_comments_are_not_owners():
    assert owners("# all\n* @a # the maintainers\n", "x.md") == ["@a"]


# M1: CODEOWNERS patterns that made the old backtracking matcher run for minutes.

def test_m1_many_stars_in_one_name_finish_and_do_not_match(check, art, ctx):
    co = owners_file(art, "/models/bot/serving/*a*a*a*a*a*a*a*a*a*a*a*a*b @attacker\n")
    files = ("models/bot/serving/" + "a" * 60 + ".txt",)
    rule = {"type": "codeowners", "paths": ["models/bot/serving/**"]}
    [finding] = check(rule, co, ctx(co, files=files))
    assert "has no owner in CODEOWNERS" in finding.message


def test_m1_eighteen_double_stars_against_a_deep_path_finish(check, art, ctx):
    co = owners_file(art, "/" + "**/" * 18 + "zzz @attacker\n")
    files = ("models/bot/serving/" + "d/" * 25 + "x.yaml",)
    rule = {"type": "codeowners", "paths": ["models/bot/serving/**"]}
    [finding] = check(rule, co, ctx(co, files=files))
    assert "has no owner in CODEOWNERS" in finding.message


def test_a_bad_safety_critical_glob_is_a_finding_not_a_crash(check, art, ctx):
    co = owners_file(art, "* @a\n")
    [finding] = check({"type": "codeowners", "paths": ["models/[z-a]/**"]}, co,
                      ctx(co, files=FILES))
    assert "not a valid set" in finding.message


# M5: GOV-5 credited lines GitHub does not apply, end to end on the compliant example.

def _m5_repo(tmp_path, fixtures_dir, lines, extra=()):
    repo = tmp_path / "repo"
    shutil.copytree(fixtures_dir / "compliant", repo)
    owners_text = "/models/support-bot/guardrails/** @acme/ai-safety\n" + "".join(lines)
    (repo / ".github" / "CODEOWNERS").write_text(owners_text, encoding="utf-8")
    for rel in extra:
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text("marker: harmless\n", encoding="utf-8")
    return repo


def _gov5(check_json, repo):
    _result, report = check_json(repo, "--as-of", "2026-11-28")
    return [r for r in report["results"] if r["rule"] == "GOV-5"]


def test_m5_a_character_range_line_gives_no_owner(tmp_path, fixtures_dir, check_json):
    repo = _m5_repo(tmp_path, fixtures_dir,
                    ["/models/support-bot/[s]erving/** @acme/ai-safety @acme/ai-security\n"])
    [gov5] = _gov5(check_json, repo)
    assert gov5["status"] == "fail"
    assert "GitHub skips CODEOWNERS line 2" in gov5["message"]


def test_m5_dir_star_does_not_own_nested_files(tmp_path, fixtures_dir, check_json):
    repo = _m5_repo(tmp_path, fixtures_dir,
                    ["/models/support-bot/serving/* @acme/ai-safety @acme/ai-security\n"],
                    extra=["models/support-bot/serving/prod/override.yaml"])
    [gov5] = _gov5(check_json, repo)
    assert gov5["status"] == "fail"
    assert gov5["message"].startswith("models/support-bot/serving/prod/override.yaml matches")


def test_l2_a_reversed_range_line_is_named_not_an_internal_error(tmp_path, fixtures_dir,
                                                                  check_json):
    repo = _m5_repo(tmp_path, fixtures_dir, ["[z-a] @x\n"])
    result, report = check_json(repo, "--as-of", "2026-11-28")
    assert result.exit_code == 1
    [gov5] = [r for r in report["results"] if r["rule"] == "GOV-5"]
    assert "GitHub skips CODEOWNERS line 2 ('[z-a]'" in gov5["message"]
    assert not [r for r in report["results"] if "internal error" in r["message"]]


def test_declared_owners_must_own_the_safety_critical_files(check, art, ctx):
    from checker.loaders.codeowners import parse as parse_codeowners
    data, locate = parse_codeowners("* @intern\n/models/a/serving/ @ann\n")
    owners = art("codeowners", data)
    card = art("model_card", {"front_matter": {"risk_management": {
        "owners": {"safety": "@ann", "security": "@bob"}}}})
    spec = {"type": "codeowners", "paths": ["models/a/serving/**"], "owners": [
        {"name": "safety owner", "kind": "model_card", "path": "front_matter.risk_management.owners.safety"},
        {"name": "security owner", "kind": "model_card", "path": "front_matter.risk_management.owners.security"}]}
    context = ctx(owners, card, files=("models/a/serving/config.yaml",))
    [finding] = check(spec, owners, context)
    assert "do not include @bob (security owner)" in finding.message
