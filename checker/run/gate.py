"""``--config-from REF``: the gate comes from the base revision.

Everything in ``.safesec.yaml`` that can weaken the gate (packs and the repository pack
files they name, ``builtin``, ``rules``, ``fail_on``, ``settings``, ``as_of``, ``exclude``,
``artifacts``, ``max_file_bytes``, ``waivers``) is read from REF's object database, so a
pull request cannot move its own gate.  What the change did to its config is compared
with REF's, and each weakening is listed in one result of rule ``CONFIG-1`` at the
change's ``.safesec.yaml``, so a reviewer sees it.
"""
from __future__ import annotations

import os
import posixpath
import tempfile
from dataclasses import replace
from typing import Any

from checker.errors import ConfigError, PolicyError
from checker.git.repo import GitRepo
from checker.model import Result, Rule, RunResult, Severity, Status
from checker.policy.loader import load_packs
from checker.policy.installed import is_installed_pack
from checker.run.config import (CONFIG_NAME, ProjectConfig, config_at, config_name,
                                 root_relative)
from checker.run.locks import config_result
from checker.run.options import RunOptions
from checker.run.setup import Setup, prepare

RULE = Rule(
    id="CONFIG-1", name="gate-kept-from-base", title="The change keeps the base's gate",
    dimension="governance", discipline="interplay", severity=Severity.HIGH,
    applies_to=("config",), check={}, pack="safesec-gate",
    rationale="A pull request that edits .safesec.yaml could turn off the rules it breaks. "
              "Under --config-from the gate is read from the base revision; each weakening "
              "the change makes is listed here so a reviewer sees it.",
    remediation="Keep the base's rules, packs, globs, settings and waivers, or have the "
                "relaxation reviewed and merged on its own.",
    missing="pass", source="(safesec)")


def prepare_from(opts: RunOptions, repo: GitRepo, ref: str) -> Setup:
    """The Setup of a run whose config and repository packs are read from ``ref``."""
    base = config_at(repo, opts, ref)
    name = config_name(opts)
    with tempfile.TemporaryDirectory(prefix="safesec-base-") as tmp:
        # packs typed with --policy replace the config's: nothing to read from ref then
        packs = base.packs if opts.policies else \
            tuple(_extract(repo, ref, name, pack, tmp, opts.root) for pack in base.packs)
        try:
            setup = prepare(opts, replace(base, packs=packs))
        except PolicyError as exc:
            raise PolicyError(exc.message, file=_named(exc.file, tmp, ref), line=exc.line,
                              rule=exc.rule) from None
    rules = [replace(r, source=_named(r.source, tmp, ref) or "") for r in setup.rules]
    # the config as read (locked-rule attempts taken out), naming its packs as ref does
    return replace(setup, config=replace(setup.config, packs=base.packs), rules=rules)


def gate_blobs(repo: GitRepo, ref: str, config: ProjectConfig, opts: RunOptions) -> str:
    """The blobs at ``ref`` of the config and of the repository packs it names: equal
    strings mean the same gate (an audit reuses answers only within one)."""
    entries = repo.list_tree(ref)
    entry = entries.get(config_name(opts))
    names = [posixpath.normpath(n) for n in map(lambda p: _as_named(p, opts.root), config.packs)
             if not os.path.isabs(n) and not is_installed_pack(n)]
    blobs = [entry.blob if entry else ""]
    blobs += [f"{path}={e.blob}" for path, e in sorted(entries.items())
              if any(path == n or path.startswith(n.rstrip("/") + "/") for n in names)]
    return " ".join(blobs)


def weakenings(work: ProjectConfig, base: ProjectConfig,
               rules: list[Rule]) -> list[tuple[int, str]]:
    """(line in the change's config, words) for each way ``work`` is weaker than ``base``;
    ``rules`` are the base's rules (their pack severities are the default)."""
    lines, rule_lines = work.key_lines, work.rule_lines
    out: list[tuple[int, str]] = []

    def add(key: str, text: str, line: int | None = None) -> None:
        out.append((line or lines.get(key, 1), text))

    if base.builtin and not work.builtin:
        add("builtin", "the built-in pack is turned off (builtin: false)")
    for pack in base.packs:
        if pack not in work.packs:
            add("packs", f"pack {pack} is removed from packs")
    for rule_id in work.disable:
        if rule_id not in base.disable:
            add("rules", f"rule {rule_id} is disabled", rule_lines.get(rule_id))
    if work.only and set(work.only) != set(base.only):
        left = sorted(set(base.only) - set(work.only)) if base.only else []
        what = ", ".join(left) if left else "every rule not in the list"
        add("rules", f"rules.only leaves out {what}")
    default = {r.id: r.severity for r in rules}
    for rule_id in sorted(set(work.severity) | set(base.severity)):
        was = base.severity.get(rule_id, default.get(rule_id))
        now = work.severity.get(rule_id, default.get(rule_id))
        if was is not None and now is not None and now < was:
            add("rules", f"rule {rule_id} is lowered from {was} to {now}",
                rule_lines.get(rule_id))
    was_gate, now_gate = base.fail_on or Severity.HIGH, work.fail_on or Severity.HIGH
    if now_gate > was_gate:
        add("fail_on", f"fail_on is raised from {was_gate} to {now_gate}")
    if work.as_of is not None and (base.as_of is None or work.as_of < base.as_of):
        was_day = base.as_of.isoformat() if base.as_of else "today"
        add("as_of", f"as_of is set to {work.as_of.isoformat()} (was {was_day}): rules and "
                     "waiver expiry would be judged for an earlier day")
    for glob in work.exclude:
        if glob not in base.exclude:
            add("exclude", f"exclude glob {glob!r} is added")
    for kind in sorted(set(work.artifacts) | set(base.artifacts)):
        if work.artifacts.get(kind) != base.artifacts.get(kind):
            add("artifacts", f"the artifacts globs of {kind} are changed")
    if work.include_tests_and_examples and not base.include_tests_and_examples:
        add("include_tests_and_examples", "include_tests_and_examples is turned on: files "
            "under tests/ and examples/ would count as evidence")
    if work.max_file_bytes < base.max_file_bytes:
        add("max_file_bytes", f"max_file_bytes is lowered from {base.max_file_bytes} to "
                              f"{work.max_file_bytes}")
    for key in sorted(set(work.settings) | set(base.settings)):
        if work.settings.get(key) != base.settings.get(key):
            add("settings", f"setting {key} is changed from {_value(base.settings, key)} to "
                            f"{_value(work.settings, key)}")
    kept = {_waiver_key(w) for w in base.waivers}
    for waiver in work.waivers:
        if _waiver_key(waiver) not in kept:
            add("waivers", f"waiver {waiver.id} for rule {waiver.rule} at {waiver.path} "
                           f"(expires {waiver.expires}) is added or changed", waiver.line)
    return out


def with_gate_result(run: RunResult, work: ProjectConfig, setup: Setup, ref: str,
                     opts: RunOptions, repo: GitRepo) -> RunResult:
    """``run`` plus the CONFIG-1 result of the change's config and repository packs
    against ``ref``'s."""
    file = config_name(opts)
    # both configs name their packs joined to the checked root: compare them as written
    named = replace(work, packs=tuple(_as_named(p, opts.root) for p in work.packs))
    base = replace(setup.config, packs=tuple(_as_named(p, opts.root) for p in setup.config.packs))
    found = [(file, line, text) for line, text in weakenings(named, base, setup.rules)]
    if not opts.policies:  # packs typed on the command line are the caller's
        found += pack_changes(repo, ref, base, work, opts)
    found.sort()
    if found:
        status = Status.FAIL
        findings = tuple((where, line, f"the change weakens the gate set at {ref}: {text}")
                         for where, line, text in found)
        message = (f"the change weakens the gate set at {ref} ({len(found)} change"
                   f"{'s' if len(found) > 1 else ''}; the run uses {ref}'s): "
                   + "; ".join(text for _where, _line, text in found))
        file, line = found[0][0], found[0][1]
    else:
        status, findings, line = Status.PASS, (), 1
        message = f"{RULE.title}: the config and packs are read from {ref}"
    result = config_result(RULE, status, message, file, line, findings)
    rules = tuple(sorted((*run.rules, RULE), key=lambda r: (r.pack, r.id)))
    results = tuple(sorted((*run.results, result), key=Result.sort_key))
    return replace(run, rules=rules, results=results)


def pack_changes(repo: GitRepo, ref: str, base: ProjectConfig, work: ProjectConfig,
                 opts: RunOptions) -> list[tuple[str, int, str]]:
    """(file, line, words) for each rule of a repository pack named by both configs that
    the change removes, unlocks, lowers or rewrites, and each pack default it changes."""
    work_by_name = {_as_named(p, opts.root): p for p in work.packs}
    shared = [name for name in base.packs if name in work_by_name
              and not os.path.isabs(name) and not is_installed_pack(name)]
    out: list[tuple[str, int, str]] = []
    with tempfile.TemporaryDirectory(prefix="safesec-base-") as tmp:
        for name in shared:
            try:
                was, was_settings = load_packs([_extract(repo, ref, config_name(opts), name,
                                                         tmp, opts.root)])
            except (ConfigError, PolicyError):
                continue  # the base's own pack is broken: the run itself reports that
            try:
                now, now_settings = load_packs([work_by_name[name]])
            except PolicyError as exc:
                out.append((name, exc.line or 1, f"pack {name} no longer loads ({exc.message})"))
                continue
            out += _rule_changes(name, was, now, opts.root)
            for key in sorted(set(was_settings) | set(now_settings)):
                if was_settings.get(key) != now_settings.get(key):
                    out.append((name, 1, f"pack {name} changes its default {key} from "
                                         f"{_value(was_settings, key)} to "
                                         f"{_value(now_settings, key)}"))
    return out


def _rule_changes(name: str, was: list[Rule], now: list[Rule],
                  root: str) -> list[tuple[str, int, str]]:
    current = {r.id: r for r in now}
    out: list[tuple[str, int, str]] = []
    for rule in was:
        new = current.get(rule.id)
        if new is None:
            out.append((name, 1, f"rule {rule.id} is removed from pack {name}"))
            continue
        where = root_relative(new.source, root) or name
        if new.severity < rule.severity:
            out.append((where, new.line, f"rule {rule.id} of pack {name} is lowered from "
                                         f"{rule.severity} to {new.severity}"))
        if rule.locked and not new.locked:
            out.append((where, new.line, f"rule {rule.id} of pack {name} is unlocked"))
        if _judged(new) != _judged(rule):
            out.append((where, new.line, f"rule {rule.id} of pack {name} is rewritten (its "
                                         "check, condition, kinds or scope differ)"))
    return out


def _judged(rule: Rule) -> tuple[Any, ...]:
    """What decides a rule's verdict (not its wording)."""
    return (repr(rule.check), repr(rule.when), rule.applies_to, rule.scope, rule.missing)


def _as_named(pack: str, root: str) -> str:
    """A pack path joined to the checked root, as the config names it (root-relative)."""
    if is_installed_pack(pack):
        return pack
    rel = root_relative(pack, root)
    return pack if rel is None else rel


def _extract(repo: GitRepo, ref: str, config: str, pack: str, tmp: str, root: str) -> str:
    """The pack file or folder ``pack`` (joined to the checked root by ``ref``'s config)
    copied from ``ref`` into ``tmp``; a pack outside the repository is left where it is."""
    rel = _as_named(pack, root)
    if os.path.isabs(rel) or is_installed_pack(rel):
        return pack
    rel = posixpath.normpath(rel)
    entries = repo.list_tree(ref)
    names = [n for n in entries if n == rel or n.startswith(rel.rstrip("/") + "/")]
    if not names:
        raise ConfigError(f"packs: {rel!r} does not exist at {ref}", file=f"{ref}:{config}")
    for entry in names:
        target = os.path.join(tmp, *entry.split("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(repo.read_object(entries[entry].blob))
    return os.path.join(tmp, *rel.split("/"))


def _named(file: str | None, tmp: str, ref: str) -> str | None:
    """A path inside the extraction folder named as git names it at ``ref``."""
    if file is None or not file.startswith(tmp + os.sep):
        return file
    return f"{ref}:{os.path.relpath(file, tmp).replace(os.sep, '/')}"


def _waiver_key(waiver: Any) -> tuple[Any, ...]:
    return (waiver.id, waiver.rule, waiver.path, waiver.reason, waiver.justification,
            waiver.owner, waiver.approved_by, waiver.expires)


def _value(settings: dict[str, Any], key: str) -> str:
    return repr(settings[key]) if key in settings else "unset"
