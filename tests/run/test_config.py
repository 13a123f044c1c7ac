"""Project config .safesec.yaml: bad values exit 2 naming file:line; rule selection; gate."""
from __future__ import annotations

from pathlib import Path

import pytest

from checker.run.config import load_config
from checker.errors import ConfigError

ACME = Path(__file__).resolve().parents[1] / "data" / "packs" / "acme.yaml"
MIT_CARD = "---\nlicense: mit\n---\n# Card\n\nA model.\n"
APACHE_CARD = "---\nlicense: apache-2.0\n---\n# Card\n\nA model.\n"


@pytest.fixture
def repo(make_repo, tmp_path):
    """A repository with one failing (models/a) and one passing (models/b) model card."""
    def build(config: str) -> Path:
        return make_repo(tmp_path / "repo", {"models/a/MODEL_CARD.md": MIT_CARD,
                                             "models/b/MODEL_CARD.md": APACHE_CARD,
                                             ".safesec.yaml": config})
    return build


@pytest.mark.parametrize("config, where, problem", [
    ("# gate\nfail_on: extreme\n", ".safesec.yaml:2:", "fail_on: unallowed value extreme"),
    ("fail_on: high\ncolour: red\n", ".safesec.yaml:2:", "colour: unknown key 'colour' (expected one of"),
    ("as_of: yesterday\n", ".safesec.yaml:1:", "as_of: must be of isodate type"),
    ("max_file_bytes: 0\n", ".safesec.yaml:1:", "max_file_bytes: min value is 1"),
    ("artifacts:\n  spreadsheet: ['*.xls']\n", ".safesec.yaml:2:", "spreadsheet"),
    ("rules:\n  severity: {ACME-1: huge}\n", ".safesec.yaml:2:", "unallowed value huge"),
    ("settings: [1,\n", ".safesec.yaml:2:", "invalid YAML"),
    ("a: 1\na: 2\n", ".safesec.yaml:2:", "duplicate key 'a'"),
])
def test_bad_config_exits_2_naming_file_and_line(cli, repo, config, where, problem):
    result = cli("check", repo(config), "--policy", ACME)
    assert result.exit_code == 2
    assert f"safesec: error: {where}" in result.stderr
    assert problem in result.stderr
    assert "Traceback" not in result.output


def test_explicit_config_file_is_named_by_its_path(cli, repo, tmp_path):
    root = repo("fail_on: low\n")
    bad = tmp_path / "ci.yaml"
    bad.write_text("fail_on: sometimes\n", encoding="utf-8")
    result = cli("check", root, "--policy", ACME, "--config", bad)
    assert result.exit_code == 2
    assert f"{bad}:1: fail_on" in result.stderr


@pytest.mark.parametrize("rules", [
    "rules:\n  disable: [ACME-1]\n  only:\n    - ACME-1\n    - NOPE-9\n",
    "rules:\n  disable: [ACME-1]\n  severity: {ACME-1: low}\n  only:\n  - NOPE-9\n",
    "rules:\n  disable: []\n  severity:\n    ACME-1: low\n    NOPE-9: high\n",
])
def test_unknown_rule_id_in_config_exits_2_naming_its_line(cli, repo, rules):
    result = cli("check", repo("# config\n" + rules), "--policy", ACME)
    assert result.exit_code == 2
    assert result.stderr.startswith("safesec: error: .safesec.yaml:6: ")
    assert "unknown rule id 'NOPE-9'" in result.stderr


def test_rules_disable(check_json, repo):
    result, data = check_json(repo("rules:\n  disable: [ACME-1]\n"), "--policy", ACME)
    assert result.exit_code == 2  # every rule disabled: nothing was checked, not a pass
    assert data["results"] == []
    assert data["errors"][0].startswith("nothing was checked: no rule is selected")


def test_rules_only(check_json, repo):
    result, data = check_json(repo("rules:\n  only: [TM-1]\n"))
    # no threat model: TM-1 is blocked, and the missing threat model fails (high) for it
    assert {r["rule"]: r["status"] for r in data["results"]} == {
        "TM-1": "blocked", "MISSING-THREAT-MODEL": "fail"}
    assert result.exit_code == 1


def test_rules_severity_changes_the_gate(check_json, repo):
    result, data = check_json(repo("rules:\n  severity: {ACME-1: low}\n"), "--policy", ACME)
    assert result.exit_code == 0  # a low failure is below the default gate (high)
    [failed] = [r for r in data["results"] if r["status"] == "fail"]
    assert failed["severity"] == "low"


def test_fail_on_from_config_and_overridden_on_the_command_line(cli, repo):
    root = repo("rules:\n  severity: {ACME-1: low}\nfail_on: low\n")
    assert cli("check", root, "--policy", ACME).exit_code == 1
    assert cli("check", root, "--policy", ACME, "--fail-on", "medium").exit_code == 0


def test_as_of_from_config_is_used(check_json, repo):
    _result, data = check_json(repo("as_of: 2031-01-02\n"), "--policy", ACME)
    assert data["as_of"] == "2031-01-02"


WORDS_PACK = """\
pack: words
version: 1.0.0
settings: {card_min_words: 100}
rules:
  - id: WORDS-1
    name: model-card-too-short
    title: Model cards say enough
    dimension: governance
    discipline: safety
    severity: high
    applies_to: model_card
    check:
      type: sections
      required: [{name: Card, match: card, min_words: {setting: card_min_words}}]
"""


def test_settings_override_the_pack_defaults(cli, make_repo, tmp_path):
    pack = tmp_path / "words.yaml"
    pack.write_text(WORDS_PACK, encoding="utf-8")
    files = {"models/a/MODEL_CARD.md": MIT_CARD}
    strict = make_repo(tmp_path / "strict", files)
    lenient = make_repo(tmp_path / "lenient", {**files, ".safesec.yaml":
                                                "settings: {card_min_words: 2}\n"})
    assert cli("check", strict, "--policy", pack).exit_code == 1
    assert cli("check", lenient, "--policy", pack).exit_code == 0


def test_load_config_builds_waivers_and_rule_selection(tmp_path):
    path = tmp_path / ".safesec.yaml"
    path.write_text("fail_on: medium\nrules:\n  disable: [TM-1]\n  severity: {PF-4: low}\n"
                    "waivers:\n  - rule: PF-4\n    path: models/**\n    reason: risk-accepted\n"
                    "    justification: j\n    owner: '@o'\n    approved_by: '@ciso'\n"
                    "    expires: 2027-01-31\n", encoding="utf-8")
    config = load_config(str(path), display=".safesec.yaml")
    assert str(config.fail_on) == "medium"
    assert config.disable == ("TM-1",) and str(config.severity["PF-4"]) == "low"
    [waiver] = config.waivers
    assert (waiver.id, waiver.approved_by, waiver.expires, waiver.line) == \
        ("W1", ("@ciso",), "2027-01-31", 6)


def test_empty_config_is_the_default(tmp_path):
    path = tmp_path / ".safesec.yaml"
    path.write_text("# nothing yet\n", encoding="utf-8")
    config = load_config(str(path))
    assert config.builtin and config.waivers == ()


def test_unreadable_config_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read config"):
        load_config(str(tmp_path / "missing.yaml"))


def test_packs_of_a_config_given_with_config_resolve_inside_the_checked_tree(cli, repo, tmp_path):
    """``--config`` may live anywhere (the user typed it); the packs it names are read from
    the checked tree, relative to its root, and may not leave it."""
    root = repo("")
    (root / "team").mkdir()
    (root / "team" / "acme.yaml").write_bytes(ACME.read_bytes())
    ci = tmp_path / "ci" / "ci.yaml"
    ci.parent.mkdir()
    ci.write_text("builtin: false\npacks: [team/acme.yaml]\n", encoding="utf-8")
    result = cli("check", root, "--config", ci)
    assert result.exit_code in (0, 1) and "ACME-1" in result.output, result.output
    (tmp_path / "outside.yaml").write_bytes(ACME.read_bytes())
    ci.write_text("builtin: false\npacks: [../outside.yaml]\n", encoding="utf-8")
    result = cli("check", root, "--config", ci)
    assert result.exit_code == 2
    assert f"safesec: error: {ci}:2: packs[0]: '../outside.yaml' is outside" in result.stderr


def test_include_tests_and_examples_is_a_boolean(tmp_path):
    (tmp_path / "on.yaml").write_text("include_tests_and_examples: true\n")
    assert load_config(str(tmp_path / "on.yaml")).include_tests_and_examples is True
    assert load_config(None).include_tests_and_examples is False
    (tmp_path / "bad.yaml").write_text("fail_on: high\ninclude_tests_and_examples: sometimes\n")
    with pytest.raises(ConfigError) as exc:
        load_config(str(tmp_path / "bad.yaml"))
    assert exc.value.line == 2 and "boolean" in str(exc.value)
