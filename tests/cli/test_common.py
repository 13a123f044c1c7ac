"""The progress indicator: on stderr after a delay, only on a terminal, cleared when done."""
from __future__ import annotations

import io
import threading
import weakref

from checker.cli import common
from checker.cli.common import Spinner


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_long_run_on_a_terminal_shows_progress_then_clears_it():
    written: list[str] = []
    shown = threading.Event()

    def write(text: str) -> None:
        written.append(text)
        shown.set()

    with Spinner("safesec: checking", stream=Terminal(), delay=0, interval=0.01,
                 write=write) as spinner:
        assert shown.wait(5)
    assert written[0].startswith("\rsafesec: checking | ")
    assert written[-1] == "\r\x1b[K" and spinner.shown
    spinner.stop()  # stopping twice writes nothing more
    assert written[-1] == "\r\x1b[K" and written.count("\r\x1b[K") == 1


def test_nothing_is_written_when_stderr_is_not_a_terminal():
    written: list[str] = []
    with Spinner("x", stream=io.StringIO(), delay=0, interval=0.01, write=written.append):
        threading.Event().wait(0.05)
    assert written == []


def test_a_run_shorter_than_the_delay_shows_nothing():
    written: list[str] = []
    with Spinner("x", stream=Terminal(), delay=60, write=written.append) as spinner:
        pass
    assert written == [] and not spinner.shown


def test_a_kept_value_lives_to_the_exit_only_under_the_console_script(monkeypatch) -> None:
    # the console script ends with os._exit, so what it keeps is never freed piece by piece;
    # in-process (tests, embedding) nothing is kept and a run's data is freed as usual
    class Data:
        pass

    monkeypatch.setattr(common, "KEPT", None)
    value = Data()
    ref = weakref.ref(value)
    common.keep(value)
    del value
    assert ref() is None
    monkeypatch.setattr(common, "KEPT", [])
    value = Data()
    ref = weakref.ref(value)
    common.keep(value)
    del value
    assert ref() is not None
