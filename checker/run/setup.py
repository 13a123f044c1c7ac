"""What every way of running ``check`` shares, decided once: the project config, the
rules it selects from the packs, the merged settings, the day rules are checked for and
the severity that fails the run.

The serial path (checker.run), each ``--jobs`` process (checker.run.parallel) and each
audited commit (checker.run.audit) evaluate through :meth:`Setup.evaluate` and build
their RunResult through :meth:`Setup.result`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Sequence

from checker import __version__
from checker.causes import cause_rules, settle
from checker.engine import evaluate
from checker.errors import ConfigError, UsageError
from checker.memory import gc_paused
from checker.model import (NOTHING_CHECKED, REPOSITORY, LoadFailure, Result, Rule, RunResult,
                           Severity, Skipped)
from checker.policy.loader import BUILTIN_PACK, builtin_dir, load_packs
from checker.run.config import CONFIG_NAME, ProjectConfig, project_config
from checker.run.discover import Item
from checker.run.locks import RULE as LOCK_RULE
from checker.run.locks import Locks, keep_locked, lock_result
from checker.run.options import RunOptions


@dataclass(frozen=True)
class Setup:
    """One run's decisions, made before anything is loaded (see :func:`prepare`)."""

    opts: RunOptions
    config: ProjectConfig
    rules: list[Rule]
    settings: dict[str, Any]  # the packs' settings, overridden by the config's
    as_of: dt.date  # --as-of, else the config's as_of, else today
    fail_on: Severity  # --fail-on, else the config's fail_on, else high
    locks: Locks = Locks()  # the locked rules, and what the config tried against them

    def evaluate(self, items: list[Item], systems: tuple[str, ...],
                 files: tuple[str, ...], *, history: Callable[[], Any] | None,
                 read: Callable[[str], bytes] | None = None, all_systems: tuple[str, ...], only_paths: set[str] | None = None,
                 cache: Any = None, gone: frozenset[tuple[str, str]] = frozenset()
                 ) -> list[Result]:
        """engine.evaluate of ``systems`` (some of ``all_systems``) with this run's rules."""
        return evaluate(self.rules, items, systems, settings=self.settings,
                        waivers=self.config.waivers, as_of=self.as_of, files=files,
                        root=self.opts.root, history=history, read=read,
                        only_paths=only_paths,
                        cache=cache, all_systems=all_systems, gone=gone)

    def result(self, items: Sequence[Item], systems: tuple[str, ...],
               results: Sequence[Result], *, partial: bool = False) -> RunResult:
        """The RunResult of evaluated ``items``: artifacts sorted by path, load failures
        as errors.  A run that evaluated no rule is an error (nothing passes vacuously),
        except a ``partial`` one (``--files``, ``--changed-since``) whose files no rule
        reads: the whole-tree gate still has rules, they just had nothing to look at.
        The results are settled (checker.causes) again: ``--jobs`` shares are merged here."""
        shared = frozenset(i.path for i in items if i.system == REPOSITORY)
        results = settle(list(results), self.rules, self.config.waivers, self.as_of,
                         shared=shared)
        errors = tuple(f"{i.path}:{i.line}: {i.message}" for i in items
                       if isinstance(i, LoadFailure))
        if not results and not (partial and self.rules):
            errors += (nothing_checked(bool(self.rules)),)
        artifacts = tuple(sorted((i for i in items if not isinstance(i, Skipped)), key=_path))
        skipped = tuple(sorted({(i.path, i.reason) for i in items if isinstance(i, Skipped)}))
        causes = cause_rules(results, self.rules)
        rules = tuple(sorted((*self.rules, *causes), key=_rule_key) if causes else self.rules)
        if self.locks.locked:
            results = sorted((*results, lock_result(self.locks, self.config.path or CONFIG_NAME)),
                             key=Result.sort_key)
            rules = tuple(sorted((*rules, LOCK_RULE), key=_rule_key))
        return RunResult(root=self.opts.root, rules=rules, artifacts=artifacts,
                         results=tuple(results), systems=systems,
                         fail_on=self.fail_on, version=__version__,
                         errors=errors, as_of=self.as_of.isoformat(), skipped=skipped)


def prepare(opts: RunOptions, config: ProjectConfig | None = None) -> Setup:
    """The Setup of a run, with ``config`` (default: the project config of the work tree)."""
    config = config or project_config(opts)
    packs = resolve_policies(opts.policies, config)
    # the packs and their compiled checks live for the run: no collection while they are
    # made (compiling makes many objects, no garbage cycles), none walks them again later
    with gc_paused(freeze=True):
        rules, pack_settings = load_packs(packs)
    if builtin_dir() in packs:
        check_builtin_settings(config)
    config, locks = keep_locked(rules, config)
    return Setup(opts, config, select_rules(rules, config), {**pack_settings, **config.settings},
                 opts.as_of or config.as_of or dt.date.today(), fail_on(opts, config), locks)


def resolve_policies(requested: tuple[str, ...], config: ProjectConfig) -> list[str | Path]:
    """The pack paths to load: those asked for (``builtin`` names the built-in pack), else
    the built-in pack unless the config turns it off, plus the config's packs."""
    packs: list[str | Path]
    if requested:
        packs = [builtin_dir() if p in ("builtin", BUILTIN_PACK) else p for p in requested]
    else:
        packs = [builtin_dir()] if config.builtin else []
        packs += config.packs
    return packs


def select_rules(rules: list[Rule], config: ProjectConfig) -> list[Rule]:
    """The config's ``rules:`` applied: disabled rules dropped, ``only`` kept, severities
    overridden; an unknown rule id is a usage error at its line."""
    known = {r.id for r in rules}
    for rule_id in (*config.disable, *config.only, *config.severity):
        if rule_id not in known:
            raise UsageError(f"rules: unknown rule id {rule_id!r} in {config.path}",
                             file=config.path, line=config.rule_lines.get(rule_id))
    chosen = [r for r in rules if r.id not in config.disable
              and (not config.only or r.id in config.only)]
    return [replace(r, severity=config.severity[r.id]) if r.id in config.severity else r
            for r in chosen]


# What the built-in pack's settings must be (policies/unified-safety-security.yaml).
_WHOLE = ("a whole number of at least 0",
          lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0)
BUILTIN_SETTINGS: dict[str, tuple[str, Callable[[Any], bool]]] = {
    "min_eval_samples": _WHOLE,
    "history_depth": ("a whole number of commits of at least 1", lambda v: isinstance(v, int)
                      and not isinstance(v, bool) and v >= 1),  # checker.git.history
    "eval_max_age_days": _WHOLE,
    "threat_model_max_age_days": _WHOLE,
    "min_security_term_ratio": ("a number from 0 to 1", lambda v: isinstance(v, (int, float))
                                and not isinstance(v, bool) and 0 <= v <= 1),
    "safety_critical_paths": ("a glob pattern or a list of them", lambda v: isinstance(v, str)
                              or isinstance(v, list) and all(isinstance(p, str) for p in v)),
}


def check_builtin_settings(config: ProjectConfig) -> None:
    """A mistyped setting of the built-in pack is a config error at its line (it would
    otherwise crash or silently change a check)."""
    for key, (expected, ok) in BUILTIN_SETTINGS.items():
        if key in config.settings and not ok(config.settings[key]):
            raise ConfigError(f"settings.{key} must be {expected}, found "
                              f"{config.settings[key]!r}", file=config.path,
                              line=config.setting_lines.get(key))


def nothing_checked(has_rules: bool) -> str:
    """Why a run evaluated no rule, in one line."""
    if has_rules:
        return f"{NOTHING_CHECKED}: no rule applied to any file of the tree"
    return (f"{NOTHING_CHECKED}: no rule is selected (the built-in pack is off and no pack "
            "is named, or every rule is disabled)")


def fail_on(opts: RunOptions, config: ProjectConfig) -> Severity:
    if opts.fail_on is None:
        return config.fail_on or Severity.HIGH
    return Severity.parse(opts.fail_on)


def _rule_key(rule: Rule) -> tuple[str, str]:
    return (rule.pack, rule.id)


def _path(item: Item) -> str:
    return item.path
