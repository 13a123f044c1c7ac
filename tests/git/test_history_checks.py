"""freshness and signoff against real repositories (commits with dates and trailers)."""
from __future__ import annotations

import datetime as dt

import pytest

from checker.checks import compile_check, run_check
from checker.checks.base import Context
from checker.engine import evaluate
from checker.errors import ConfigError, GitError
from checker.git.history import history_loader
from checker.model import Artifact, Rule, Severity, Status

TRAILERS = {"Safety-Reviewed-by": "Sam <sam@x>", "Security-Reviewed-by": "Kim <kim@x>"}


def art(path: str, kind: str = "eval_report", data: dict | None = None) -> Artifact:
    return Artifact(path=path, kind=kind, format="yaml", data=data or {})


def run(spec: dict, artifact: Artifact, root, *, as_of: str = "2026-06-01", others=(),
        settings: dict | None = None, rev: str | None = None) -> list[str]:
    ctx = Context(system=".", artifacts=[artifact, *others], settings=settings or {},
                  root=str(root), as_of=dt.date.fromisoformat(as_of),
                  history=history_loader(str(root), rev))
    return [f.message for f in run_check(compile_check(spec), artifact, ctx)]


AGE = {"type": "freshness", "max_age_days": {"setting": "eval_max_age_days", "default": 90}}


def test_age_from_the_last_commit(make_repo):
    repo = make_repo()
    repo.commit("eval", {"evals/e.yaml": "x: 1\n"}, date="2026-01-10")
    repo.commit("other", {"README.md": "x\n"}, date="2026-05-30")
    e = art("evals/e.yaml")
    [msg] = run(AGE, e, repo.path)
    assert "142 days old" in msg and "2026-01-10" in msg and "limit is 90 days" in msg
    assert "settings.eval_max_age_days" in msg
    assert run(AGE, e, repo.path, settings={"eval_max_age_days": 200}) == []
    assert run(AGE, e, repo.path, as_of="2026-04-10") == []  # exactly 90 days


def test_age_prefers_a_date_in_the_file_and_can_refuse_without_one(make_repo):
    repo = make_repo()
    repo.commit("eval", {"evals/e.yaml": "x\n"}, date="2026-05-01")
    spec = {**AGE, "date": "date"}
    assert "its date is 2025-12-01" in run(spec, art("evals/e.yaml", data={"date": "2025-12-01"}),
                                          repo.path)[0]
    assert run(spec, art("evals/e.yaml"), repo.path) == []  # falls back to the commit date
    assert "no date at date" in run({**spec, "fallback": "fail"}, art("evals/e.yaml"), repo.path)[0]


def test_uncommitted_file_counts_as_new(make_repo):
    repo = make_repo()
    repo.commit("init", {"README.md": "x\n"}, date="2025-01-01")
    repo.write("evals/new.yaml", "x\n")
    assert run(AGE, art("evals/new.yaml"), repo.path) == []


AFTER = {"type": "freshness", "across": "system",
         "after": {"setting": "safety_critical_paths", "default": ["model/**"]}}


def test_eval_must_be_committed_after_safety_critical_change(make_repo):
    repo = make_repo()
    repo.commit("model", {"model/weights.py": "1\n"}, date="2026-01-01")
    old = repo.commit("eval", {"evals/a.yaml": "a\n", "evals/b.yaml": "b\n"}, date="2026-01-05")
    repo.commit("retrain", {"model/weights.py": "2\n"}, date="2026-02-01")
    a, b = art("evals/a.yaml"), art("evals/b.yaml")
    [msg] = run(AFTER, a, repo.path, others=[b])
    assert "model/weights.py" in msg and "2026-02-01" in msg and "retrain" in msg
    assert run(AFTER, a, repo.path, others=[b], rev=old) == []  # true at the older revision
    repo.commit("re-run one eval", {"evals/b.yaml": "b2\n"}, date="2026-02-03")
    assert run(AFTER, a, repo.path, others=[b]) == []  # the newest eval report counts
    assert run({**AFTER, "across": "artifact"}, a, repo.path, others=[b])  # a itself is stale


def test_signoff_needs_every_trailer_on_the_last_commit(make_repo):
    repo = make_repo()
    repo.commit("tm", {"threat-model.yaml": "a\n"}, date="2026-01-01", trailers=TRAILERS)
    spec = {"type": "signoff", "trailers": list(TRAILERS)}
    tm = art("threat-model.yaml", kind="threat_model")
    assert run(spec, tm, repo.path) == []
    repo.commit("tweak", {"threat-model.yaml": "b\n"}, date="2026-02-01",
                trailers={"Safety-Reviewed-by": "Sam"})
    [msg] = run(spec, tm, repo.path)
    assert "lacks the trailer(s) Security-Reviewed-by:" in msg and "'tweak'" in msg


def test_signoff_distinct_reviewers_and_in_file_review(make_repo):
    repo = make_repo()
    repo.commit("tm", {"threat-model.yaml": "a\n"}, trailers={
        "Safety-Reviewed-by": "Sam", "Security-Reviewed-by": "sam"})
    spec = {"type": "signoff", "trailers": list(TRAILERS), "distinct": True}
    tm = art("threat-model.yaml", kind="threat_model")
    assert "same person" in run(spec, tm, repo.path)[0]
    both = {**spec, "reviewers": "reviewed.by", "owners": ["owners.safety", "owners.security"]}
    data = {"reviewed": {"by": ["@alice", "@bob"]}, "owners": {"safety": "@alice", "security": "@bob"}}
    assert run(both, art("threat-model.yaml", "threat_model", data), repo.path) == []
    data["reviewed"]["by"] = ["@alice"]
    assert "or name every owner in reviewed.by" in run(
        both, art("threat-model.yaml", "threat_model", data), repo.path)[0]


def test_signoff_fails_for_a_file_never_committed(make_repo):
    repo = make_repo()
    repo.commit("init", {"README.md": "x"})
    spec = {"type": "signoff", "trailers": ["Safety-Reviewed-by"]}
    assert "not committed yet" in run(spec, art("tm.yaml", "threat_model"), repo.path)[0]


def test_history_checks_raise_git_errors_for_the_engine(tmp_path, make_repo):
    with pytest.raises(GitError, match="not inside a git repository"):
        run(AGE, art("evals/e.yaml"), tmp_path)


@pytest.mark.parametrize("spec, error", [
    ({"type": "freshness"}, "needs 'max_age_days' or 'after'"),
    ({"type": "freshness", "max_age_days": -1}, "max_age_days"),
    ({"type": "signoff", "trailers": []}, "trailers"),
    ({"type": "signoff", "trailers": ["-x y"]}, "trailers"),
    ({"type": "signoff", "trailers": ["A"], "owners": ["o"]}, "both 'reviewers' and 'owners'"),
])
def test_bad_options_are_refused_at_load(spec, error):
    with pytest.raises(ValueError, match=error):
        compile_check(spec)


def test_same_second_commits_are_ordered_by_history(make_repo):
    repo = make_repo()
    repo.commit("eval", {"evals/a.yaml": "a\n", "model/w.py": "1\n"}, date="2026-01-05")
    repo.commit("retrain in the same second", {"model/w.py": "2\n"}, date="2026-01-05")
    assert "retrain in the same second" in run(AFTER, art("evals/a.yaml"), repo.path)[0]


def test_a_shared_artifact_is_stale_only_for_the_system_whose_files_changed(make_repo):
    """freshness ``after`` counts the files of the system being evaluated, so a shared
    artifact's result differs between systems (the engine evaluates it for each)."""
    repo = make_repo()
    repo.commit("eval", {"evals/shared.yaml": "a\n", "a/serving/x.yaml": "1\n",
                         "b/serving/x.yaml": "1\n"}, date="2026-01-05")
    repo.commit("serving a", {"a/serving/x.yaml": "2\n"}, date="2026-02-01")
    spec = {"type": "freshness", "after": ["**/serving/**"]}
    rule = Rule(id="T-1", name="t", title="T", dimension="governance", discipline="safety",
                severity=Severity.HIGH, applies_to=("eval_report",), check=spec, pack="p",
                compiled=(compile_check(spec), None))
    shared = Artifact(path="evals/shared.yaml", kind="eval_report", format="yaml", data={},
                      system="*")
    for systems in (("a", "b"), ("b", "a")):  # whichever system comes first
        results = evaluate([rule], [shared], systems, settings={}, root=str(repo.path),
                           as_of=dt.date(2026, 6, 1), history=history_loader(str(repo.path)))
        assert [(r.system, r.status) for r in results] == [("a", Status.FAIL),
                                                           ("b", Status.PASS)]


@pytest.fixture
def deep(make_repo):
    """A signed, fresh eval report and threat model, then three later commits elsewhere."""
    repo = make_repo()
    repo.commit("model", {"model/w.py": "1\n"}, date="2026-05-01")
    repo.commit("evals", {"evals/e.yaml": "x: 1\n", "threat-model.yaml": "a: 1\n"},
                date="2026-05-20", trailers=TRAILERS)
    for day in ("21", "22", "23"):
        repo.commit(f"docs {day}", {"README.md": f"{day}\n"}, date=f"2026-05-{day}")
    return repo


AFTER_MODEL = {"type": "freshness", "after": ["model/**"]}
SIGN = {"type": "signoff", "trailers": ["Safety-Reviewed-by", "Security-Reviewed-by"]}


def test_a_history_cut_before_the_last_change_fails_with_a_note_not_a_pass(deep):
    e, tm = art("evals/e.yaml"), art("threat-model.yaml", "threat_model")
    for spec, artifact in ((AGE, e), (SIGN, tm), (AFTER_MODEL, e)):
        assert run(spec, artifact, deep.path) == []  # the whole history is read by default
        assert run(spec, artifact, deep.path, settings={"history_depth": 4}) == []
        [msg] = run(spec, artifact, deep.path, settings={"history_depth": 3})
        assert "older than the 3 newest commits read (before 2026-05-21" in msg, msg
        assert "raise settings.history_depth" in msg
    # a safety-critical change inside the window is newer than an eval beyond it
    deep.commit("retrain", {"model/w.py": "2\n"}, date="2026-05-24")
    [msg] = run(AFTER_MODEL, e, deep.path, settings={"history_depth": 2})
    assert "changed before model/w.py" in msg and "2026-05-24" in msg


def test_a_cut_history_still_counts_an_uncommitted_file_as_new(deep):
    deep.write("evals/new.yaml", "x: 1\n")
    new = art("evals/new.yaml")
    assert run(AGE, new, deep.path, settings={"history_depth": 1}) == []
    assert run(AFTER_MODEL, new, deep.path, settings={"history_depth": 1}) == []
    [msg] = run(SIGN, art("evals/new.yaml"), deep.path, settings={"history_depth": 1})
    assert "not committed yet" in msg


@pytest.mark.parametrize("value", [0, -1, "many", True, 2.5])
def test_a_mistyped_history_depth_is_an_error_naming_the_setting(deep, value):
    with pytest.raises(ConfigError, match="settings.history_depth must be a whole number"):
        run(AGE, art("evals/e.yaml"), deep.path, settings={"history_depth": value})
