"""``check`` with git: ``--rev``, ``--changed-since``, ``--files``, ``--waivers-from``.

Changed files decide which rules are evaluated and reported; the systems they
belong to are loaded whole (cross-artifact rules see everything of a system,
checker.run.parallel), other systems are not read.  Git is opened only
when one of these options asks for it, or lazily when a history rule runs.
"""
from __future__ import annotations

import os
from dataclasses import replace
from typing import Any

from checker.run.config import CONFIG_NAME, ProjectConfig, load_config
from checker.errors import UsageError
from checker.git.repo import GitRepo, open_repo
from checker.git.history import history_loader
from checker.run.sources import RevSource
from checker.model import RunResult
from checker.run.options import RunOptions


def run_with_git(opts: RunOptions, **extra: Any) -> RunResult:
    from checker.run.runner import project_config, run

    only = files_under_root(opts)
    if not (opts.rev or opts.changed_since or opts.waivers_from):
        if opts.jobs > 1 and not extra and only is None:
            # (with --files, only the named files' systems are read, in one process:
            # a share of every system would read them all)
            from checker.run.parallel import run_parallel

            return run_parallel(opts, opts.jobs)
        return run(opts, history=history_loader(opts.root), only_paths=only, **extra)
    repo = open_repo(opts.root)
    source = RevSource(repo, opts.rev, opts.root) if opts.rev else None
    config = config_at(repo, opts, opts.rev) if opts.rev and not opts.config \
        else project_config(opts)
    if opts.waivers_from:
        config = replace(config, waivers=config_at(repo, opts, opts.waivers_from).waivers)
    if opts.changed_since:
        changed = repo.changed_files(opts.changed_since, opts.rev)
        only = changed if only is None else only | changed
    return run(opts, source=source, config=config, only_paths=only,
               history=history_loader(opts.root, opts.rev, repo), **extra)


def files_under_root(opts: RunOptions) -> set[str] | None:
    """``--files`` (relative to the current folder, as pre-commit passes them) made
    relative to the checked root."""
    if opts.files is None:
        return None
    root = os.path.abspath(opts.root)
    return {os.path.relpath(os.path.abspath(f), root).replace(os.sep, "/") for f in opts.files}


def config_name(opts: RunOptions) -> str:
    if not opts.config:
        return CONFIG_NAME
    rel = os.path.relpath(os.path.abspath(opts.config), os.path.abspath(opts.root))
    if rel.startswith(".."):
        raise UsageError(f"--config {opts.config} is outside {opts.root}, so it cannot be read "
                         "from a git revision")
    return rel.replace(os.sep, "/")


def config_at(repo: GitRepo, opts: RunOptions, rev: str) -> ProjectConfig:
    """The project config as committed at ``rev`` (none there: the defaults, no waivers)."""
    name = config_name(opts)
    entry = repo.list_tree(rev).get(name)
    if entry is None:
        return ProjectConfig()
    return load_config(None, raw=repo.read_object(entry.blob), display=f"{rev}:{name}")
