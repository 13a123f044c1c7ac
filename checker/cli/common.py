"""What every command shares: the exit-code epilog and the one place exceptions become
exit codes and one-line messages."""
from __future__ import annotations

import sys
from typing import Callable

import click

from checker.errors import CheckerError
from checker.reporters.base import one_line

EXIT_HELP = ("Exit codes: 0 nothing at or above the --fail-on gate; 1 findings at or above it; "
             "2 usage, config or policy error, or an unreadable artifact; 3 internal error.")


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
