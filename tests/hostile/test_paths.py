"""Issue 8, item 2: symlinks leaving the repository are not followed, and nothing
behind them is read or printed; symlink loops do not hang discovery.  Also the
project config: a symlinked ``.safesec.yaml`` or a pack path leaving the tree."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main

from hostile_helpers import (AS_OF, CONTROL, GOOD_TM_PATH, assert_good_still_reported,
                             assert_one_line_error, check, check_json, statuses, write)

SECRET = "TOPSECRET-7f3a"
pytestmark = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt",
                                reason="needs POSIX symlinks")


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """Files beside the repository that a hostile link points at."""
    return write(tmp_path / "outside", {
        "threat-model.yaml": f"schema: threat-model/v1\nsystem: {{name: {SECRET}}}\n",
        "broken-threat-model.yaml": f"{SECRET}: [\n",
        "MODEL_CARD.md": f"---\nlicense: {SECRET}\n---\n# {SECRET}\n",
        "config.yaml": f"fail_on: {SECRET}\nwaivers: [{SECRET}]\n",
    })


def _all_output(result, tmp_path: Path) -> str:
    texts = [result.output]
    texts += [p.read_text(encoding="utf-8") for p in tmp_path.glob("out.*")]
    return "\n".join(texts)


def test_symlinks_out_of_the_repository_are_not_followed(repo: Path, pack: Path,
                                                         outside: Path, tmp_path: Path) -> None:
    (repo / "a").mkdir()
    (repo / "a" / "threat-model.yaml").symlink_to(outside / "threat-model.yaml")
    (repo / "b").mkdir()
    (repo / "b" / "threat-model.yaml").symlink_to(outside / "broken-threat-model.yaml")
    (repo / "MODEL_CARD.md").symlink_to(outside / "MODEL_CARD.md")
    (repo / "evals").symlink_to(outside, target_is_directory=True)
    (repo / "abs").symlink_to("/etc")
    result, report = check_json(repo, pack, "--json", str(tmp_path / "out.json"),
                                "--junit-xml", str(tmp_path / "out.xml"),
                                "--sarif", str(tmp_path / "out.sarif"))
    assert result.exit_code == 0, result.output
    text = _all_output(result, tmp_path)
    assert SECRET not in text and str(outside) not in text and "/etc" not in text
    paths = {a["path"] for a in report["artifacts"]}
    assert paths == {GOOD_TM_PATH}
    assert_good_still_reported(report)


def test_symlinks_inside_the_repository_are_read(repo: Path, pack: Path) -> None:
    (repo / "copy").mkdir()
    (repo / "copy" / "threat-model.yaml").symlink_to(Path("..") / GOOD_TM_PATH)
    _result, report = check_json(repo, pack)
    assert statuses(report)[("HT-1", "copy/threat-model.yaml")]["status"] == "pass"


def test_symlink_loops_do_not_hang_discovery(repo: Path, pack: Path) -> None:
    (repo / "loop").symlink_to(repo, target_is_directory=True)
    (repo / "deep").mkdir()
    (repo / "deep" / "up").symlink_to("..", target_is_directory=True)
    (repo / "ping.yaml").symlink_to("pong.yaml")
    (repo / "pong.yaml").symlink_to("ping.yaml")
    (repo / "threat-model-self.yaml").symlink_to("threat-model-self.yaml")
    (repo / "dangling" / "threat-model.yaml").parent.mkdir()
    (repo / "dangling" / "threat-model.yaml").symlink_to("nowhere.yaml")
    result, report = check_json(repo, pack)
    assert result.exit_code == 0, result.output
    assert {a["path"] for a in report["artifacts"]} == {GOOD_TM_PATH}
    assert_good_still_reported(report)


def test_symlinked_config_leading_out_is_refused_unread(repo: Path, pack: Path,
                                                        outside: Path) -> None:
    (repo / ".safesec.yaml").symlink_to(outside / "config.yaml")
    result = check(repo, pack)
    line = assert_one_line_error(result, ".safesec.yaml", "outside the repository")
    assert SECRET not in result.output and SECRET not in line


def test_config_packs_leaving_the_repository_are_refused(repo: Path, pack: Path,
                                                         outside: Path) -> None:
    write(repo, {".safesec.yaml": f"fail_on: high\npacks:\n  - ../outside/config.yaml\n"})
    result = check(repo, None)
    assert_one_line_error(result, ".safesec.yaml:3", "packs[0]", "outside the repository")
    assert SECRET not in result.output


def test_control_characters_in_file_names_are_an_error_shown_escaped(
        repo: Path, pack: Path, tmp_path: Path) -> None:
    """A name carrying ESC, BEL or a newline (a forged ``::error`` line) is refused,
    and is shown escaped, so it cannot drive a terminal or a CI log."""
    name = "evil\x1b[31m\x07/threat-model\n::error file=x::forged.yaml"
    write(repo, {name: b"schema: threat-model/v1\nsystem: {name: x}\n"})
    shown = "evil\\x1b[31m\\x07/threat-model\\x0a::error file=x::forged.yaml"
    result, report = check_json(repo, pack, "--junit-xml", str(tmp_path / "out.xml"),
                                "--sarif", str(tmp_path / "out.sarif"))
    assert result.exit_code == 2
    assert statuses(report)[("HT-1", shown)]["status"] == "error"
    assert f"{shown}:1: file name contains control characters" in result.stderr
    assert_good_still_reported(report)
    console = check(repo, pack)
    for text in (result.output, console.output, *(p.read_text(encoding="utf-8")
                                                  for p in tmp_path.glob("out.*"))):
        assert not CONTROL.search(text.replace("\n", "")), text
        assert "\n::error" not in text


# M6: files outside the repository are never read as packs (their key names would show).
KEY = "OUTSIDE_SECRET_KEY_NAME"


@pytest.fixture
def creds(tmp_path: Path) -> Path:
    """A file outside the repository whose first key name is the secret."""
    path = tmp_path / "outside" / "creds.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{KEY}: value\n", encoding="utf-8")
    return path


def _git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_AUTHOR_DATE": "2026-01-01T12:00:00+00:00",
           "GIT_COMMITTER_DATE": "2026-01-01T12:00:00+00:00"}
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   cwd=root, env=env, check=True, capture_output=True)


def test_m6a_a_symlinked_member_of_a_pack_folder_is_refused_unread(repo: Path, creds: Path,
                                                                   pack: Path) -> None:
    write(repo, {".safesec.yaml": "packs: [teampacks]\n",
                 "teampacks/own.yaml": pack.read_text(encoding="utf-8")})
    (repo / "teampacks" / "team.yaml").symlink_to(creds)
    result = check(repo, None)
    assert_one_line_error(result, "teampacks/team.yaml", "symlink")
    assert KEY not in result.output


def test_a_symlinked_pack_member_inside_the_repository_is_refused_too(repo: Path,
                                                                      pack: Path) -> None:
    write(repo, {".safesec.yaml": "packs: [teampacks]\n",
                 "elsewhere/real.yaml": pack.read_text(encoding="utf-8")})
    (repo / "teampacks").mkdir()
    (repo / "teampacks" / "team.yaml").symlink_to(repo / "elsewhere" / "real.yaml")
    assert_one_line_error(check(repo, None), "teampacks/team.yaml", "symlink")


@pytest.mark.skipif(not shutil.which("git"), reason="needs git")
@pytest.mark.parametrize("command", [["check", "--rev", "HEAD"], ["audit", "--range"]])
@pytest.mark.parametrize("packs", ["{creds}", "../outside/creds.yaml"])
def test_m6bc_committed_packs_outside_the_repository_are_refused(
        repo: Path, creds: Path, command: list[str], packs: str) -> None:
    _git(repo, "init", "-q")
    _git(repo, "commit", "-q", "--allow-empty", "-m", "first")
    write(repo, {".safesec.yaml": f"packs: [\"{packs.format(creds=creds)}\"]\n"})
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "packs from outside")
    (repo / ".safesec.yaml").unlink()  # the work tree does not refuse it: the commit must
    args = [*command, str(repo)] if command[0] == "check" else \
        ["audit", str(repo), "--range", "HEAD~1..HEAD"]
    result = CliRunner().invoke(main, [*args, "--as-of", AS_OF] if command[0] == "check"
                                else args, catch_exceptions=False)
    assert_one_line_error(result, ".safesec.yaml:1", "packs[0]", "outside the repository")
    assert KEY not in result.output
