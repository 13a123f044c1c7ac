"""The console script: answers ``--version`` before importing click or anything else,
so a pre-commit hook or a CI probe asking for the version pays only for Python."""
from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from checker import __version__

        sys.stdout.write(f"safesec, version {__version__}\n")
        return
    from checker.cli import main as cli

    cli(prog_name="safesec")
