"""A run's reports: each format rendered once with the inputs its SPEC takes, side by side
under ``--jobs`` and written on background threads; the same bytes as one by one, and a
file that cannot be written is an error naming it, not a crash, while the other reports
are still written."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from checker.model import RunResult
from checker.reporters import REPORTERS
from checker.reporters.base import Option, Spec
from checker.run.options import RunOptions
from checker.run.reports import Writes, render_all, report, use_color

ROOT = Path(__file__).resolve().parents[2]
COMPLIANT = ROOT / "fixtures" / "compliant"
NONCOMPLIANT = ROOT / "fixtures" / "noncompliant"


def _texts(name: str) -> str:
    return f"<{name}>" + "x" * 200_000  # larger than a pipe's buffer


def test_side_by_side_rendering_gives_every_format_once_in_order() -> None:
    calls: list[str] = []

    def one(name: str) -> str:
        calls.append(name)
        return _texts(name)

    got = render_all(["json", "junit", "sarif", "json"], one, jobs=2)
    assert list(got) == ["json", "junit", "sarif"]
    assert got == {name: _texts(name) for name in ("json", "junit", "sarif")}
    if sys.platform.startswith("linux"):  # the children's calls happen in the children
        assert sorted(calls) == ["json", "sarif"] and calls.count("json") == 1


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="formats fork only on Linux")
def test_a_child_that_fails_leaves_its_format_to_the_parent() -> None:
    parent = os.getpid()

    def one(name: str) -> str:
        if os.getpid() != parent:
            raise RuntimeError("the child breaks")
        return _texts(name)

    assert render_all(["json", "junit"], one, jobs=2) == {n: _texts(n) for n in ("json", "junit")}


def test_a_crash_in_rendering_is_not_swallowed() -> None:
    def one(name: str) -> str:
        raise ValueError(f"no {name}")

    with pytest.raises(ValueError, match="no json"):
        render_all(["json", "junit"], one, jobs=2)


def test_writes_report_every_file_that_failed_and_keep_the_rest(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    written: dict[str, str] = {}

    def write(path: str, text: str) -> None:
        if path.startswith(str(blocker)):
            raise NotADirectoryError(20, "Not a directory")
        written[path] = text

    writes = Writes(write)
    writes.add(str(blocker / "r.json"), "a")
    writes.add(str(tmp_path / "r.xml"), "b")
    with pytest.raises(Exception, match=r"cannot write .*r\.json: Not a directory"):
        writes.finish()
    assert written == {str(tmp_path / "r.xml"): "b"}


def test_two_outputs_to_one_path_keep_the_last_given(tmp_path: Path) -> None:
    from checker.files import write_atomic

    writes = Writes(write_atomic)
    target = tmp_path / "same.out"
    for index in range(5):
        writes.add(str(target), f"text {index}")
    writes.finish()
    assert target.read_text() == "text 4"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_unwritable_report_is_a_usage_error_and_the_others_are_written(
        cli: object, tmp_path: Path, jobs: str) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    junit = tmp_path / "ok.xml"
    result = cli("check", str(NONCOMPLIANT), "--jobs", jobs,  # type: ignore[operator]
                 "--json", str(blocker / "r.json"), "--junit-xml", str(junit))
    assert result.exit_code == 2, result.output
    assert f"safesec: error: cannot write {blocker / 'r.json'}: " in result.output
    assert "internal error" not in result.output
    assert junit.read_text().startswith("<?xml") and "<testsuites" in junit.read_text()


def test_reports_of_jobs_2_equal_those_of_one_process(cli: object, tmp_path: Path) -> None:
    outs = {}
    for jobs in ("1", "2", "3"):
        folder = tmp_path / jobs
        args = ["check", str(NONCOMPLIANT), "--jobs", jobs, "--as-of", "2026-11-28",
                "--json", str(folder / "r.json"), "--junit-xml", str(folder / "r.xml"),
                "--sarif", str(folder / "r.sarif"), "--format", "json"]
        result = cli(*args)  # type: ignore[operator]
        assert result.exit_code == 1, result.output
        outs[jobs] = [result.output] + [(folder / n).read_bytes()
                                        for n in ("r.json", "r.xml", "r.sarif")]
    assert outs["1"] == outs["2"] == outs["3"]
    assert outs["1"][0].encode() == outs["1"][1]  # stdout is the JSON report


def test_a_crash_in_a_later_format_still_lets_earlier_files_finish(
        cli: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The console script ends with os._exit, which would cut a write thread off: when a
    format fails to render, the files already being written are waited for first."""
    import time

    import checker.files as output
    import checker.reporters.junit as junit

    real = output.write_atomic

    def slow(path: str, text: str) -> None:
        time.sleep(0.3)
        real(path, text)

    def broken(*_args: object, **_kwargs: object) -> str:
        raise RuntimeError("reporter crashed")

    monkeypatch.setattr(output, "write_atomic", slow)
    monkeypatch.setattr(junit, "render", broken)
    monkeypatch.setattr(junit, "chunks", broken)  # JUnit files are written piece by piece
    report = tmp_path / "r.json"
    result = cli("check", str(NONCOMPLIANT), "--json", str(report),  # type: ignore[operator]
                 "--junit-xml", str(tmp_path / "r.xml"))
    assert result.exit_code == 3 and "reporter crashed" in result.output
    assert report.read_text().startswith("{")  # already whole when the command returned
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json"]


def test_a_registered_reporter_gets_the_inputs_it_declares(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new format is a module with SPEC and render plus one registry line: the run writes
    its file and passes it exactly the render arguments its SPEC takes."""
    seen: list[dict[str, object]] = []

    class Stub:
        SPEC = Spec(file=Option("--stub", "stub_file", "Write a stub here."), stdout=True,
                    takes=("prefix", "strict"))

        @staticmethod
        def render(run: RunResult, **opts: object) -> str:
            seen.append(opts)
            return f"stub of {len(run.results)}\n"

    monkeypatch.setitem(REPORTERS, "stub", Stub)
    monkeypatch.chdir(ROOT)
    printed: list[str] = []
    run = RunResult(root="fixtures/compliant", rules=(), artifacts=(), results=())
    opts = RunOptions(root="fixtures/compliant", outputs={"stub": str(tmp_path / "r.stub")},
                      stdout_format="stub", junit_strict=True)
    report(run, opts, printed.append)
    assert seen == [{"prefix": "fixtures/compliant", "strict": True}]  # rendered once
    assert printed == ["stub of 0\n"] and (tmp_path / "r.stub").read_text() == "stub of 0\n"


class _Stream:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize("choice, env, tty, expected", [
    ("auto", {}, True, True),
    ("auto", {}, False, False),
    ("auto", {"NO_COLOR": "1"}, True, False),
    ("auto", {"NO_COLOR": ""}, True, True),  # an empty NO_COLOR does not count
    ("auto", {"FORCE_COLOR": "1"}, False, True),
    ("auto", {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False, False),
    ("always", {"NO_COLOR": "1"}, False, True),
    ("never", {"FORCE_COLOR": "1"}, True, False),
])
def test_colour_follows_the_option_no_color_force_color_then_the_terminal(
        choice: str, env: dict[str, str], tty: bool, expected: bool) -> None:
    assert use_color(choice, _Stream(tty), env) is expected
