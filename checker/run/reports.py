"""A run's reports: every asked format rendered, its files written, its stdout format printed.

``report`` renders the formats of ``RunOptions.outputs`` and ``--format``, each with the
render keyword arguments its ``SPEC`` takes (``INPUTS``), writes each file atomically
while the next format renders, prints the standard-output format, and appends the
GitHub step summary under ``--format github``.

The formats of one run are independent of each other.  With ``check --jobs N``
(N >= 2) and two or more formats asked for, forked children render some of them
while this process renders the others; a child spools its texts to an unlinked
file and says so through a pipe.  Fork (Linux) shares the finished run with the
children without copying or pickling it.  Where fork is not available, and
whenever a child fails for any reason, the format is rendered here instead: the
same function renders the same run, so the bytes are the same either way.

Report files are written by background threads as soon as their format is
rendered, while the next one renders (writing and fsyncing several MB is mostly
waiting on the disk).  A reporter that can give its text in pieces (``chunks``: JUnit,
SARIF) is written piece by piece as it renders, so a report of 100,000 results is never
held whole in memory; under ``--jobs N`` the formats render whole, side by side.  A file that cannot be written does not stop the others;
every such failure is reported once all have been tried.
"""
from __future__ import annotations

import os
import pickle
import re
import sys
import tempfile
import threading
from typing import Any, Callable, Iterable, Iterator, Mapping

from checker import files
from checker.errors import CheckerError
from checker.memory import gc_paused
from checker.model import RunResult
from checker.reporters import get_reporter
from checker.reporters.base import show_bytes
from checker.reporters.github import step_summary
from checker.run.config import root_relative
from checker.run.options import RunOptions

# What the run's options give a reporter, by render keyword argument (``Spec.takes``).
INPUTS: dict[str, Callable[[RunOptions], Any]] = {
    "prefix": lambda opts: repo_prefix(opts.root),
    "strict": lambda opts: opts.junit_strict,
    "verbose": lambda opts: opts.verbose,
    "crosswalk": lambda opts: opts.crosswalk,
    "color": lambda opts: use_color(opts.color, sys.stdout),
    "quiet": lambda opts: opts.quiet,
}


def use_color(choice: str, stream: Any, env: Mapping[str, str] | None = None) -> bool:
    """Whether to colour ``stream``: ``always`` or ``never`` as asked; under ``auto`` a
    non-empty ``NO_COLOR`` turns colour off, else a non-empty ``FORCE_COLOR`` turns it on
    (CI logs), else colour when the stream is a terminal."""
    if choice in ("always", "never"):
        return choice == "always"
    env = os.environ if env is None else env
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


@gc_paused()  # reporters make strings and short-lived lists, not reference cycles
def report(result: RunResult, opts: RunOptions, echo: Callable[[str], object]) -> None:
    """Render every format ``opts`` asks for, write its files and ``echo`` the standard-output
    format; raise one error naming each file that could not be written.  A reader that
    leaves standard output early (``| head``) still gets every file, then the
    ``BrokenPipeError``; a failure while rendering waits for the files being written."""
    wanted = sorted(opts.outputs) + [opts.stdout_format]
    by_format: dict[str, list[str]] = {}  # format -> its files; a file named twice gets the last
    for file, name in {file: name for name, file in sorted(opts.outputs.items())}.items():
        by_format.setdefault(name, []).append(file)
    writes = Writes(files.write_atomic)
    gone: list[BrokenPipeError] = []
    for name in [n for n in sorted(by_format) if _streams(n, opts)]:
        wanted.remove(name)
        for file in by_format[name]:
            writes.add(file, _pieces(name, result, opts))

    def say(text: str) -> None:
        if not gone:
            try:
                echo(text)
            except BrokenPipeError as exc:
                gone.append(exc)

    def ready(name: str, text: str) -> None:  # written while the next format renders
        for file in by_format.get(name, ()):
            writes.add(file, text)
        if name == opts.stdout_format:
            say(text)

    def render(name: str) -> str:
        reporter = get_reporter(name)
        text = reporter.render(result, **{key: INPUTS[key](opts) for key in reporter.SPEC.takes})
        return readable_bytes(name, text)

    try:
        # a format asked for twice (file and stdout) is rendered once
        render_all(wanted, render, opts.jobs, ready)
    except BaseException:
        writes.wait()  # a report being written is finished, not cut off at exit
        raise
    writes.finish()
    if gone:
        raise gone[0]
    if opts.stdout_format == "github":
        _append_step_summary(result)


def _streams(name: str, opts: RunOptions) -> bool:
    """Whether format ``name`` is written piece by piece (files only, one process)."""
    return name != opts.stdout_format and opts.jobs < 2 and \
        hasattr(get_reporter(name), "chunks")


def _pieces(name: str, result: RunResult, opts: RunOptions) -> Iterator[str]:
    reporter: Any = get_reporter(name)
    kwargs = {key: INPUTS[key](opts) for key in reporter.SPEC.takes}
    for piece in reporter.chunks(result, **kwargs):
        yield readable_bytes(name, piece)


# A non-UTF-8 file name reaches the reports as lone surrogates (``\\udcff`` for the byte
# 0xff), which UTF-8 cannot encode and strict JSON parsers reject: they are shown as
# ``\\xff``, written as a JSON escape (``\\\\xff``) in the JSON formats.
_JSON_FORMATS = {"json", "sarif"}
_RAW_BYTE = re.compile("[\udc80-\udcff]")
_ESCAPED_BYTE = re.compile(r"(?<!\\)((?:\\\\)*)\\udc([89a-fA-F][0-9a-fA-F])")


def readable_bytes(name: str, text: str) -> str:
    """``text`` with every undecodable byte of a file name shown as ``\\xNN``."""
    if name in _JSON_FORMATS:
        if "\\udc" in text:  # a substring test first: the regex would scan every report
            text = _ESCAPED_BYTE.sub(lambda m: f"{m.group(1)}\\\\x{m.group(2).lower()}", text)
        if text.isascii():  # (known without a scan) no raw surrogate: JSON is written as ASCII
            return text
        return _RAW_BYTE.sub(lambda m: f"\\\\x{ord(m.group()) - 0xdc00:02x}", text)
    return show_bytes(text)


def repo_prefix(root: str) -> str:
    """PATH relative to the working directory (the repository root in CI), for SARIF and
    annotation paths; "" when PATH is the working directory or outside it."""
    rel = root_relative(root, os.getcwd())
    return "" if rel is None or rel == "." else rel


def _append_step_summary(result: RunResult) -> None:
    """Append the Markdown summary to ``$GITHUB_STEP_SUMMARY`` when GitHub provides one."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(show_bytes(step_summary(result)))


def render_all(names: Iterable[str], render_one: Callable[[str], str], jobs: int,
               ready: Callable[[str, str], None] | None = None) -> dict[str, str]:
    """``{name: render_one(name)}``, rendered by up to ``jobs`` processes.  ``ready(name,
    text)`` is called as each text is done (so it can be written meanwhile)."""
    names = list(dict.fromkeys(names))
    done = ready or _ignore
    if jobs < 2 or len(names) < 2 or not hasattr(os, "fork") or \
            not sys.platform.startswith("linux"):
        return {name: _one(name, render_one, done) for name in names}
    groups = [names[index::jobs] for index in range(min(jobs, len(names)))]
    children = [_fork(group, render_one) for group in groups[1:]]
    texts = {name: _one(name, render_one, done) for name in groups[0]}
    for group, child in zip(groups[1:], children):
        got = _collect(child)
        for name in group:
            if name in got:
                texts[name] = got[name]
                done(name, got[name])
            else:
                texts[name] = _one(name, render_one, done)
    return {name: texts[name] for name in names}


def _one(name: str, render_one: Callable[[str], str], ready: Callable[[str, str], None]) -> str:
    text = render_one(name)
    ready(name, text)
    return text


def _ignore(_name: str, _text: str) -> None:
    return None


def _fork(group: list[str], render_one: Callable[[str], str]) -> _Child | None:
    """Start a child rendering ``group``, or None if none can be started."""
    try:
        spool = tempfile.TemporaryFile()  # unlinked; shared with the child
        read, write = os.pipe()
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # the child: render, spool, signal, and leave without any exit handler
        done = b"0"
        try:
            os.close(read)
            pickle.dump({name: render_one(name) for name in group}, spool,
                        protocol=pickle.HIGHEST_PROTOCOL)
            spool.flush()
            done = b"1"
        finally:
            try:
                os.write(write, done)
            finally:
                os._exit(0)
    os.close(write)
    return _Child(pid, read, spool)


class _Child:
    """A rendering child.  It writes its texts to a spool file, not to a pipe this
    process would have to drain while it renders, then one byte to a pipe to say it is
    done; it is reaped on a thread once it exits (its exit unmaps a copy of this
    process's memory, which nobody needs to wait for)."""

    def __init__(self, pid: int, signal: int, spool: Any) -> None:
        self.pid, self.signal, self.spool = pid, signal, spool

    def result(self) -> dict[str, str]:
        """What the child rendered; {} if it failed (the caller renders those itself)."""
        try:
            with os.fdopen(self.signal, "rb") as signal:
                done = signal.read(1)  # b"" if the child died before saying anything
            threading.Thread(target=_reap, args=(self.pid,), daemon=True).start()
            if done != b"1":
                return {}
            self.spool.seek(0)
            got = pickle.load(self.spool)  # written by our own child just now
        except Exception:  # noqa: BLE001 - a broken spool: render here
            return {}
        finally:
            self.spool.close()
        return got if isinstance(got, dict) else {}


def _collect(child: _Child | None) -> dict[str, str]:
    return child.result() if child is not None else {}


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


class Writes:
    """Files written on background threads, each while the next format renders.  Two
    outputs to the same path are written in the order given (the last one stays)."""

    def __init__(self, write: Callable[[str, Any], None]) -> None:
        self._write = write
        self._threads: dict[str, threading.Thread] = {}
        self._failures: list[str] = []
        self._crash: BaseException | None = None

    def add(self, path: str, text: str | Iterator[str]) -> None:
        earlier = self._threads.pop(path, None)
        if earlier is not None:
            earlier.join()
        thread = threading.Thread(target=self._run, args=(path, text), daemon=True)
        thread.start()
        self._threads[path] = thread

    def wait(self) -> None:
        """Wait for every write started so far."""
        for thread in self._threads.values():
            thread.join()
        self._threads.clear()

    def finish(self) -> None:
        """Wait for every write; raise one error naming each file that failed."""
        self.wait()
        if self._crash is not None:
            raise self._crash
        if self._failures:
            raise CheckerError("; ".join(sorted(self._failures)))

    def _run(self, path: str, text: str | Iterator[str]) -> None:
        try:
            self._write(path, text)
        except OSError as exc:
            self._failures.append(f"cannot write {path}: {exc.strerror or exc}")
        except BaseException as exc:  # noqa: BLE001 - raised again by finish()
            self._crash = self._crash or exc
