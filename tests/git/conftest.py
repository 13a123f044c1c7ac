"""Real git repositories built in tmp_path: commits with fixed dates, trailers, tags."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _no_user_git_config(isolated_git: Path) -> Path:
    """Every git test runs with ``isolated_git`` (tests/conftest.py)."""
    return isolated_git


class RepoBuilder:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, date: str = "2026-01-01T12:00:00+00:00") -> str:
        env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        done = subprocess.run(["git", *args], cwd=self.path, env=env, check=True,
                              capture_output=True, text=True)
        return done.stdout.strip()

    def write(self, rel: str, text: str) -> Path:
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target

    def commit(self, message: str, files: dict[str, str] | None = None, *,
               date: str = "2026-01-01", trailers: dict[str, str] | None = None,
               remove: tuple[str, ...] = ()) -> str:
        for rel, text in (files or {}).items():
            self.write(rel, text)
            self.git("add", "--", rel)
        for rel in remove:
            self.git("rm", "-q", "--", rel)
        if trailers:
            message += "\n\n" + "\n".join(f"{k}: {v}" for k, v in trailers.items())
        stamp = date if "T" in date else f"{date}T12:00:00+00:00"
        self.git("commit", "-q", "--allow-empty", "-m", message, date=stamp)
        return self.git("rev-parse", "HEAD")

    def tag(self, name: str, *, date: str = "2026-01-01", message: str | None = None) -> None:
        stamp = date if "T" in date else f"{date}T12:00:00+00:00"
        if message:
            self.git("tag", "-a", name, "-m", message, date=stamp)
        else:
            self.git("tag", name, date=stamp)


@pytest.fixture
def make_repo(tmp_path: Path):
    def make(name: str = "repo") -> RepoBuilder:
        return RepoBuilder(tmp_path / name)
    return make
