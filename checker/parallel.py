"""Loading only some systems (``--files``) and evaluating systems in worker processes
(``check --jobs N``).

Every model card is loaded first: the cards define the systems and which file
belongs to which (discover.assign_systems).  Then only the files of the chosen
systems and the repository-wide files are read.  Evaluation is per system (a
rule sees its system's artifacts and the shared ones, never another system's),
so the results for the chosen systems are exactly those of a whole-tree run.

For ``--jobs N`` the parent first does what every share needs (the packs, the
file list, every model card), then starts N - 1 workers and evaluates the
first share itself.  Workers started by fork inherit that work; they get only
the run's options as arguments (artifacts hold closures and compiled checks,
which do not pickle), load and evaluate one contiguous share of the sorted
systems, and send back plain data: Results, and their artifacts without their
parsed data.  The parent merges in system order, so the output is
byte-identical to ``--jobs 1``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any, Callable

from checker.config import ProjectConfig
from checker.discover import assign_systems, classify
from checker.model import RESULT_ORDER, Artifact, LoadFailure, RunResult
from checker.options import RunOptions
from checker.source import Source

Pick = Callable[[tuple, dict], tuple]  # (all systems, path -> system) -> systems to load


@dataclass(frozen=True)
class Tree:
    """What every share needs and none changes: the files, their kinds, every model
    card loaded, and the system each other file belongs to."""

    files: tuple
    pairs: list  # (path, kind) of every artifact file, in discovery order
    cards: dict  # path -> the loaded items of every model card
    where: dict  # path -> system of every other artifact file
    systems: tuple


def scan(source: Source, config: ProjectConfig, load_one: Any) -> Tree:
    files = tuple(source.list_files())
    pairs = classify(files, config.artifacts, config.exclude)
    loaded = {path: load_one(source, config, path, kind)
              for path, kind in pairs if kind == "model_card"}
    cards = [item for found in loaded.values() for item in found]
    marks = [LoadFailure(path=path, kind=kind, line=1, message="")
             for path, kind in pairs if kind != "model_card"]
    placed, systems = assign_systems(cards + marks)
    where = {mark.path: mark.system for mark in placed[len(cards):]}
    return Tree(files, pairs, loaded, where, systems)


def load_systems(source: Source, config: ProjectConfig, pick: Pick, tree: Tree | None = None
                 ) -> tuple[list, tuple, tuple, tuple]:
    """(items, every system, the picked systems, every file), reading only the model
    cards (unless ``tree`` has them), the picked systems' files and the repository-wide
    ones."""
    from checker.gcpause import gc_paused
    from checker.runner import load_one

    with gc_paused(freeze=True):
        tree = tree or scan(source, config, load_one)
        picked = tuple(pick(tree.systems, tree.where))
        wanted = set(picked) | {"*"}
        loaded = dict(tree.cards)
        for path, kind in tree.pairs:
            if kind != "model_card" and tree.where[path] in wanted:
                loaded[path] = load_one(source, config, path, kind)
        items = [item for path, _kind in tree.pairs for item in loaded.get(path, ())]
        items, _systems = assign_systems(items)  # in discovery order, as a whole-tree load
    return items, tree.systems, picked, tree.files


def systems_of(paths: set[str]) -> Pick:
    """Pick the systems these paths belong to (all of them when one is repository-wide)."""
    def pick(systems: tuple, where: dict) -> tuple:
        mine = {where[p] for p in paths if p in where}
        return systems if "*" in mine else tuple(s for s in systems if s in mine)
    return pick


def share(index: int, jobs: int) -> Pick:
    """Pick the ``index``-th of ``jobs`` contiguous shares of the sorted systems."""
    def pick(systems: tuple, _where: dict) -> tuple:
        size, extra = divmod(len(systems), jobs)
        start = index * size + min(index, extra)
        return systems[start:start + size + (1 if index < extra else 0)]
    return pick


@dataclass(frozen=True)
class Prepared:
    """A ``--jobs`` run's shared work, done once by the parent before workers start."""

    opts: RunOptions
    config: ProjectConfig
    rules: list
    settings: dict
    tree: Tree


# The parent's Prepared while its pool runs: a worker started by fork (Linux) finds it
# here and does not load the packs and model cards again; a spawned one prepares its own.
_INHERITED: dict[str, Prepared] = {}


def prepare(opts: RunOptions) -> Prepared:
    from checker.policy.loader import load_packs
    from checker.gcpause import gc_paused
    from checker.runner import load_one, project_config, resolve_policies, select_rules
    from checker.source import FsSource

    config = project_config(opts)
    rules, pack_settings = load_packs(resolve_policies(opts.policies, config))
    rules = select_rules(rules, config)
    with gc_paused(freeze=True):
        tree = scan(FsSource(opts.root), config, load_one)
    return Prepared(opts, config, rules, {**pack_settings, **config.settings}, tree)


def run_parallel(opts: RunOptions, jobs: int, only_paths: set | None) -> RunResult:
    """``runner.run`` with the systems split into ``jobs`` shares: ``jobs - 1`` worker
    processes take shares 1.., this process takes share 0 meanwhile (it would only
    wait otherwise, and its own artifacts need no pickling)."""
    from concurrent.futures import ProcessPoolExecutor

    from checker.runner import run_result

    prepared = _INHERITED["run"] = prepare(opts)
    try:
        with ProcessPoolExecutor(max_workers=jobs - 1, mp_context=_fork()) as pool:
            futures = [pool.submit(_work, opts, index, jobs, only_paths)
                       for index in range(1, jobs)]
            parts = [_share(prepared, 0, jobs, only_paths)]
            parts += [future.result() for future in futures]
    finally:
        _INHERITED.clear()
    items = [item for part in parts for item in part[0]]
    results = sorted((r for part in parts for r in part[1]), key=RESULT_ORDER)
    config = prepared.config
    as_of = opts.as_of or config.as_of or dt.date.today()
    return run_result(opts, config, prepared.rules, sorted(items, key=_path),
                      prepared.tree.systems, results, as_of)


def _fork() -> Any:
    """The fork start method where it is safe and the default (Linux), so that workers
    inherit the prepared run; None (the platform's default) elsewhere."""
    import multiprocessing
    import sys

    return multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None


def _path(item: Any) -> str:
    return item.path


def _share(prepared: Prepared, index: int, jobs: int, only_paths: set | None
           ) -> tuple[list, list]:
    """Load and evaluate one share of the systems: (the share's artifacts (share 0
    also owns the repository-wide ones), its results)."""
    from checker.engine import evaluate
    from checker.gitviews import history_loader
    from checker.source import FsSource

    opts, config = prepared.opts, prepared.config
    items, systems, mine, files = load_systems(FsSource(opts.root), config, share(index, jobs),
                                               prepared.tree)
    as_of = opts.as_of or config.as_of or dt.date.today()
    results = evaluate(prepared.rules, items, mine, settings=prepared.settings,
                       waivers=config.waivers, as_of=as_of, files=files, root=opts.root,
                       history=history_loader(opts.root), only_paths=only_paths,
                       all_systems=systems)
    owned = set(mine) | ({"*"} if index == 0 else set())
    return [i for i in items if i.system in owned], results


def _work(opts: RunOptions, index: int, jobs: int, only_paths: set | None) -> tuple[list, list]:
    """One worker process: its share's results and artifacts, made small to send."""
    prepared = _INHERITED.get("run")
    if prepared is None or prepared.opts != opts:
        prepared = prepare(opts)
    items, results = _share(prepared, index, jobs, only_paths)
    shown = [r for r in results if r.status.value in ("fail", "error", "waived")]
    cited = {f for r in shown for f, _line, _message in r.findings} | {r.file for r in shown}
    return [_bare(i, i.path in cited) for i in items], results


def _no_line(_path: tuple) -> int:
    return 1


def _bare(item: Artifact | LoadFailure, cited: bool) -> Artifact | LoadFailure:
    """What a report needs of an artifact, picklable and small: path, kind, format,
    system, and the text only of files a finding points into (SARIF measures its lines)."""
    if isinstance(item, LoadFailure):
        return item
    return replace(item, data=None, raw=None, text=item.text if cited else "",
                   locate=_no_line)
