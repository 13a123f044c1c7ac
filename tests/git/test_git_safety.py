"""Git cannot be turned against the user (issue 14, item 4; redteam H1 and the .git/config
note): configuration a repository supplies runs no program, and a git directory committed
inside the work tree (an embedded bare repository) is never the repository."""
from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from checker.errors import GitError
from checker.git.repo import open_repo
from tests.git.conftest import RepoBuilder
from tests.git.test_cli_git import PACK, SIGNED, TM, WAIVER, check, history, statuses  # noqa: F401


def _script(folder: Path, name: str, marks: Path) -> str:
    """A program that leaves ``marks/name`` behind and otherwise acts like ``cat``."""
    path = folder / name
    path.write_text(f'#!/bin/sh\ntouch "{marks / name}"\n'
                    'if [ -f "$1" ]; then cat "$1"; else cat; fi\n', encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def _hostile_config(repo: RepoBuilder, tools: Path, marks: Path) -> None:
    """.git/config (and .gitattributes) asking git to run a program at every occasion."""
    tools.mkdir()
    marks.mkdir()
    hooks = tools / "hooks"
    hooks.mkdir()
    for hook in ("post-checkout", "post-index-change", "reference-transaction",
                 "fsmonitor-watchman", "pre-auto-gc", "post-merge"):
        _script(hooks, hook, marks)
    settings = {
        "core.fsmonitor": _script(tools, "fsmonitor", marks),
        "core.hooksPath": str(hooks),
        "core.pager": _script(tools, "pager", marks),
        "pager.log": _script(tools, "pager-log", marks),
        "diff.external": _script(tools, "external-diff", marks),
        "diff.evil.textconv": _script(tools, "textconv", marks),
        "filter.evil.clean": _script(tools, "filter-clean", marks),
        "filter.evil.smudge": _script(tools, "filter-smudge", marks),
        "core.sshCommand": _script(tools, "ssh", marks),
        "credential.helper": "!" + _script(tools, "credential", marks),
        "core.askPass": _script(tools, "askpass", marks),
        "core.alternateRefsCommand": _script(tools, "alternate-refs", marks),
        "gpg.program": _script(tools, "gpg", marks),
        "log.showSignature": "true",
    }
    for key, value in settings.items():
        repo.git("config", key, value)


@pytest.fixture
def hostile(history, tmp_path):
    """The history repository, its .git/config full of commands, a change in the work tree."""
    history.commit("attributes", {".gitattributes": "* diff=evil filter=evil\n"},
                   date="2026-02-02")
    marks = tmp_path / "marks"
    _hostile_config(history, tmp_path / "tools", marks)
    history.write("threat-model.yaml", TM.replace("[a]", "[c]"))  # same size: git must look inside
    return marks


def _ran(marks: Path) -> list[str]:
    return sorted(os.listdir(marks))


@pytest.mark.parametrize("options", [
    (), ("--changed-since", "v1"), ("--changed-since", "v1", "--rev", "HEAD"),
    ("--rev", "v2"), ("--waivers-from", "main"), ("--files", "threat-model.yaml"),
])
def test_repository_config_runs_no_program_in_check(hostile, options):
    code, doc, err = check(*options)
    assert code in (0, 1), err
    assert _ran(hostile) == []


@pytest.mark.parametrize("options", [("--tags",), ("--range", "v1..HEAD")])
def test_repository_config_runs_no_program_in_audit(hostile, cli, options):
    result = cli("audit", "--policy", PACK, *options)
    assert result.exit_code == 0, result.stderr
    assert _ran(hostile) == []


# -- an embedded bare repository (H1) ---------------------------------------------------------

def _embed(outer: RepoBuilder, fake: RepoBuilder, folder: str, marks: Path) -> None:
    """Commit ``fake``'s git directory into ``outer/folder`` as ordinary files, set up so that
    git and GitPython would both take it for the repository of ``folder``, with a
    ``core.fsmonitor`` command."""
    target = outer.path / folder
    for entry in (fake.path / ".git").iterdir():
        if entry.is_dir():
            shutil.copytree(entry, target / entry.name, dirs_exist_ok=True)
        else:
            shutil.copy2(entry, target / entry.name)
    (target / folder).symlink_to(".")
    fake.git("config", "-f", str(target / "config"), "core.worktree", folder)
    fake.git("config", "-f", str(target / "config"), "core.fsmonitor",
             _script(outer.path.parent, "fsmonitor", marks))
    (target / "hooks").exists() and shutil.rmtree(target / "hooks")
    outer.git("add", "-A", "--", folder)
    outer.git("commit", "-q", "-m", "add an embedded repository")


@pytest.fixture
def embedded(make_repo, tmp_path, monkeypatch):
    """``ml/`` of the real repository fails T-SIGN and T-AFTER; a committed fake git directory
    in ``ml/`` tells a history where everything passes and the base waives T-SIGN."""
    marks = tmp_path / "marks"
    marks.mkdir()
    real = make_repo("real")
    real.commit("start", {"ml/model/weights.py": "1\n", "ml/threat-model.yaml": TM,
                          "ml/evals/e.yaml": "schema: eval-report/v1\n"}, date="2026-01-01")
    real.commit("retrain", {"ml/model/weights.py": "2\n"}, date="2026-02-01")
    real.git("checkout", "-q", "-b", "pr")
    fake = make_repo("fake")
    fake.commit("fake", {"model/weights.py": "2\n", "threat-model.yaml": TM,
                         "evals/e.yaml": "schema: eval-report/v1\n", ".safesec.yaml": WAIVER},
                date="2026-03-01", trailers=SIGNED)
    _embed(real, fake, "ml", marks)
    monkeypatch.chdir(real.path)
    return real, marks


def test_embedded_repository_runs_no_fsmonitor_under_changed_since(embedded):
    real, marks = embedded
    real.write("ml/threat-model.yaml", TM.replace("[a]", "[c]"))
    code, doc, err = check("ml", "--changed-since", "main")
    assert _ran(marks) == []
    assert code == 1 and statuses(doc)["T-SIGN"] == "fail", err


def test_embedded_repository_cannot_supply_the_base_waivers(embedded):
    code, doc, err = check("ml", "--waivers-from", "main")
    assert code == 1 and statuses(doc)["T-SIGN"] == "fail", err
    assert _ran(embedded[1]) == []


def test_embedded_repository_cannot_forge_history(embedded):
    code, doc, err = check("ml")
    assert statuses(doc)["T-AFTER"] == "fail" and statuses(doc)["T-SIGN"] == "fail", err
    assert _ran(embedded[1]) == []


def test_open_repo_uses_the_work_tree_containing_the_path(embedded):
    real, _ = embedded
    with open_repo(str(real.path / "ml" / "model")) as repo:
        assert Path(repo.toplevel).resolve() == real.path.resolve()
        assert repo.prefix == "ml/model/"


def test_a_git_directory_inside_the_work_tree_is_ignored(make_repo):
    """The checked folder itself looks like a git directory: the work tree's .git is used."""
    repo = make_repo()
    repo.commit("a", {"sub/x": "1"})
    for rel in ("sub/objects", "sub/refs"):
        (repo.path / rel).mkdir()
    (repo.path / "sub/HEAD").write_text("ref: refs/heads/main\n")
    with open_repo(str(repo.path / "sub")) as opened:
        assert Path(opened.toplevel).resolve() == repo.path.resolve()
        assert opened.prefix == "sub/" and opened.last_commit("x") is not None


def test_a_work_tree_elsewhere_is_refused_in_one_line(make_repo, tmp_path):
    """A .git whose core.worktree names another folder is not this work tree's repository."""
    repo = make_repo()
    repo.commit("a", {"x": "1"})
    repo.git("config", "core.worktree", str(tmp_path))
    with pytest.raises(GitError, match="refusing the git directory") as caught:
        open_repo(str(repo.path))
    assert str(repo.path) in str(caught.value) and "\n" not in str(caught.value)


def test_linked_worktree_and_submodule_keep_working(make_repo, tmp_path):
    main = make_repo("main")
    main.commit("a", {"threat-model.yaml": TM}, date="2026-01-05", trailers=SIGNED)
    linked = tmp_path / "linked"
    main.git("worktree", "add", "-q", str(linked))
    with open_repo(str(linked)) as repo:
        assert repo.last_commit("threat-model.yaml").time > 0
        assert Path(repo.toplevel).resolve() == linked.resolve()
    outer = make_repo("outer")
    outer.git("-c", "protocol.file.allow=always", "submodule", "add", "-q",
              str(main.path), "sub")
    outer.git("commit", "-q", "-m", "sub")
    with open_repo(str(outer.path / "sub")) as repo:
        assert Path(repo.toplevel).resolve() == (outer.path / "sub").resolve()
        assert repo.last_commit("threat-model.yaml") is not None
