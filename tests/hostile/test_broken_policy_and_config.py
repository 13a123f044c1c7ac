"""Issue 8, item 3: a broken policy pack or ``.safesec.yaml`` exits 2 with one line
naming the file, the rule id where there is one, and the line."""
from __future__ import annotations

from pathlib import Path

import pytest

from hostile_helpers import assert_one_line_error, check, write

HEAD = "pack: broken\nversion: 0.1.0\nrules:\n"


def _rule(rule_id: str, check_lines: list[str]) -> str:
    """A valid rule whose ``check:`` block is ``check_lines``."""
    body = "".join(f"      {line}\n" for line in check_lines)
    return (f"  - id: {rule_id}\n    name: some-problem\n    title: Something holds\n"
            f"    dimension: governance\n    discipline: security\n    severity: high\n"
            f"    applies_to: threat_model\n    check:\n{body}")


GOOD = _rule("BR-1", ["type: exists", "files: [threat-model.yaml]"])  # lines 4-13
# The second rule starts on line 14; its ``check:`` key is on line 21.
CASES = [
    ("unknown-check-type", _rule("BR-2", ["type: nosuch"]), "BR-2", 21,
     "unknown check type 'nosuch'"),
    ("invalid-cerberus-schema", _rule("BR-2", ["type: schema", "schema:",
                                              "  system: {type: strnig}"]), "BR-2", 21,
     "strnig"),
    ("invalid-cerberus-rule", _rule("BR-2", ["type: each", "path: threats", "schema:",
                                            "  id: {requird: true}"]), "BR-2", 21, "requird"),
    ("invalid-jmespath", _rule("BR-2", ["type: schema", "path: 'threats[?'", "schema:",
                                       "  id: {type: string}"]), "BR-2", 21,
     "invalid JMESPath"),
    # L8: a pack from the pull request could make billions of values with one short path
    ("jmespath-fan-out", _rule("BR-2", ["type: schema",
                                        "path: '[threats[0].id]" + ".[@,@][]" * 26 + "'",
                                        "schema:", "  id: {type: string}"]), "BR-2", 21,
     "67,108,864 values"),
    ("jmespath-too-long", _rule("BR-2", ["type: schema", "path: '" + "a." * 1200 + "b[0]'",
                                         "schema:", "  id: {type: string}"]), "BR-2", 21,
     "longer than 2,000"),
    ("invalid-regex", _rule("BR-2", ["type: pattern", "require:", "  - name: x",
                                    "    any: ['(unclosed']"]), "BR-2", 21, "invalid regex"),
    ("duplicate-id", _rule("BR-1", ["type: exists", "files: [SECURITY.md]"]), "BR-1", 14,
     "duplicate rule id"),
    ("missing-field", _rule("BR-2", ["type: exists", "files: [x]"]).replace(
        "    severity: high\n", ""), "BR-2", 14, "severity: required field"),
    ("bad-severity", _rule("BR-2", ["type: exists", "files: [x]"]).replace(
        "severity: high", "severity: urgent"), "BR-2", 19, "unallowed value"),
    ("duplicate-yaml-key", _rule("BR-2", ["type: exists", "files: [x]"]).replace(
        "severity: high\n", "severity: high\n    severity: low\n"), None, 20,
     "duplicate key 'severity'"),
]


@pytest.mark.parametrize("second, rule_id, line, reason", [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_broken_pack_names_file_rule_and_line(tmp_path: Path, repo: Path, second: str,
                                              rule_id: str | None, line: int,
                                              reason: str) -> None:
    pack = tmp_path / "broken.yaml"
    pack.write_text(HEAD + GOOD + second, encoding="utf-8")
    needles = [f"{pack}:{line}:", reason] + ([f"rule {rule_id}"] if rule_id else [])
    assert_one_line_error(check(repo, pack), *needles)


def test_duplicate_id_across_two_pack_files(tmp_path: Path, repo: Path) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "a.yaml").write_text(HEAD + GOOD, encoding="utf-8")
    (folder / "b.yaml").write_text(HEAD.replace("broken", "other") + GOOD, encoding="utf-8")
    line = assert_one_line_error(check(repo, folder), f"{folder / 'b.yaml'}:4:", "rule BR-1",
                                 "duplicate rule id", f"{folder / 'a.yaml'}:4")
    assert "Traceback" not in line


def test_pack_that_is_not_a_mapping(tmp_path: Path, repo: Path) -> None:
    pack = tmp_path / "list.yaml"
    pack.write_text("- a\n- b\n", encoding="utf-8")
    assert_one_line_error(check(repo, pack), f"{pack}:1:", "expected a mapping")


def test_pack_with_nan_limit_is_refused(tmp_path: Path, repo: Path) -> None:
    """A NaN limit would compare false with every value: every threshold would pass."""
    pack = tmp_path / "nan.yaml"
    pack.write_text(HEAD + _rule("BR-2", ["type: threshold", "value: score", "max: .nan"]),
                    encoding="utf-8")
    assert_one_line_error(check(repo, pack), f"{pack}:14:", "NaN")


WAIVER = ("waivers:\n  - rule: HT-1\n    path: '**'\n    reason: risk-accepted\n"
          "    justification: accepted by the board\n    owner: '@sec'\n    approved_by: '@ciso'\n")
CONFIGS = [
    ("waiver-without-expires", WAIVER, 2, "waivers[0].expires: required field"),
    ("waiver-bad-expires", WAIVER + "    expires: soon\n", 8, "waivers[0].expires"),
    ("waiver-bad-reason", WAIVER.replace("risk-accepted", "because") + "    expires: 2027-01-01\n",
     4, "waivers[0].reason: unallowed value"),
    ("invalid-yaml", "fail_on: [high\n", 2, "invalid YAML"),
    ("unknown-key", "fail_on: high\nfial_on: low\n", 2, "fial_on: unknown key 'fial_on' (did you mean 'fail_on'?)"),
    ("duplicate-key", "fail_on: high\nfail_on: none\n", 2, "duplicate key 'fail_on'"),
    ("not-a-mapping", "- fail_on\n", 1, "expected a mapping"),
    ("binary", b"fail_on: high\n\x00\x01", 2, "binary file"),
    ("bad-size-cap", "max_file_bytes: lots\n", 1, "max_file_bytes: must be of integer type"),
    ("nan-setting", "settings:\n  eval_max_age_days: .nan\n", 2, "NaN"),
]


@pytest.mark.parametrize("content, line, reason", [c[1:] for c in CONFIGS],
                         ids=[c[0] for c in CONFIGS])
def test_broken_config_names_file_and_line(repo: Path, pack: Path, content: str | bytes,
                                           line: int, reason: str) -> None:
    write(repo, {".safesec.yaml": content})
    assert_one_line_error(check(repo, pack), f".safesec.yaml:{line}:", reason)


def test_config_given_with_option_is_named_by_its_path(tmp_path: Path, repo: Path,
                                                       pack: Path) -> None:
    config = write(tmp_path / "cfg", {"safesec.yaml": WAIVER})
    path = config / "safesec.yaml"
    assert_one_line_error(check(repo, pack, "--config", str(path)), f"{path}:2:",
                          "expires: required field")
