"""git/fixture.py: the repository of a ``policy test`` case, with its commits at fixed dates."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from checker.errors import FindingError, GitError, UsageError
from checker.git.fixture import commit_all
from checker.git.model import NotARepository
from checker.git.repo import open_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git program")


def test_commits_are_made_in_order_at_noon_of_their_dates(tmp_path: Path) -> None:
    (tmp_path / "evals").mkdir()
    (tmp_path / "evals" / "a.yaml").write_text("a: 1\n")
    (tmp_path / "README.md").write_text("# r\n")
    commit_all(tmp_path, [
        {"date": "2026-10-01", "paths": ["evals"], "message": "evals",
         "trailers": {"Reviewed-by": "Bo"}},
        {"date": dt.date(2026, 11, 1), "paths": ["."]},
    ])
    with open_repo(str(tmp_path)) as repo:
        history = repo.history()
    evals, readme = history["evals/a.yaml"], history["README.md"]
    assert evals.date.isoformat() == "2026-10-01T12:00:00+00:00"
    assert (evals.summary, evals.trailer_values("Reviewed-by")) == ("evals", ["Bo"])
    assert (readme.date.date(), readme.summary) == (dt.date(2026, 11, 1), "commit 2")


def test_without_commits_the_copy_is_an_empty_repository_of_its_own(tmp_path: Path) -> None:
    commit_all(tmp_path, [])
    assert (tmp_path / ".git").is_dir()
    with open_repo(str(tmp_path)) as repo:
        assert repo.head() is None


def test_a_git_failure_is_a_usage_error_naming_the_command(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="commits: git add failed"):
        commit_all(tmp_path, [{"date": "2026-10-01", "paths": ["no-such-path"]}])


def test_no_repository_is_a_finding_error_other_git_errors_are_not() -> None:
    assert issubclass(NotARepository, FindingError) and issubclass(FindingError, GitError)
    assert not issubclass(GitError, FindingError)
