"""The console script (``safesec``) and ``python -m checker``.

It answers ``--version`` before importing click or anything else, so a pre-commit
hook or a CI probe asking for the version pays only for Python.  A command ends
with ``os._exit`` once standard output and standard error are flushed: a large
check holds many small objects, which the interpreter would otherwise free one
by one at exit only to throw them away (docs/performance.md); ``check`` keeps its
run's results alive to that point (``cli.common.keep``).  By then every
report is written and every worker joined; ``main`` of ``checker.cli`` itself
(what tests call in-process) exits normally.
"""
from __future__ import annotations

import gc
import os
import sys

from checker import __version__


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        sys.stdout.write(f"safesec, version {__version__}\n")
        return
    # click and the whole pipeline load only past --version: a version probe pays for Python alone.
    # The modules live until the process ends: no collection walks them while they load or after.
    gc.disable()
    from checker.cli import common, main as cli  # deferred past --version (see above)
    gc.freeze()
    gc.enable()
    common.KEPT = []  # a run's data lives until os._exit below: nothing frees it piece by piece

    try:
        cli(prog_name="safesec")
    except SystemExit as exc:
        leave(exc.code)


def leave(code: object) -> None:
    """Exit with ``code`` as ``sys.exit`` would, without tearing the interpreter down."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"): the message goes to standard error, status 1
        print(code, file=sys.stderr)
        status = 1
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader has gone (safesec check | head)
        status = status or 130
    try:
        sys.stderr.flush()
    except OSError:
        pass
    os._exit(status)


if __name__ == "__main__":
    main()
