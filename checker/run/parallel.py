"""Evaluating systems in worker processes (``check --jobs N``).

The parent does what every share needs once (the project configuration, the
packs, the file list), then starts N - 1 workers and takes share 0 itself.
Each process reads the model cards of its own share of the systems
(load.likely_cards) and sends the parent their summaries: the folder and the
links of each card, plain data (discover.card_summary).  The parent sends every
summary back to every worker, so each process knows which system every file
belongs to; it reads its share's files and evaluates its systems
(load.load_systems).  Workers send back their results and their artifacts without
their parsed data.  The parent merges in system order, so the output is
byte-identical to ``--jobs 1``.

On Linux workers are forked and inherit the parent's preparation; elsewhere a
spawned worker prepares its own from the run's options (the same packs, the same
file list).
"""
from __future__ import annotations

import contextlib
import pickle
import sys
import traceback
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from checker.git.history import history_loader
from checker.memory import gc_paused
from checker.model import RESULT_ORDER, Artifact, LoadFailure, Result, RunResult
from checker.model import Path as DataPath
from checker.run.discover import Item, Summary
from checker.run.evidence import whole_files
from checker.run.load import (Cards, Pairs, likely_cards, listing, load_systems, plan, read,
                              share, summaries)
from checker.run.options import RunOptions
from checker.run.setup import Setup, prepare
from checker.run.sources import FsSource

if TYPE_CHECKING:
    from multiprocessing.connection import Connection


@dataclass(frozen=True)
class Prepared:
    """A ``--jobs`` run's shared work, done once by the parent before workers start."""

    setup: Setup
    files: tuple[str, ...]
    pairs: Pairs


# The parent's Prepared while it starts workers: a worker started by fork (Linux)
# finds it here and does not load the packs and list the files again.
_INHERITED: dict[str, Prepared] = {}


def _prepare(opts: RunOptions) -> Prepared:
    setup = prepare(opts)
    return Prepared(setup, *listing(FsSource(opts.root), setup.config))


def run_parallel(opts: RunOptions, jobs: int, method: str | None = None) -> RunResult:
    """A whole-tree run with the systems split into ``jobs`` shares: ``jobs - 1`` worker
    processes take shares 1.., this process takes share 0 meanwhile (it would only
    wait otherwise, and its own artifacts need no pickling).  ``method`` is the
    multiprocessing start method (default: fork on Linux, the platform's elsewhere)."""
    prepared = _INHERITED["run"] = _prepare(opts)
    workers: list[_Worker] = []
    try:
        for index in range(1, jobs):
            workers.append(_Worker(opts, index, jobs, method))
        _INHERITED.clear()
        cards = _read_cards(prepared, 0, jobs)
        table = summaries(cards)
        for worker in workers:
            table.update(worker.receive())
        for worker in workers:
            worker.send(table)
        items, results, systems = _share(prepared, cards, table, 0, jobs)
        parts = [(items, results)]
        with gc_paused(freeze=True):  # the workers' results make no cycles and live to the end
            for worker in workers:
                parts.append(worker.receive())
            items = [item for part in parts for item in part[0]]
            results = sorted((r for part in parts for r in part[1]), key=RESULT_ORDER)
    except BaseException:
        for worker in workers:
            worker.stop()
        raise
    finally:
        _INHERITED.clear()
    for worker in workers:
        worker.close()
    return prepared.setup.result(items, systems, results)


class _Worker:
    """One worker process and the pipe the parent talks to it through."""

    def __init__(self, opts: RunOptions, index: int, jobs: int, method: str | None) -> None:
        import multiprocessing.connection  # noqa: PLC0415 - measured import cost, --jobs only

        # Any: typeshed's BaseContext (what get_context(str | None) returns) lacks Process
        context: Any = multiprocessing.get_context(method or _default_method())
        self._wait = multiprocessing.connection.wait
        self.index = index
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_main, args=(child, opts, index, jobs),
                                       name=f"safesec-job-{index}", daemon=True)
        self.process.start()
        child.close()  # so that the parent sees EOF if the worker dies

    def send(self, message: Any) -> None:
        self.conn.send(message)

    def receive(self) -> Any:
        """The worker's next message; its exception re-raised here if it failed."""
        self._wait([self.conn, self.process.sentinel])
        try:
            tag, payload = self.conn.recv()
        except EOFError:
            self.process.join()
            raise RuntimeError(f"--jobs worker {self.index} exited with code "
                               f"{self.process.exitcode} before it finished") from None
        if tag == "error":
            exc, detail = payload
            raise exc from _WorkerTraceback(detail)
        return payload

    def close(self) -> None:
        """After the last message: the worker is exiting.  Nothing needs to wait for its
        exit (unmapping its memory); it is reaped if it has already exited, else by
        multiprocessing later (or by init once safesec exits)."""
        self.conn.close()
        self.process.join(timeout=0)

    def stop(self) -> None:
        """The run failed: a worker still working is of no use."""
        self.conn.close()
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()


class _WorkerTraceback(Exception):
    """Where a worker's exception was raised (its traceback, as text)."""

    def __str__(self) -> str:
        return f"\n{self.args[0]}"


def _default_method() -> str | None:
    """Fork where it is safe and the default (Linux), so that workers inherit the
    prepared run; the platform's default (None) elsewhere."""
    return "fork" if sys.platform.startswith("linux") else None


def _main(conn: Connection, opts: RunOptions, index: int, jobs: int) -> None:
    """A worker: read its share's cards, trade summaries, then load and evaluate its share."""
    try:
        prepared = _INHERITED.get("run")
        if prepared is None or prepared.setup.opts != opts:
            prepared = _prepare(opts)
        _INHERITED.clear()
        cards = _read_cards(prepared, index, jobs)
        conn.send(("cards", summaries(cards)))
        table = conn.recv()
        items, results, _systems = _share(prepared, cards, table, index, jobs)
        conn.send(("done", _portable_share(items, results)))
    except BaseException as exc:  # noqa: BLE001 - every failure goes to the parent
        with contextlib.suppress(OSError):  # unless the parent has gone: nobody to tell
            conn.send(("error", _portable(exc)))
    finally:
        conn.close()


def _portable(exc: BaseException) -> tuple[BaseException, str]:
    """The exception and its traceback text, as something that pickles."""
    detail = "".join(traceback.format_exception(exc))
    try:
        pickle.dumps(exc)
    except Exception:  # noqa: BLE001 - an exception that does not pickle
        exc = RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc, detail


def _read_cards(prepared: Prepared, index: int, jobs: int) -> Cards:
    with gc_paused(freeze=True):
        return read(FsSource(prepared.setup.opts.root), prepared.setup.config, prepared.pairs,
                    likely_cards(prepared.pairs, index, jobs))


def _share(prepared: Prepared, cards: Cards, table: dict[str, Summary], index: int, jobs: int
           ) -> tuple[list[Item], list[Result], tuple[str, ...]]:
    """Load and evaluate one share of the systems: (the share's artifacts (share 0
    also owns the repository-wide ones), its results, every system)."""
    setup = prepared.setup
    root = setup.opts.root
    tree = plan(prepared.files, prepared.pairs, cards, table)
    source = FsSource(root)
    items, systems, mine, files = load_systems(source, setup.config, share(index, jobs), tree)
    results = setup.evaluate(items, mine, files, history=history_loader(root),
                             read=whole_files(source.read, setup.config.max_file_bytes),
                             all_systems=systems)
    owned = set(mine) | ({"*"} if index == 0 else set())
    return [i for i in items if i.system in owned], results, systems


def _portable_share(items: list[Item], results: list[Result]) -> tuple[list[Item], list[Result]]:
    """A worker's share as it travels to the parent: its results as they are, and its
    artifacts bare (closures and compiled checks do not pickle)."""
    shown = [r for r in results if r.status.value in ("fail", "error", "waived")]
    cited = {f for r in shown for f, _line, _message in r.findings} | {r.file for r in shown}
    if any(not (r.file or r.artifact) for r in shown):  # SARIF anchors these at the model card
        cited |= {i.path for i in items if getattr(i, "kind", "") == "model_card"}
    return [_bare(i, i.path in cited) for i in items], results


def _no_line(_path: DataPath) -> int:
    return 1


def _bare(item: Item, cited: bool) -> Item:
    """What a report needs of an artifact, picklable and small: path, kind, format,
    system, and the text only of files a finding points into (SARIF measures its lines)."""
    if not isinstance(item, Artifact):  # a LoadFailure or a Skipped file: small already
        return item
    # a model card keeps its front matter: the crosswalk view reads its declared risk tier
    front = item.data.get("front_matter") if item.kind == "model_card" and \
        isinstance(item.data, dict) else None
    return replace(item, data={"front_matter": front} if front is not None else None, raw=None,
                   text=item.text if cited else "", locate=_no_line)
