"""A throw-away git repository for ``safesec policy test``: ``git init`` a case's copy and
commit its paths at given dates, so that history rules see the case's own history.

It runs the ``git`` program directly (nothing is read back), with the user's and the
system's git configuration, hooks and signing kept out.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from checker.errors import UsageError
from checker.validation import parse_date


def commit_all(root: Path, commits: list[dict[str, Any]]) -> None:
    """``git init`` ``root`` (so history rules see this case, never an enclosing repository)
    and make ``commits`` in order: each adds its ``paths`` at noon UTC of its ``date``, with
    its ``message`` (default ``commit N``) and ``trailers``.  Without git, leave ``root`` as
    it is, unless commits were asked for."""
    if not shutil.which("git"):
        if commits:
            raise UsageError("commits: this case needs the `git` program, which is not on PATH")
        return
    _git(root, "init", "-q")
    for number, commit in enumerate(commits, start=1):
        day = parse_date(commit["date"])
        if day is None:
            raise UsageError(f"commits[{number - 1}]: no date")
        date = f"{day.isoformat()}T12:00:00+00:00"
        _git(root, "add", "-A", "--", *commit["paths"])
        trailers = "".join(f"\n{k}: {v}" for k, v in (commit.get("trailers") or {}).items())
        message = commit.get("message") or f"commit {number}"
        _git(root, "commit", "-q", "--allow-empty", "-m",
             message + ("\n" + trailers if trailers else ""), date=date)


def _git(root: Path, *args: str, date: str = "") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    done = subprocess.run(["git", "-c", "user.name=safesec policy test", "-c",
                           "user.email=policy-test@safesec.invalid", "-c", "commit.gpgsign=false",
                           "-c", "core.hooksPath=" + os.devnull, *args], cwd=root, env=env,
                          capture_output=True, text=True, check=False)
    if done.returncode:
        raise UsageError(f"commits: git {args[0]} failed: {done.stderr.strip()[:300]}")
