"""What the commands that work on "the project" share: finding its root from the current
folder (``check``, ``rules``, ``explain``, ``policy docs``, ``init``) and the baseline
options of ``check``."""
from __future__ import annotations

import os
from typing import Any, Callable

import click

from checker.run.root import find_root


def project_root(start: str = ".") -> str:
    """The project root around ``start``; a note on stderr says so when it is not ``start``
    (a run from a subfolder checks the whole project)."""
    root = find_root(start)
    if os.path.realpath(root.path) != os.path.realpath(start):
        click.echo(f"safesec: using the project at {root.path} ({root.why})", err=True)
    return root.path


def baseline_options(func: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--baseline", type=click.Path(dir_okay=False), metavar="FILE",
                     help="Report only failures not recorded in FILE (written by "
                          "--write-baseline); recorded ones are shown as baselined and do "
                          "not fail the run. Under --config-from, FILE is read from that "
                          "revision. FILE is never written."),
        click.option("--write-baseline", type=click.Path(dir_okay=False), metavar="FILE",
                     help="Record the run's failures in FILE (by rule, system, file and "
                          "finding, not by line), to adopt safesec on a repository with many "
                          "failures; needs a whole-tree run."),
    ]
    for option in reversed(options):
        func = option(func)
    return func
