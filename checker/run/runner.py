"""discover -> load -> evaluate: build a RunResult from RunOptions."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from typing import Any

from checker import __version__
from checker.run.config import CONFIG_NAME, ProjectConfig, load_config
from checker.engine import evaluate, watches_any
from checker.errors import UsageError
from checker.model import LoadFailure, RunResult, Severity
from checker.run.options import RunOptions
from checker.run.load import load_items, load_systems, systems_of
from checker.policy.loader import BUILTIN_PACK, builtin_dir, load_packs
from checker.run.sources import FsSource, Source


def resolve_policies(requested: tuple, config: ProjectConfig) -> list:
    if requested:
        return [builtin_dir() if p in ("builtin", BUILTIN_PACK) else p for p in requested]
    return ([builtin_dir()] if config.builtin else []) + list(config.packs)


def project_config(opts: RunOptions) -> ProjectConfig:
    if opts.config:
        return load_config(opts.config)
    default = os.path.join(opts.root, CONFIG_NAME)
    if not os.path.isfile(default):
        return ProjectConfig()
    return load_config(default, display=CONFIG_NAME, root=opts.root)


def select_rules(rules: list, config: ProjectConfig) -> list:
    known = {r.id for r in rules}
    for rule_id in (*config.disable, *config.only, *config.severity):
        if rule_id not in known:
            raise UsageError(f"rules: unknown rule id {rule_id!r} in {config.path}",
                             file=config.path, line=config.rule_lines.get(rule_id))
    chosen = [r for r in rules if r.id not in config.disable
              and (not config.only or r.id in config.only)]
    return [replace(r, severity=config.severity[r.id]) if r.id in config.severity else r
            for r in chosen]


def run(opts: RunOptions, *, source: Source | None = None, config: ProjectConfig | None = None,
        history: Any = None, only_paths: set | None = None, cache: Any = None) -> RunResult:
    config = config or project_config(opts)
    rules, pack_settings = load_packs(resolve_policies(opts.policies, config))
    rules = select_rules(rules, config)
    settings = {**pack_settings, **config.settings}
    source = source or FsSource(opts.root)
    if only_paths is None and opts.files is not None:
        only_paths = set(opts.files)
    if only_paths is not None and cache is None and not watches_any(rules, only_paths, settings):
        # only the systems of the changed files are evaluated: read only those
        items, systems, evaluated, files = load_systems(source, config, systems_of(only_paths))
    else:
        items, systems, files = load_items(source, config)
        evaluated = systems
    as_of = opts.as_of or config.as_of or dt.date.today()
    results = evaluate(rules, items, evaluated, settings=settings, waivers=config.waivers,
                       as_of=as_of, files=files, root=opts.root, history=history,
                       only_paths=only_paths, cache=cache, all_systems=systems)
    return run_result(opts, config, rules, items, systems, results, as_of)


def run_result(opts: RunOptions, config: ProjectConfig, rules: list, items: list,
               systems: tuple, results: list, as_of: dt.date) -> RunResult:
    gate = fail_on(opts, config)
    errors = tuple(f"{i.path}:{i.line}: {i.message}" for i in items if isinstance(i, LoadFailure))
    artifacts = tuple(sorted(items, key=lambda i: i.path))
    return RunResult(root=opts.root, rules=tuple(rules), artifacts=artifacts,
                     results=tuple(results), systems=systems, fail_on=gate, version=__version__,
                     errors=errors, as_of=as_of.isoformat())


def fail_on(opts: RunOptions, config: ProjectConfig) -> Severity:
    if opts.fail_on is None:
        return config.fail_on or Severity.HIGH
    return Severity.parse(opts.fail_on)
