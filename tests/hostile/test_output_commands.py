"""Issue 14, item 7: output never carries commands (red team M2, M7, L2, L5, L6).

Each test builds a repository whose content carries a harmless payload (a forged
workflow command, a terminal escape, a Markdown link, a planted report) and runs the
real CLI on it.  ``commands_in`` is a port of the GitHub runner's two parsers: a line
is a command when it starts with ``::`` (``ActionCommand.TryParseV2``, after trimming)
or holds ``##[`` anywhere (the legacy ``TryParse``)."""
from __future__ import annotations

import json
import os
import re
import shutil
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from hostile_helpers import check

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "compliant"
AS_OF = "2026-11-28"
OURS = re.compile(r"::(error|warning|notice) ")  # the annotations safesec itself prints
TM = "models/support-bot/security/threat-model.yaml"
EVALS = "models/support-bot/evals"


def commands_in(text: str, allowed: re.Pattern[str] | None = None) -> list[str]:
    """The lines of ``text`` the runner would take as workflow commands (except ``allowed``)."""
    found = []
    for line in text.split("\n"):
        trimmed = line.strip()
        if trimmed.startswith("::") and not (allowed and allowed.match(trimmed)):
            found.append(line)
        elif not trimmed.startswith("::") and "##[" in line:
            found.append(line)
        elif trimmed.startswith("::") and "##[" in trimmed.split("::", 2)[-1]:
            found.append(line)  # legacy form in an annotation's message, shown to the reader
    return found


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root)
    return root


def _atlas(repo: Path, *ids: str) -> None:
    """Put ``ids`` among the first threat's ATLAS ids (GOV-8 echoes unknown ones)."""
    path = repo / TM
    text = path.read_text(encoding="utf-8")
    listed = ", ".join(json.dumps(i) for i in ids)
    path.write_text(text.replace("atlas: [AML.T0054]", f"atlas: [{listed}, AML.T0054]", 1),
                    encoding="utf-8")


def test_forged_commands_and_escapes_in_a_config_error_stay_text(repo: Path) -> None:
    # M2 a, b: a config value with newlines, ::error, ::add-mask:: and OSC title/clipboard
    (repo / ".safesec.yaml").write_text(
        'fail_on: "x\\n::error file=SECURITY.md,line=1::FORGED by the PR\\n::add-mask::Gate'
        '\\e]0;owned\\a\\e]52;c;Zm9v\\a\\e[2J"\n', encoding="utf-8")
    result = check(repo, None, "--as-of", AS_OF)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("safesec: error: ")
    assert commands_in(result.stderr) == []
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "FORGED by the PR" in result.stderr and "\\x1b]0;owned\\x07" in result.stderr


def test_legacy_command_in_a_file_name_is_broken_everywhere(repo: Path) -> None:
    # M2 c: an invalid eval report named evals/##[error]FORGED by the PR.yaml
    (repo / EVALS / "##[error]FORGED by the PR.yaml").write_text("x: [\n", encoding="utf-8")
    console = check(repo, None, "--as-of", AS_OF)
    github = check(repo, None, "--as-of", AS_OF, "--format", "github")
    assert console.exit_code == github.exit_code == 2
    assert "FORGED by the PR" in console.stderr and "FORGED by the PR" in github.stdout
    for text in (console.stdout, console.stderr, github.stderr):
        assert commands_in(text) == []
    assert commands_in(github.stdout, OURS) == []
    # the annotation still points GitHub at the real file
    assert "file=models/support-bot/evals/##[error]FORGED by the PR.yaml" in github.stdout


def test_legacy_command_in_a_threat_model_id_is_broken_in_the_console(repo: Path) -> None:
    # M2 d: GOV-8 echoes an unknown ATLAS id
    _atlas(repo, "##[error]FORGED by the PR", "::warning::FORGED too")
    console = check(repo, None, "--as-of", AS_OF, "-v")
    github = check(repo, None, "--as-of", AS_OF, "--format", "github")
    assert "FORGED by the PR" in console.stdout and "FORGED by the PR" in github.stdout
    assert commands_in(console.stdout) == []
    assert commands_in(github.stdout, OURS) == []


def test_legacy_command_in_a_yaml_tag_of_an_error_is_broken(repo: Path) -> None:
    # M2 e: PyYAML percent-decodes the tag into its message
    (repo / EVALS / "tagged.yaml").write_text(
        "x: !<tag:x,2000:%23%23%5Bwarning%5DFORGED-by-the-PR> 1\n", encoding="utf-8")
    result = check(repo, None, "--as-of", AS_OF, "--format", "github")
    assert result.exit_code == 2
    assert "FORGED-by-the-PR" in result.stdout + result.stderr
    assert commands_in(result.stderr) == []
    assert commands_in(result.stdout, OURS) == []


def _outside_code_spans(markdown: str) -> str:
    return re.sub(r"`[^`\n]*`", "", markdown)


def test_markdown_from_artifacts_is_not_live_in_the_step_summary(
        repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # L5: an id that would be a link and one that would be a remote image
    _atlas(repo, "[Approve](https://evil.example/a)", "![](https://evil.example/p.png)")
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    check(repo, None, "--as-of", AS_OF, "--format", "github")
    text = summary.read_text(encoding="utf-8")
    assert "[Approve](https://evil.example" in text  # shown, as text
    assert "evil.example" not in _outside_code_spans(text)


def test_report_replacing_a_symlink_to_a_setuid_file_is_a_plain_0644_file(
        repo: Path, tmp_path: Path) -> None:
    # L6: safesec.json -> victim (mode 4755)
    victim = tmp_path / "victim"
    victim.write_text("victim\n", encoding="utf-8")
    os.chmod(victim, 0o4755)
    link = tmp_path / "safesec.json"
    link.symlink_to(victim)
    old = os.umask(0o022)
    try:
        result = check(repo, None, "--as-of", AS_OF, "--json", str(link))
    finally:
        os.umask(old)
    assert result.exit_code in (0, 1), result.output  # 1: no git history for INT-9
    info = os.lstat(link)
    assert stat.S_ISREG(info.st_mode) and stat.S_IMODE(info.st_mode) == 0o644
    assert victim.read_text(encoding="utf-8") == "victim\n"
    assert stat.S_IMODE(os.stat(victim).st_mode) == 0o4755
    json.loads(link.read_text(encoding="utf-8"))


def test_planted_green_report_is_gone_after_a_config_error(repo: Path) -> None:
    # M7: the PR commits an all-green JUnit file (and SARIF) and breaks the config
    junit, sarif = repo / "safesec-junit.xml", repo / "safesec.sarif"
    junit.write_text('<testsuites tests="1" failures="0"><testsuite name="safesec" tests="1">'
                     '<testcase name="all good"/></testsuite></testsuites>\n', encoding="utf-8")
    sarif.write_text('{"version": "2.1.0", "runs": []}\n', encoding="utf-8")
    (repo / ".safesec.yaml").write_text("fail_on: nonsense\n", encoding="utf-8")
    result = check(repo, None, "--as-of", AS_OF, "--junit-xml", str(junit), "--sarif", str(sarif))
    assert result.exit_code == 2
    assert not junit.exists() and not sarif.exists()


def test_non_utf8_file_name_is_shown_as_hex_in_every_report(repo: Path, tmp_path: Path) -> None:
    # L2: an invalid eval report named x\xff.yaml (decoded as x\udcff.yaml)
    name = os.fsdecode(b"x\xff.yaml")
    (repo / EVALS / name).write_text("x: [\n", encoding="utf-8")
    out = {fmt: tmp_path / f"r.{fmt}" for fmt in ("json", "sarif", "html", "xml")}
    result = check(repo, None, "--as-of", AS_OF, "--json", str(out["json"]), "--sarif",
                   str(out["sarif"]), "--html", str(out["html"]), "--junit-xml", str(out["xml"]))
    assert result.exit_code == 2, result.output
    assert "x\\xff.yaml" in result.stderr
    report = json.loads(out["json"].read_text(encoding="utf-8"))
    assert "x\\xff.yaml" in json.dumps(report, ensure_ascii=False).replace("\\\\", "\\")
    sarif = out["sarif"].read_text(encoding="utf-8")
    json.loads(sarif)
    # discovery reports the name without reading the file: SARIF carries it as text,
    # escaped, and never as another path (x/xff.yaml)
    assert "x\\\\xff.yaml" in sarif and "x/xff" not in sarif
    assert "x\\xff.yaml" in out["html"].read_text(encoding="utf-8")
    junit = out["xml"].read_text(encoding="utf-8")
    ET.fromstring(junit)
    assert "x\\xff.yaml" in junit
