"""`safesec policy test`: strict per-rule expectations over a pack's fixture cases."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from checker.run.pack_tests import RANK, build_tree, discover, run_cases

DEMO_PACK = Path(__file__).resolve().parent / "data" / "demo-pack"


@pytest.fixture
def demo_pack(tmp_path: Path) -> Path:
    """A private copy of the two-rule demo pack and its three cases, free to edit."""
    target = tmp_path / "demo-pack"
    shutil.copytree(DEMO_PACK, target)
    return target


def test_demo_pack_cases_pass(cli, demo_pack):
    result = cli("policy", "test", demo_pack)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:3] == ["PASS base", "PASS no-contact", "PASS no-plan"]
    assert "3 cases, 0 failed" in result.output
    assert result.output.rstrip().endswith("rules without a failing fixture: none")


def test_a_wrong_expectation_fails_and_names_the_mismatch(cli, demo_pack):
    case = demo_pack / "tests" / "no-contact" / "expected.yaml"
    case.write_text(case.read_text().replace("DEMO-1: fail", "DEMO-1: pass"))
    result = cli("policy", "test", demo_pack)
    assert result.exit_code == 1
    assert "FAIL no-contact: DEMO-1: expected pass, got fail" in result.output
    # a failed case shows the failing results, so the author sees why
    assert re.search(r"^    DEMO-1 fail SECURITY\.md:1 ", result.output, re.M)
    assert "1 failed" in result.output


def test_others_is_strict_too(cli, demo_pack):
    case = demo_pack / "tests" / "no-plan" / "expected.yaml"
    case.write_text(case.read_text().replace("expect: {DEMO-2: fail}\n", ""))
    result = cli("policy", "test", demo_pack)
    assert result.exit_code == 1
    assert "FAIL no-plan: DEMO-2: expected pass, got fail" in result.output


def test_an_unknown_rule_in_expect_is_a_mismatch(cli, demo_pack):
    case = demo_pack / "tests" / "base" / "expected.yaml"
    case.write_text("expect: {DEMO-9: pass}\nothers: pass\n")
    result = cli("policy", "test", demo_pack, "--case", "base")
    assert result.exit_code == 1
    assert "DEMO-9: no such rule in the pack" in result.output


def test_a_case_selection_that_matches_nothing_fails(cli, demo_pack):
    result = cli("policy", "test", demo_pack, "--case", "no-such-case")
    assert result.exit_code == 1
    assert "no test case selected" in result.output


def test_a_pack_without_cases_fails(cli, tmp_path, demo_pack):
    pack = tmp_path / "lonely"
    pack.mkdir()
    (pack / "demo.yaml").write_text((demo_pack / "demo.yaml").read_text())
    result = cli("policy", "test", pack)
    assert result.exit_code == 1
    assert "no test case selected" in result.output


def test_case_globs_select_and_rules_without_failing_fixture_are_listed(cli, demo_pack):
    result = cli("policy", "test", demo_pack, "--case", "no-c*", "--case", "base")
    assert result.exit_code == 0, result.output
    assert "PASS no-plan" not in result.output
    assert result.output.rstrip().endswith("rules without a failing fixture: DEMO-2")


def test_delete_marker_removes_the_file_from_the_copy(demo_pack, tmp_path):
    case = next(c for c in discover(demo_pack) if c.name == "no-plan")
    build_tree(case, tmp_path / "copy")
    assert (tmp_path / "copy" / "SECURITY.md").read_text().startswith("# Security")
    assert not (tmp_path / "copy" / "INCIDENT_RESPONSE.md").exists()


def test_a_malformed_expected_file_is_a_usage_error(cli, demo_pack):
    case = demo_pack / "tests" / "base" / "expected.yaml"
    case.write_text("others: pass\nexpect:\n  DEMO-1: broken\n")
    result = cli("policy", "test", demo_pack)
    assert result.exit_code == 2
    assert re.search(r"tests/base/expected\.yaml:3: expect\.DEMO-1: unallowed value broken",
                     result.output), result.output


def test_worst_status_wins_but_not_applicable_yields_to_pass():
    order = sorted(RANK, key=RANK.get)
    assert [str(s) for s in order] == ["not-applicable", "pass", "waived", "fail", "error"]


# --- the built-in pack ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def builtin():
    policies = Path(__file__).resolve().parents[2] / "policies"
    return policies, run_cases(str(policies))


def test_builtin_pack_has_a_failing_case_for_every_rule_and_a_compliant_case(builtin):
    policies, outcome = builtin
    names = {r.name for r in outcome.results}
    assert set(outcome.rule_ids) <= names
    assert "compliant" in names
    compliant = next(r for r in outcome.results if r.name == "compliant")
    assert set(compliant.statuses.values()) == {"pass"}, compliant.statuses


def test_builtin_pack_cases_all_pass(builtin):
    _policies, outcome = builtin
    failed = {r.name: r.mismatches for r in outcome.results if not r.ok}
    assert failed == {}
    assert outcome.untested == ()
    assert outcome.exit_code == 0


def test_each_builtin_case_fails_its_own_rule(builtin):
    """A case named after a rule fails that rule ("GOV-other-words" and the like are the
    passing and multi-rule cases of the pack's phrasings)."""
    _policies, outcome = builtin
    named = [r for r in outcome.results if r.name in r.statuses]
    assert named
    for result in named:
        assert result.statuses[result.name] == "fail", result.name


def test_cli_on_the_builtin_pack(cli, builtin):
    policies, _outcome = builtin
    result = cli("policy", "test", policies, "--case", "compliant", "--case", "INT-9")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("PASS INT-9\nPASS compliant\n")


def test_a_commit_step_that_git_refuses_is_a_usage_error(cli, demo_pack):
    case = demo_pack / "tests" / "base" / "expected.yaml"
    case.write_text(case.read_text() + "commits:\n  - {date: 2026-10-01, paths: [no/such/path]}\n")
    result = cli("policy", "test", demo_pack, "--case", "base")
    assert result.exit_code == 2
    assert "commits: git add failed" in result.output


def _stderr_error(result) -> str:
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("safesec: error:")]
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A folder outside the pack that a hostile case aims at, with a file it would delete."""
    folder = tmp_path / "victim"
    folder.mkdir()
    (folder / "keep.txt").write_text("precious\n")
    return folder


def _hostile_case(demo_pack: Path, base: str) -> Path:
    """Case ``evil``: overlay writes ``evil/pwned.txt`` and deletes ``evil/keep.txt``."""
    case = demo_pack / "tests" / "evil"
    (case / "repo" / "evil").mkdir(parents=True)
    (case / "expected.yaml").write_text(f"base: {base}\nothers: pass\n")
    (case / "repo" / "evil" / "pwned.txt").write_text("marker\n")
    (case / "repo" / "evil" / "keep.txt").write_text("__delete__\n")
    return case


def _untouched(victim: Path) -> None:
    assert not (victim / "pwned.txt").exists()
    assert (victim / "keep.txt").read_text() == "precious\n"


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="POSIX symlinks")
def test_h2_a_symlink_in_base_cannot_write_or_delete_outside_the_case(cli, demo_pack, victim):
    basetree = demo_pack / "basetree"
    basetree.mkdir()
    (basetree / "evil").symlink_to(victim, target_is_directory=True)
    _hostile_case(demo_pack, "../../basetree")
    result = cli("policy", "test", demo_pack, "--case", "evil")
    _untouched(victim)
    line = _stderr_error(result)
    assert "basetree/evil" in line and "symlink" in line


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="POSIX symlinks")
def test_h2_base_outside_the_pack_is_refused(cli, tmp_path, demo_pack, victim):
    outside = tmp_path / "basetree"
    outside.mkdir()
    (outside / "evil").symlink_to(victim, target_is_directory=True)
    _hostile_case(demo_pack, "../../../basetree")
    line = _stderr_error(cli("policy", "test", demo_pack, "--case", "evil"))
    assert "base: ../../../basetree leaves the pack's repository" in line
    _untouched(victim)


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="POSIX symlinks")
def test_a_symlink_in_a_case_overlay_is_refused(cli, demo_pack, victim):
    case = _hostile_case(demo_pack, "../../tests/base/repo")
    (case / "repo" / "link.txt").symlink_to(victim / "keep.txt")
    line = _stderr_error(cli("policy", "test", demo_pack, "--case", "evil"))
    assert "repo/link.txt" in line and "symlink" in line
    _untouched(victim)
