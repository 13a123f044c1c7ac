"""The built-in pack's settings are typed: a mistyped one is a config error at its
line, exit 2, never an internal error (redteam L2)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parents[2] / "fixtures" / "compliant"


def with_settings(tmp_path: Path, line: str) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    (root / ".safesec.yaml").write_text(f"fail_on: high\nsettings:\n  {line}\n")
    return root


@pytest.mark.parametrize("line, message", [
    ('min_security_term_ratio: "x"', "settings.min_security_term_ratio must be a number from "
                                     "0 to 1, found 'x'"),
    ('eval_max_age_days: "x"', "settings.eval_max_age_days must be a whole number of at "
                               "least 0, found 'x'"),
    ("threat_model_max_age_days: -1", "settings.threat_model_max_age_days must be a whole number of at least 0, found -1"),
    ("min_eval_samples: true", "settings.min_eval_samples must be a whole number"),
    ("history_depth: 0", "settings.history_depth must be a whole number of commits of at "
                         "least 1, found 0"),
    ("safety_critical_paths: 5", "settings.safety_critical_paths must be a glob pattern or a "
                                 "list of them, found 5"),
])
def test_a_mistyped_builtin_setting_is_a_config_error_at_its_line(cli, tmp_path, line, message):
    result = cli("check", with_settings(tmp_path, line))
    assert result.exit_code == 2
    assert f".safesec.yaml:3: {message}" in result.stderr
    assert "internal error" not in result.stderr + result.stdout


@pytest.mark.parametrize("line", ["eval_max_age_days: 400", "min_security_term_ratio: 0",
                                  "safety_critical_paths: ['**/serving/**']",
                                  "my_own_setting: anything"])
def test_well_typed_and_unknown_settings_are_accepted(cli, tmp_path, line):
    result = cli("check", with_settings(tmp_path, line), "--as-of", "2026-11-28")
    assert result.exit_code in (0, 1) and not result.stderr


def test_without_the_builtin_pack_its_setting_names_are_free(cli, tmp_path):
    root = with_settings(tmp_path, 'eval_max_age_days: "x"')
    pack = Path(__file__).parent / "data" / "demo-pack" / "demo.yaml"
    assert cli("check", root, "--policy", pack).exit_code in (0, 1)
