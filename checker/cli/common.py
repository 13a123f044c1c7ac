"""What every command shares: the exit-code epilog, the one place exceptions become
exit codes and one-line messages, and the progress indicator of a long run."""
from __future__ import annotations

import os
import sys
import threading
import time
from types import TracebackType
from typing import Any, Callable

import click

from checker.errors import CheckerError
from checker.reporters.base import one_line

STDOUT = "-"  # a report "file" that means standard output
EXIT_HELP = ("Exit codes: 0 nothing at or above the --fail-on gate; 1 findings at or above it; "
             "2 usage, config or policy error, or an unreadable artifact; 3 internal error.")


# What a command keeps until the process ends, set to a list by the console script
# (checker.__main__), which ends with ``os._exit``: a run's results and data are then never
# freed object by object (about 30 ms for 400 systems).  None in-process (tests): freed as usual.
KEPT: list[Any] | None = None


def keep(value: Any) -> None:
    """Keep ``value`` alive until ``os._exit`` when the console script runs (see KEPT)."""
    if KEPT is not None:
        KEPT.append(value)


def guarded(ctx: click.Context, action: Callable[[], int]) -> None:
    """Run ``action`` and exit with its code; a ``CheckerError`` is exit 2 with one line, an
    interrupt 130, anything else exit 3 (with the traceback under ``--debug``)."""
    try:
        code = action()
    except CheckerError as exc:
        say_error(str(exc))
        sys.exit(2)
    except (KeyboardInterrupt, BrokenPipeError):
        sys.exit(130)
    except Exception as exc:  # pragma: no cover - the safety net
        if ctx.obj and ctx.obj.get("debug"):
            raise
        click.echo(f"safesec: internal error: {type(exc).__name__}: {one_line(exc)} "
                   "(rerun with --debug for the traceback, and please report it)", err=True)
        sys.exit(3)
    sys.exit(code)


def say_error(text: str) -> None:
    """One ``safesec: error:`` line on stderr, which the CI runner parses too: the text goes
    through the console's sanitiser (no newline, no control, no workflow command)."""
    click.echo(f"safesec: error: {one_line(text)}", err=True)


class Spinner:
    """``label |  3 s`` on stderr while a run takes longer than ``delay`` seconds, and only
    when stderr is a terminal; the line is cleared when it stops (before the report is
    printed).  It writes to the file descriptor itself, never holding a lock of Python's
    stream objects that a forked ``--jobs`` worker could inherit."""

    FRAMES = "|/-\\"

    def __init__(self, label: str, stream: Any = None, delay: float = 1.0,
                 interval: float = 0.25, write: Callable[[str], object] | None = None) -> None:
        self.stream = sys.stderr if stream is None else stream
        self.label, self.delay, self.interval = label, delay, interval
        self._write = write or self._to_fd
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self.shown = False

    def _to_fd(self, text: str) -> None:
        try:
            os.write(self.stream.fileno(), text.encode("utf-8", "replace"))
        except (OSError, ValueError, AttributeError):
            self._done.set()  # stderr went away: stop showing progress

    def _is_terminal(self) -> bool:
        isatty = getattr(self.stream, "isatty", None)
        try:
            return bool(isatty and isatty())
        except ValueError:  # a closed stream
            return False

    def __enter__(self) -> Spinner:
        if self._is_terminal():
            self._thread = threading.Thread(target=self._spin, name="safesec-progress",
                                            daemon=True)
            self._thread.start()
        return self

    def _spin(self) -> None:
        if self._done.wait(self.delay):
            return
        start, frame = time.monotonic() - self.delay, 0
        while not self._done.is_set():
            elapsed = time.monotonic() - start
            self._write(f"\r{self.label} {self.FRAMES[frame % len(self.FRAMES)]} "
                        f"{elapsed:.0f} s")
            self.shown = True
            frame += 1
            self._done.wait(self.interval)

    def stop(self) -> None:
        """Stop and clear the line (idempotent)."""
        self._done.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
            if self.shown:
                self._write("\r\x1b[K")

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
