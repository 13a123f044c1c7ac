"""All git access of safesec: the only module that imports GitPython (lazily).

Read-only and injection-safe by construction: every revision a user gives is
refused when it starts with ``-`` and resolved once to a full commit id with
``git rev-parse --verify --end-of-options REV^{commit}``; only those ids, fixed
option strings of ours and paths after ``--`` (literal pathspecs) reach git.
Nothing read from the repository is ever passed to git as an option or URL.

Which repository, and the settings under which repository configuration executes
nothing: ``checker.git.locate`` (docs/threat-model.md, "Git").

Merges: a path's *last commit* is the newest commit in ``git log`` order whose
own diff (``--name-only --no-renames``, merges without a diff) changed it - the
commit that authored the change, so its trailers are the review sign-off and,
with squash or rebase merges, its committer date is the landing date.  A merge
commit that itself edits a file (an "evil merge") is not counted.
"""
from __future__ import annotations

import os
import secrets
import shutil
from typing import Any, Iterator

from checker.errors import GitError
from checker.git.locate import ENV, SAFE_CONFIG, filter_overrides, find_work_tree
from checker.git.model import (TAG_FORMAT, BadRevision, Commit, GitUnavailable, NotARepository,
                              ShallowHistory, Tag, TreeEntry, Window, fold_log, parse_log,
                              parse_tags)

__all__ = ["BadRevision", "Commit", "GitError", "GitRepo", "GitUnavailable", "NotARepository",
           "ShallowHistory", "Tag", "TreeEntry", "Window", "open_repo"]

FETCH_HINT = ("fetch the full history: `git fetch --unshallow`, or set `fetch-depth: 0` "
              "on actions/checkout")
_SEP = "%x1f"


def open_repo(root: str) -> "GitRepo":
    """The repository whose work tree contains ``root`` (which may be a subfolder of it)."""
    if not shutil.which("git") and not os.environ.get("GIT_PYTHON_GIT_EXECUTABLE"):
        raise GitUnavailable("git history is needed but no `git` program is on PATH; install git")
    try:
        import git  # noqa: PLC0415 - measured import cost; only history features need GitPython
    except ImportError as exc:
        raise GitUnavailable(f"git history is needed but git cannot be run: {exc}") from None
    found = find_work_tree(root)
    not_repo = NotARepository(f"{root} is not inside a git repository; rules that read git "
                              "history need one (run from a git clone)")
    if found is None:
        raise not_repo
    top, git_dir = found
    try:
        repo = git.Repo(top, expand_vars=False)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise not_repo from None
    # GitPython has its own discovery (it adopts a folder that looks like a git directory,
    # and follows core.worktree): it must agree with ours, or nothing is opened.
    refusal = GitError(f"refusing the git directory {repo.git_dir}: the repository must be "
                       f"the work tree {top} with its own .git")
    if (os.path.realpath(repo.git_dir) != git_dir or repo.working_tree_dir is None
            or os.path.realpath(repo.working_tree_dir) != top):
        repo.close()
        raise refusal
    # git runs in ``top`` and finds ``top/.git`` before anything else; the ceiling keeps it
    # from walking above.  (No GIT_DIR: git's own ownership check, safe.directory, stays on.)
    repo.git.update_environment(GIT_CEILING_DIRECTORIES=os.path.dirname(top))
    opened = GitRepo(repo, root)
    # git's own answer too (it honours core.worktree, which GitPython may not).
    seen = opened._run("rev-parse", "--show-toplevel", "--absolute-git-dir").decode().split("\n")
    if [os.path.realpath(p) for p in seen[:2]] != [top, git_dir]:
        opened.close()
        raise refusal
    return opened


class GitRepo:
    def __init__(self, repo: Any, root: str) -> None:
        self._repo = repo
        repo.git.update_environment(**ENV)
        repo.git.set_persistent_git_options(c=list(SAFE_CONFIG))
        repo.git.set_persistent_git_options(c=[*SAFE_CONFIG, *self._no_filters()])
        self.toplevel = repo.working_tree_dir or repo.git_dir
        rel = os.path.relpath(os.path.realpath(root), os.path.realpath(self.toplevel))
        self.prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        self._shallow = self._run("rev-parse", "--is-shallow-repository").strip() == b"true"
        self._history: dict[tuple[str, int | None], Window] = {}
        self._trees: dict[str, dict[str, TreeEntry]] = {}

    def __enter__(self) -> "GitRepo":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._repo.close()

    # -- running git -------------------------------------------------------
    def _run(self, cmd: str, *args: str) -> bytes:
        import git  # noqa: PLC0415 - already loaded by open_repo; for its exception classes

        try:
            out: bytes = getattr(self._repo.git, cmd.replace("-", "_"))(
                *args, stdout_as_string=False, strip_newline_in_stdout=False)
            return out
        except git.GitCommandNotFound:
            raise GitUnavailable("git history is needed but the git program cannot be run") from None
        except git.GitCommandError as exc:
            raise self._explain(cmd, exc) from None

    def _stream(self, cmd: str, *args: str) -> Iterator[bytes]:
        """The output of a git command in pieces, as it comes (a long history is never held
        in memory in one piece); a failure is raised once the output ends."""
        import git  # noqa: PLC0415 - already loaded by open_repo; for its exception classes

        try:  # an unfinished walk: GitPython ends the process when ``proc`` is collected
            proc = getattr(self._repo.git, cmd.replace("-", "_"))(*args, as_process=True)
            while chunk := proc.stdout.read(1 << 16):
                yield chunk
            proc.wait()
        except git.GitCommandNotFound:
            raise GitUnavailable("git history is needed but the git program cannot be run") from None
        except git.GitCommandError as exc:
            raise self._explain(cmd, exc) from None

    def _no_filters(self) -> list[str]:
        """``-c`` settings emptying every ``filter.<name>`` program the config defines."""
        try:
            out = self._run("config", "--null", "--name-only", "--get-regexp", r"^filter\.")
        except GitError:  # exit 1: no filter configured
            return []
        return filter_overrides(out.decode("utf-8", "replace").split("\0"))

    def _explain(self, cmd: str, exc: Any) -> GitError:
        err = str(exc.stderr).strip().removeprefix("stderr: ").strip("'\n ")
        if "dubious ownership" in err:
            return GitUnavailable(
                f"git refuses to read {self.toplevel}: it is owned by another user (\"dubious "
                "ownership\"); if you trust it, run `git config --global --add safe.directory "
                f"{self.toplevel}` (in CI, on the runner before safesec)")
        last = err.splitlines()[-1] if err else f"exit code {exc.status}"
        return GitError(f"git {cmd} failed: {last}")

    # -- paths ---------------------------------------------------------------
    def to_root(self, repo_path: str) -> str | None:
        """Root-relative form of a repo-relative path; None when outside the root."""
        if repo_path.startswith(self.prefix):
            return repo_path[len(self.prefix):]
        return None

    def to_repo(self, root_path: str) -> str:
        return self.prefix + root_path.replace(os.sep, "/").removeprefix("./")

    def _pathspec(self) -> tuple[str, ...]:
        return ("--", self.prefix) if self.prefix else ("--",)

    # -- revisions -----------------------------------------------------------
    def is_shallow(self) -> bool:
        return self._shallow

    def require_full_history(self) -> None:
        if self._shallow:
            raise ShallowHistory(f"git history is shallow (a clone with --depth), so commit dates "
                                 f"and sign-offs would be wrong; {FETCH_HINT}")

    def resolve(self, rev: str) -> str:
        """Full commit id of a user-given revision; refuses option-like input."""
        if not rev or rev.startswith("-") or any(c in rev for c in "\0\n\r"):
            raise BadRevision(f"refusing revision {rev!r}: a revision must not be empty or "
                              "start with '-'")
        try:
            out = self._run("rev-parse", "--verify", "--quiet", "--end-of-options",
                            rev + "^{commit}")
        except GitError:
            hint = f" (the clone is shallow; {FETCH_HINT})" if self._shallow else ""
            raise BadRevision(f"{rev!r} is not a commit in this repository{hint}") from None
        return out.decode().strip()

    def head(self) -> str | None:
        """HEAD's commit id (works on a detached HEAD); None before the first commit."""
        try:
            return self._run("rev-parse", "--verify", "--quiet", "HEAD^{commit}").decode().strip()
        except GitError:
            return None

    # -- history -------------------------------------------------------------
    def _log(self, revs: list[str], fields: str, names: bool,
             extra: tuple[str, ...] = (), limit: bool = True) -> Iterator[tuple[Commit, list[str]]]:
        nonce = secrets.token_hex(16)
        args = ["-z", "--no-show-signature", "--no-ext-diff", "--no-textconv",
                f"--format={nonce}{fields}", *extra]
        if names:
            args += ["--name-only", "--no-renames"]
        out = self._stream("log", *args, *revs, *(self._pathspec() if limit else ("--",)))
        return parse_log(out, nonce.encode(), names)

    _COMMIT = _SEP.join(("%H", "%ct", "%an", "%s", "%(trailers:only,unfold)"))

    def walk(self, revs: list[str]) -> Iterator[tuple[Commit, list[str]]]:
        """Every commit of ``revs`` (newest first) with the root-relative paths it changed."""
        for commit, names in self._log(revs, self._COMMIT, names=True):
            yield commit, [p for p in map(self.to_root, names) if p is not None]

    def history(self, rev: str | None = None, depth: int | None = None) -> dict[str, Commit]:
        """Last commit of every path under the root, from ONE ``git log`` pass."""
        return self.window(rev, depth).paths

    def window(self, rev: str | None = None, depth: int | None = None) -> Window:
        """The last commits of the paths under the root within the newest ``depth`` commits
        that touch it (None: all), read in one streamed ``git log`` pass."""
        self.require_full_history()
        sha = self.resolve(rev) if rev else self.head()
        if sha is None:
            return Window({}, depth)
        if (sha, depth) not in self._history:
            bound = [] if depth is None else [f"--max-count={depth + 1}"]
            self._history[sha, depth] = fold_log(self.walk(["--date-order", *bound, sha]), depth)
        return self._history[sha, depth]

    def last_commit(self, path: str, rev: str | None = None) -> Commit | None:
        return self.history(rev).get(path.replace(os.sep, "/").removeprefix("./"))

    def commits(self, shas: list[str]) -> list[Commit]:
        """Commit details of already-resolved ids, in the given order."""
        if not shas:
            return []
        return [c for c, _ in self._log(shas, self._COMMIT, False, ("--no-walk=unsorted",), False)]

    def commits_in_range(self, spec: str) -> list[Commit]:
        """Commits of ``A..B`` (B defaults to HEAD), oldest first."""
        left, sep, right = spec.partition("..")
        if not sep or right.startswith(".") or not left:
            raise BadRevision(f"refusing range {spec!r}: expected A..B")
        self.require_full_history()
        base, tip = self.resolve(left), self.resolve(right or "HEAD")
        return [c for c, _ in self._log([tip, "^" + base], self._COMMIT, False, ("--reverse",))]

    def changed_files(self, since: str, rev: str | None = None) -> set[str]:
        """Root-relative paths changed between merge-base(since, rev or HEAD) and rev.

        Without ``rev`` the working tree counts too (uncommitted and untracked files).
        """
        base = self.resolve(since)
        tip = self.resolve(rev) if rev else self.head()
        if tip is None:
            raise BadRevision("the repository has no commit yet; --changed-since needs one")
        try:
            mb = self._run("merge-base", base, tip).decode().strip()
        except GitError:
            hint = f"; the clone is shallow: {FETCH_HINT}" if self._shallow else ""
            raise GitError(f"{since!r} and {rev or 'HEAD'} have no common ancestor{hint}") from None
        diff = ["--name-only", "-z", "--no-renames", "--no-ext-diff", "--no-textconv", mb]
        out = self._run("diff", *diff, *([tip] if rev else []), *self._pathspec())
        if not rev:
            out += b"\0" + self._run("ls-files", "--others", "--exclude-standard", "-z",
                                     "--full-name", *self._pathspec())
        names = (os.fsdecode(n) for n in out.split(b"\0") if n)
        return {p for p in map(self.to_root, names) if p is not None}

    def tags(self) -> list[Tag]:
        """Tags that point at commits, oldest first (tag date, then name)."""
        return parse_tags(self._run("for-each-ref", f"--format={TAG_FORMAT}", "refs/tags"))

    # -- object database -----------------------------------------------------
    def list_tree(self, rev: str) -> dict[str, TreeEntry]:
        """Regular files under the root at ``rev``, read from the object database."""
        sha = self.resolve(rev)
        if sha not in self._trees:
            out = self._run("ls-tree", "-r", "-z", "--full-tree", sha, *self._pathspec())
            entries = {}
            for rec in filter(None, out.split(b"\0")):
                meta, _, name = rec.partition(b"\t")
                mode, kind, blob = meta.decode().split(" ")
                path = self.to_root(os.fsdecode(name))
                if kind == "blob" and mode != "120000" and path is not None:
                    entries[path] = TreeEntry(path, blob, mode)
            self._trees[sha] = entries
        return self._trees[sha]

    def read_object(self, blob: str) -> bytes:
        """Bytes of a blob by id (one persistent ``git cat-file --batch``)."""
        if len(blob) not in (40, 64) or any(c not in "0123456789abcdef" for c in blob):
            raise BadRevision(f"not an object id: {blob!r}")
        data: bytes = self._repo.git.get_object_data(blob)[3]
        return data

    def read_blob(self, rev: str, path: str) -> bytes:
        entry = self.list_tree(rev).get(path)
        if entry is None:
            raise GitError(f"{path} does not exist at {rev}")
        return self.read_object(entry.blob)

