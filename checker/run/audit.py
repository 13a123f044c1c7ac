"""``safesec audit``: evaluate every commit of a range (or every tag) from the object
database, with the sign-off trail of threat-model and eval changes and a timeline.

Each point is checked as of its own commit date, with the config committed there.
Results of rules that read only their own artifact are cached by the artifact's
blob id, so an artifact unchanged between commits is not evaluated twice.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Iterable

from checker import __version__
from checker.checks import check_kinds, depends_on
from checker.git.history import history_loader
from checker.git.model import Commit
from checker.git.repo import GitRepo, open_repo
from checker.model import Artifact, Rule, RunResult, Status
from checker.run import prepare, run_serial
from checker.run.config import config_at, project_config
from checker.run.discover import classify
from checker.run.gate import gate_blobs, prepare_from
from checker.run.options import RunOptions
from checker.run.sources import RevSource

TRAIL_KINDS = ("threat_model", "eval_report")


class ResultCache:
    """Results of artifact-local rules, keyed by rule, system, path and blob id."""

    def __init__(self) -> None:
        self.results: dict[tuple[Any, ...], Any] = {}
        self.scope = ""  # the config blob: settings and waivers change every answer
        self.hits = 0
        self._local: dict[str, bool] = {}

    def lookup(self, rule: Rule, artifact: Artifact, ctx: Any, compute: Callable[..., Any]) -> Any:
        """The engine's hook: ``compute(rule, artifact, ctx)`` unless a cached result fits."""
        key = self.key(rule, artifact, ctx)
        if key is None:
            return compute(rule, artifact, ctx)
        if key in self.results:
            self.hits += 1
        else:
            self.results[key] = compute(rule, artifact, ctx)
        return self.results[key]

    def key(self, rule: Rule, artifact: Artifact, ctx: Any) -> tuple[Any, ...] | None:
        if rule.id not in self._local:
            self._local[rule.id] = is_local(rule)
        if not self._local[rule.id] or not artifact.blob:
            return None
        return (self.scope, rule.id, rule.pack, ctx.system, artifact.path, artifact.blob)


def is_local(rule: Rule) -> bool:
    """True when a rule's result depends only on its artifact (and the settings): no other
    artifact, and none of the files, date, git history or system (checks.base)."""
    return (rule.scope == "artifact" and not check_kinds(rule.check)
            and not check_kinds(rule.when) and not depends_on(rule.check))


def points(repo: GitRepo, range_spec: str | None, tags: bool) -> list[tuple[Commit, str]]:
    """(commit, tag name or "") for every point to evaluate, oldest first."""
    repo.require_full_history()
    if tags:
        found = repo.tags()
        by_sha = {c.sha: c for c in repo.commits(sorted({t.sha for t in found}))}
        return [(by_sha[t.sha], t.name) for t in found]
    return [(c, "") for c in repo.commits_in_range(range_spec or "")]


def evaluate_point(repo: GitRepo, opts: RunOptions, commit: Commit, cache: ResultCache
                   ) -> RunResult:
    at = RunOptions(root=opts.root, policies=opts.policies, config=opts.config, rev=commit.sha,
                    as_of=commit.date.date(), fail_on=opts.fail_on)
    if opts.config:  # typed by the auditor: read as it is on disk, packs too
        setup, cache.scope = prepare(at, project_config(opts)), ""
    else:  # the config and repository packs as committed there
        setup = prepare_from(at, repo, commit.sha)
        cache.scope = gate_blobs(repo, commit.sha, setup.config, at)
    return run_serial(setup, source=RevSource(repo, commit.sha, opts.root),
                      history=history_loader(opts.root, commit.sha, repo), cache=cache)


def rule_ids(result: RunResult, status: Status) -> list[str]:
    return sorted({r.rule for r in result.results if r.status is status})


def trail(repo: GitRepo, tip: str, base: str | None, config: Any) -> list[dict[str, Any]]:
    """Every commit that changed a threat model or eval report, with its sign-off trailers."""
    revs = [tip] + (["^" + base] if base else [])
    out = []
    for commit, paths in repo.walk(revs):
        for path, kind in classify(paths, config.artifacts, config.exclude):
            if kind in TRAIL_KINDS:
                out.append({"sha": commit.sha, "date": commit.date.isoformat(), "path": path,
                            "kind": kind, "author": commit.author, "summary": commit.summary,
                            "trailers": [{"key": k, "value": v} for k, v in commit.trailers]})
    return sorted(out, key=lambda e: (e["date"], e["path"]))


def timeline(commits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Where the set of failing rules changed from one point to the next."""
    events: list[dict[str, Any]] = []
    before: set[str] = set()
    for entry in commits:
        now = set(entry["failed_rules"])
        if now != before:
            events.append({"sha": entry["sha"], "date": entry["date"], "tag": entry["tag"],
                           "newly_failing": sorted(now - before), "fixed": sorted(before - now)})
        before = now
    return events


def audit(opts: RunOptions, *, range_spec: str | None = None, tags: bool = False,
          progress: Callable[[list[Any]], Iterable[Any]] | None = None
          ) -> tuple[dict[str, Any], RunResult | None]:
    """The audit document (``--json``) and the run of the newest point (for ``--html``)."""
    cache = ResultCache()
    with open_repo(opts.root) as repo:
        todo = points(repo, range_spec, tags)
        commits, result = [], None
        for commit, tag in (progress(todo) if progress else todo):
            result = evaluate_point(repo, opts, commit, cache)
            commits.append({"sha": commit.sha, "date": commit.date.isoformat(),
                            "summary": commit.summary, "tag": tag,
                            "failed_rules": rule_ids(result, Status.FAIL),
                            "error_rules": rule_ids(result, Status.ERROR),
                            "counts": result.summary})
        base = None if tags or not range_spec else repo.resolve(range_spec.partition("..")[0])
        config = project_config(opts) if opts.config or not todo else \
            config_at(repo, opts, todo[-1][0].sha)
        signoffs = trail(repo, todo[-1][0].sha, base, config) if todo else []
    return {"version": __version__, "root": opts.root,
            "range": None if tags else range_spec, "tags": tags,
            "generated": dt.date.today().isoformat(), "cached_results": cache.hits,
            "commits": commits, "signoff_trail": signoffs, "timeline": timeline(commits)}, result
