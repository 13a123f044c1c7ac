"""checker.git.repo against real repositories built with git in tmp_path."""
from __future__ import annotations

import subprocess
from datetime import date, datetime, timezone

import pytest

from checker.git import repo as gitrepo
from checker.git.repo import BadRevision, NotARepository, ShallowHistory, open_repo


def ts(day: str) -> int:
    return int(datetime.fromisoformat(f"{day}T12:00:00+00:00").timestamp())


def test_history_gives_last_commit_date_and_trailers_per_path(make_repo):
    repo = make_repo()
    repo.commit("add", {"threat-model.yaml": "a: 1\n", "evals/e.yaml": "x: 1\n"}, date="2026-01-01")
    repo.commit("review", {"threat-model.yaml": "a: 2\n"}, date="2026-02-01",
                trailers={"Safety-Reviewed-by": "Sam <s@x>", "Security-Reviewed-by": "Kim"})
    repo.commit("later unrelated", {"README.md": "hi\n"}, date="2026-03-01")
    with open_repo(str(repo.path)) as git:
        history = git.history()
    assert history["evals/e.yaml"].time == ts("2026-01-01")
    tm = history["threat-model.yaml"]
    assert tm.date.date() == date(2026, 2, 1) and tm.summary == "review"
    assert tm.trailer_values("safety-reviewed-by") == ["Sam <s@x>"]
    assert tm.trailer_values("Security-Reviewed-by") == ["Kim"]
    assert history["README.md"].trailers == ()


def test_history_is_one_git_log_process(make_repo, monkeypatch):
    repo = make_repo()
    for i in range(20):
        repo.commit(f"c{i}", {f"f{i}.yaml": "x\n", "common.yaml": str(i)})
    calls = []
    with open_repo(str(repo.path)) as git:
        real, stream = git._run, git._stream
        monkeypatch.setattr(git, "_run", lambda cmd, *a: calls.append(cmd) or real(cmd, *a))
        monkeypatch.setattr(git, "_stream", lambda cmd, *a: calls.append(cmd) or stream(cmd, *a))
        assert len(git.history()) == 21
        git.last_commit("f3.yaml"), git.last_commit("common.yaml")
    assert calls.count("log") == 1


def test_trailer_lines_outside_the_final_trailer_block_do_not_count(make_repo):
    repo = make_repo()
    repo.commit("tm\n\nSafety-Reviewed-by: nobody\n\nplain closing paragraph.",
                {"threat-model.yaml": "a: 1\n"})
    with open_repo(str(repo.path)) as git:
        assert git.last_commit("threat-model.yaml").trailers == ()


def test_non_ascii_and_odd_file_names_round_trip(make_repo):
    repo = make_repo()
    names = ["modèle card/MODEL_CARD.md", "évals/rés ults.yaml", "odd\nname.yaml"]
    repo.commit("add", {n: "x\n" for n in names})
    with open_repo(str(repo.path)) as git:
        assert set(git.history()) == set(names)
        assert set(git.list_tree("HEAD")) == set(names)
        assert git.read_blob("HEAD", names[1]) == b"x\n"


def test_checked_root_may_be_a_subfolder(make_repo):
    repo = make_repo()
    repo.commit("a", {"fixtures/ok/threat-model.yaml": "a\n", "other/x.yaml": "b\n"}, date="2026-01-05")
    with open_repo(str(repo.path / "fixtures" / "ok")) as git:
        assert git.prefix == "fixtures/ok/"
        assert set(git.history()) == {"threat-model.yaml"}
        assert set(git.list_tree("HEAD")) == {"threat-model.yaml"}
        assert git.to_repo("threat-model.yaml") == "fixtures/ok/threat-model.yaml"


def test_merged_branch_change_is_attributed_to_the_authoring_commit(make_repo):
    repo = make_repo()
    repo.commit("base", {"a.yaml": "1\n", "b.yaml": "1\n"}, date="2026-01-01")
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit("feature edit", {"a.yaml": "2\n"}, date="2026-01-10",
                trailers={"Safety-Reviewed-by": "Sam"})
    repo.git("checkout", "-q", "main")
    repo.commit("main edit", {"b.yaml": "2\n"}, date="2026-01-15")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge feature", "feature", date="2026-01-20T12:00:00+00:00")
    with open_repo(str(repo.path)) as git:
        last = git.last_commit("a.yaml")
    assert last.summary == "feature edit" and last.time == ts("2026-01-10")
    assert last.trailer_values("Safety-Reviewed-by") == ["Sam"]


def test_detached_head_works(make_repo):
    repo = make_repo()
    first = repo.commit("one", {"a.yaml": "1\n"}, date="2026-01-01")
    repo.commit("two", {"a.yaml": "2\n"}, date="2026-02-01")
    repo.git("checkout", "-q", "--detach", first)
    with open_repo(str(repo.path)) as git:
        assert git.head() == first
        assert git.last_commit("a.yaml").time == ts("2026-01-01")


def test_empty_repository_has_no_history(make_repo):
    repo = make_repo()
    with open_repo(str(repo.path)) as git:
        assert git.head() is None and git.history() == {}


def test_shallow_clone_refuses_history_with_fetch_hint(make_repo, tmp_path):
    repo = make_repo()
    repo.commit("one", {"a.yaml": "1\n"}, date="2026-01-01")
    repo.commit("two", {"b.yaml": "2\n"}, date="2026-02-01")
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone)],
                   check=True)
    with open_repo(str(clone)) as git:
        assert git.is_shallow()
        with pytest.raises(ShallowHistory, match="fetch-depth: 0"):
            git.history()
        assert set(git.list_tree("HEAD")) == {"a.yaml", "b.yaml"}  # trees still readable


def test_folder_outside_git_is_not_a_repository(tmp_path):
    with pytest.raises(NotARepository, match="git history"):
        open_repo(str(tmp_path))


@pytest.mark.parametrize("rev", ["-x", "--output=/tmp/pwned", "", "nope", "HEAD~5", "a..b"])
def test_bad_revisions_are_refused_clearly(make_repo, rev):
    repo = make_repo()
    repo.commit("one", {"a.yaml": "1\n"})
    with open_repo(str(repo.path)) as git:
        with pytest.raises(BadRevision, match="refusing revision|is not a commit"):
            git.resolve(rev)
        with pytest.raises(BadRevision):
            git.list_tree(rev)


def test_tree_at_revision_is_read_without_touching_the_work_tree(make_repo):
    repo = make_repo()
    old = repo.commit("one", {"a.yaml": "old\n"})
    repo.commit("two", {"a.yaml": "new\n", "b.yaml": "b\n"})
    repo.write("a.yaml", "dirty\n")
    with open_repo(str(repo.path)) as git:
        assert set(git.list_tree(old)) == {"a.yaml"}
        assert git.read_blob(old, "a.yaml") == b"old\n"
        assert git.read_blob("HEAD", "a.yaml") == b"new\n"
    assert (repo.path / "a.yaml").read_text() == "dirty\n"
    assert repo.git("status", "--porcelain") == "M a.yaml"
    assert repo.git("rev-parse", "HEAD") != old


def test_changed_files_uses_the_merge_base_and_the_work_tree(make_repo):
    repo = make_repo()
    repo.commit("base", {"a.yaml": "1\n", "b.yaml": "1\n", "c.yaml": "1\n"})
    repo.git("checkout", "-q", "-b", "pr")
    repo.commit("pr change", {"a.yaml": "2\n"})
    repo.git("checkout", "-q", "main")
    repo.commit("main moved on", {"b.yaml": "2\n"})
    repo.git("checkout", "-q", "pr")
    with open_repo(str(repo.path)) as git:
        assert git.changed_files("main") == {"a.yaml"}
        assert git.changed_files("main", rev="pr") == {"a.yaml"}
        repo.write("c.yaml", "dirty\n")
        repo.write("new.yaml", "untracked\n")
        assert git.changed_files("main") == {"a.yaml", "c.yaml", "new.yaml"}
        assert git.changed_files("main", rev="HEAD") == {"a.yaml"}


def test_commits_in_range_oldest_first(make_repo):
    repo = make_repo()
    a = repo.commit("a", {"x": "1"}, date="2026-01-01")
    b = repo.commit("b", {"x": "2"}, date="2026-01-02")
    c = repo.commit("c", {"x": "3"}, date="2026-01-03")
    with open_repo(str(repo.path)) as git:
        assert [x.sha for x in git.commits_in_range(f"{a}..{c}")] == [b, c]
        assert [x.summary for x in git.commits_in_range(f"{a}..")] == ["b", "c"]
        for bad in ("a...b", f"..{c}", "-x..HEAD"):
            with pytest.raises(BadRevision):
                git.commits_in_range(bad)


def test_tags_sorted_by_date_and_peeled_to_commits(make_repo):
    repo = make_repo()
    first = repo.commit("a", {"x": "1"}, date="2026-01-01")
    repo.tag("z-first", date="2026-01-01", message="annotated")
    second = repo.commit("b", {"x": "2"}, date="2026-02-01")
    repo.tag("a-second", date="2026-02-01")
    with open_repo(str(repo.path)) as git:
        tags = git.tags()
    assert [(t.name, t.sha) for t in tags] == [("z-first", first), ("a-second", second)]


def test_missing_git_binary_is_a_clear_message(make_repo, tmp_path):
    import sys
    repo = make_repo()
    code = ("from checker.git.repo import open_repo, GitError\n"
            "try:\n    open_repo('.')\nexcept GitError as e:\n    print('ERR', e)\n")
    root = str(__import__('pathlib').Path(gitrepo.__file__).parents[1])
    done = subprocess.run([sys.executable, "-c", code], cwd=repo.path, capture_output=True,
                          text=True, env={"PATH": str(tmp_path / "nothing"), "PYTHONPATH": root})
    assert done.stdout.startswith("ERR") and "git" in done.stdout, done.stderr
    assert "Traceback" not in done.stderr


def test_dubious_ownership_is_a_clear_message(make_repo):
    import os
    if os.geteuid() != 0:
        pytest.skip("needs root to give the repository to another user")
    repo = make_repo()
    repo.commit("a", {"x": "1"})
    subprocess.run(["chown", "-R", "54321:54321", str(repo.path)], check=True)
    with pytest.raises(gitrepo.GitUnavailable, match="safe.directory"):
        open_repo(str(repo.path))


def test_log_output_parses_the_same_in_any_pieces():
    """The history is read as it streams from git: a record or the nonce itself split across
    pieces parses exactly as the whole output does."""
    from checker.git.model import parse_log
    nonce = b"N0NCE"
    out = (b"junk" + nonce + b"a" * 40 + b"\x1f1\x1fAda\x1fs\x1fK: v\0\nx/one\0two\0"
           + nonce + b"b" * 40 + b"\x1f2\x1fBo\x1fmsg\x1f\0\nthree\0")
    whole = list(parse_log([out], nonce, True))
    assert [names for _, names in whole] == [["x/one", "two"], ["three"]]
    for size in (1, 2, 3, 7, len(out)):
        pieces = [out[i:i + size] for i in range(0, len(out), size)]
        assert list(parse_log(pieces, nonce, True)) == whole
    assert list(parse_log([b"no record"], nonce, True)) == []


def test_window_reads_the_newest_commits_and_says_where_it_was_cut(make_repo):
    repo = make_repo()
    shas = [repo.commit(f"c{i}", {f"f{i}.yaml": "x\n"}, date=f"2026-01-0{i + 1}")
            for i in range(4)]
    with open_repo(str(repo.path)) as git:
        whole = git.window()
        assert whole.cut is None and set(whole.paths) == {f"f{i}.yaml" for i in range(4)}
        assert git.window(depth=4).cut is None  # exactly the whole history: nothing unread
        cut = git.window(depth=2)
        assert set(cut.paths) == {"f2.yaml", "f3.yaml"} and cut.cut.sha == shas[2]
        assert git.history(depth=2) == cut.paths
        assert git.last_commit("f3.yaml") == cut.paths["f3.yaml"]
