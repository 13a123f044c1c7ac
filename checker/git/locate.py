"""Where the repository is, and how git runs there without executing anything the repository
configures (pure: no git process here; checker.git.repo runs git).

The repository of a checked folder is the one whose work tree contains it: the first ``.git``
entry (a folder, or a gitfile of a linked worktree or submodule) on the way up from the
folder's real path.  A folder on the way that merely looks like a git directory (an embedded
bare repository committed as plain files) is not a repository here.
"""
from __future__ import annotations

import os

from checker.errors import GitError
from checker.git.model import NotARepository

# Environment of every git process: literal pathspecs, no prompt, no pager, no lazy fetch of
# missing objects, no replace refs (``refs/replace`` would let refs rewrite history).
ENV = {"GIT_LITERAL_PATHSPECS": "1", "LC_ALL": "C", "LANGUAGE": "C", "GIT_OPTIONAL_LOCKS": "0",
       "GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat", "PAGER": "cat", "GIT_NO_LAZY_FETCH": "1",
       "GIT_NO_REPLACE_OBJECTS": "1"}
# ``-c`` settings of every git process: nothing configured in the repository runs a program.
# (External diff and textconv are also switched off per command: ``--no-ext-diff
# --no-textconv`` on diff and log.)
SAFE_CONFIG = (
    "core.fsmonitor=false",          # no fsmonitor hook program (diff/ls-files on the work tree)
    "core.hooksPath=/dev/null",      # no hooks
    "core.pager=cat", "pager.log=false", "pager.diff=false",
    "core.askPass=",                 # no password-prompt program
    "credential.helper=",            # the empty value clears every configured helper
    "core.sshCommand=false",         # no ssh wrapper from the config
    "protocol.allow=never",          # no transport at all (no lazy fetch, no remote helper)
    "core.alternateRefsCommand=false",
    "diff.external=false",
    "safe.bareRepository=explicit",  # git itself never adopts a bare repository it stumbles on
    "core.untrackedCache=false",
    "gpg.program=false", "gpg.ssh.program=false", "gpg.x509.program=false",
    "log.showSignature=false",
)


def _is_git_dir(path: str) -> bool:
    """A git directory, or a linked worktree's (its objects live in the ``commondir``)."""
    if not os.path.isfile(os.path.join(path, "HEAD")):
        return False
    return os.path.isfile(os.path.join(path, "commondir")) or (
        os.path.isdir(os.path.join(path, "objects")) and os.path.isdir(os.path.join(path, "refs")))


def _gitfile_target(dotgit: str) -> str | None:
    """The git directory a ``.git`` file (``gitdir: PATH``) names, absolute; None if unreadable."""
    try:
        with open(dotgit, "rb") as handle:
            line = handle.read(4096).split(b"\n", 1)[0].strip()
    except OSError:
        return None
    if not line.startswith(b"gitdir:"):
        return None
    target = os.fsdecode(line[len(b"gitdir:"):].strip())
    return os.path.realpath(os.path.join(os.path.dirname(dotgit), target))


def find_work_tree(root: str) -> tuple[str, str] | None:
    """(work tree top, git dir) of the checkout containing ``root``, by walking up from its real
    path to the first ``.git`` entry; None when there is none.  Folders on the way that look
    like git directories are not repositories here: only a work tree's ``.git`` counts."""
    here = os.path.realpath(root)
    if not os.path.isdir(here):
        here = os.path.dirname(here)
    while True:
        dotgit = os.path.join(here, ".git")
        if os.path.isdir(dotgit) and not os.path.islink(dotgit):
            return here, dotgit
        if os.path.isfile(dotgit):
            target = _gitfile_target(dotgit)
            if target is None or not _is_git_dir(target):
                raise NotARepository(f"{dotgit} is a .git file that names no git directory")
            return here, target
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent



def filter_overrides(keys: list[str]) -> list[str]:
    """``-c`` settings emptying every configured ``filter.<name>`` program, from the config's
    ``filter.*`` key names: a clean filter runs when git compares work-tree content, and an
    empty one is no filter at all."""
    names = {key.rpartition(".")[0] for key in keys if key.count(".") >= 2}
    bad = sorted(n for n in names if "=" in n or "\n" in n)
    if bad:
        raise GitError(f"refusing git configuration {bad[0]!r}: a filter name with '=' or a "
                       "line break cannot be switched off")
    return [f"{name}.{part}" + ("=false" if part == "required" else "=")
            for name in sorted(names) for part in ("clean", "smudge", "process", "required")]
