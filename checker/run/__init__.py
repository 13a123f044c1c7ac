"""One ``check`` run: RunOptions in, RunResult out.

:func:`check` is the front door.  It decides where the files come from (the work tree,
or a git revision with ``--rev``), which config applies (the work tree's, or the one
committed at ``--rev``; ``--config-from`` reads the gate from another revision and
reports how the change weakened it: checker.run.gate), which
files changed (``--files``, ``--changed-since``), and whether the systems are evaluated in
this process or shared among ``--jobs`` processes (checker.run.parallel).  Both ways
start from the same :class:`~checker.run.setup.Setup`.

Changed files decide which rules are evaluated and reported; the systems they belong
to are loaded whole (a cross-artifact rule sees everything of its system), other
systems are not read.  Git is opened only when an option asks for it, or lazily when a
history rule runs.
"""
from __future__ import annotations

import os
from typing import Any, Callable

from checker.engine import watches_any
from checker.git.history import history_loader
from checker.git.repo import open_repo
from checker.model import RunResult
from checker.policy.installed import is_installed_pack
from checker.policy.loader import BUILTIN_PACK
from checker.run.config import (CONFIG_NAME, config_at, default_config_name, project_config,
                                 root_relative)
from checker.run.evidence import whole_files
from checker.run.gate import prepare_from, with_gate_result
from checker.run.load import load_items, load_systems, lost, lost_inputs, systems_of
from checker.run.options import RunOptions
from checker.run.parallel import run_parallel
from checker.run.setup import Setup, prepare
from checker.run.sources import FsSource, RevSource, Source

__all__ = ["RunOptions", "RunResult", "Setup", "check", "prepare", "run_serial"]


def check(opts: RunOptions) -> RunResult:
    """Run ``safesec check`` as ``opts`` ask."""
    only = files_under_root(opts)
    if not (opts.rev or opts.changed_since or opts.base_ref):
        if opts.jobs > 1 and only is None:
            # with --files only the named files' systems are read, in one process:
            # a share of every system would read them all
            return run_parallel(opts, opts.jobs)
        return run_serial(prepare(opts), only_paths=only,
                          history=history_loader(opts.root, files=frozenset(only or ())))
    repo = open_repo(opts.root)
    source = RevSource(repo, opts.rev, opts.root) if opts.rev else None
    config = config_at(repo, opts, opts.rev) if opts.rev and not opts.config \
        else project_config(opts)
    if opts.changed_since:
        changed = repo.changed_files(opts.changed_since, opts.rev)
        only = changed if only is None else only | changed
    if opts.base_ref is None:
        # --rev: the config and the repository packs as committed at that revision
        setup = prepare_from(opts, repo, opts.rev) if opts.rev and not opts.config \
            else prepare(opts, config)
        return run_serial(setup, source=source, only_paths=only,
                          history=history_loader(opts.root, opts.rev, repo))
    setup = prepare_from(opts, repo, opts.base_ref)
    run = run_serial(setup, source=source, only_paths=only,
                     history=history_loader(opts.root, opts.rev, repo))
    return with_gate_result(run, config, setup, opts.base_ref, opts, repo)


def run_serial(setup: Setup, *, source: Source | None = None,
               history: Callable[[], Any] | None = None, only_paths: set[str] | None = None,
               cache: Any = None) -> RunResult:
    """Discover, load and evaluate in this process.  With ``only_paths``, only the rules
    reading those files are evaluated, and only the systems they belong to are read
    (unless a rule watches one of them, e.g. a freshness rule, or ``cache`` is shared
    between runs of an audit)."""
    opts, config = setup.opts, setup.config
    source = source or FsSource(opts.root)
    if only_paths is not None and cache is None and touches_gate(setup, only_paths):
        only_paths = None  # the config or a pack changed: any rule may, on any file
    gone: frozenset[tuple[str, str]] = frozenset()
    deleted: list[tuple[str, str]] = []
    if only_paths is not None and cache is None \
            and not watches_any(setup.rules, only_paths, setup.settings):
        items, systems, evaluated, files = load_systems(source, config, systems_of(only_paths))
        deleted = lost(files, config, only_paths)
        if deleted:  # a deleted artifact belongs to no system by its path: read the tree
            items, systems, files = load_items(source, config)
            evaluated = systems
    else:
        items, systems, files = load_items(source, config)
        evaluated = systems
        if only_paths is not None:
            deleted = lost(files, config, only_paths)
    if deleted:
        gone = lost_inputs(deleted, items)
        evaluated = tuple(s for s in systems if s in evaluated
                          or any(where in (s, "*") for where, _kind in gone))
    results = setup.evaluate(items, evaluated, files, history=history, only_paths=only_paths,
                             read=whole_files(source.read, config.max_file_bytes),
                             cache=cache, all_systems=systems, gone=gone)
    return setup.result(items, systems, results, partial=only_paths is not None)


def touches_gate(setup: Setup, paths: set[str]) -> bool:
    """Some of ``paths`` is the project config or lies in a pack the run uses."""
    gate = {CONFIG_NAME, default_config_name(setup.opts.root) or CONFIG_NAME}
    for where in (setup.opts.config, *setup.opts.policies, *setup.config.packs):
        if where and where not in ("builtin", BUILTIN_PACK) and not is_installed_pack(where):
            rel = root_relative(where, setup.opts.root)
            if rel is not None:
                gate.add(rel)
    return any(p == g or p.startswith(g + "/") for p in paths for g in gate)


def files_under_root(opts: RunOptions) -> set[str] | None:
    """``--files`` (relative to the current folder, as pre-commit passes them) made
    relative to the checked root."""
    if opts.files is None:
        return None
    root = os.path.abspath(opts.root)
    return {os.path.relpath(os.path.abspath(f), root).replace(os.sep, "/") for f in opts.files}
