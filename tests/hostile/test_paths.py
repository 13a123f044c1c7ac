"""Issue 8, item 2: symlinks leaving the repository are not followed, and nothing
behind them is read or printed; symlink loops do not hang discovery.  Also the
project config: a symlinked ``.safesec.yaml`` or a pack path leaving the tree."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from hostile_helpers import (CONTROL, GOOD_TM_PATH, assert_good_still_reported,
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
