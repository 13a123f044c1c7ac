"""What a check module is, and what it may ask of the run (``Context``).

A check module has ``ID``, ``DESCRIPTION``, ``SCHEMA`` (Cerberus, options without
``type``), ``DEPENDS_ON``, ``compile(options)`` and ``check(compiled, artifact, ctx)``.
Optionally ``SUBCHECKS`` (the option holding the checks it combines: they are
compiled first, and ``compile`` receives them compiled) and
``watched_globs(options, settings)`` (globs of files that are not artifacts but whose
change can change its answer: ``--changed-since``/``--files`` then evaluate it).

``DEPENDS_ON`` names what its answer may depend on besides its options, its own
artifact and the settings.  The artifacts of other kinds it reads are named in its
options (``kind``: ``check_kinds``).  The engine evaluates a repository-wide artifact
once for all systems unless a check depends on ``SYSTEM``; the audit reuses a result
for an unchanged artifact unless a check depends on ``FILES``, ``DATE``, ``GIT`` or
``SYSTEM``.
"""
from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass, field
from typing import Any, Callable, Hashable, Iterator, Protocol, TypeVar

from checker.errors import GitError
from checker.model import Artifact, Finding
from checker.validation import sha256_hex

FILES = "files"    # the repository's files: their list (``ctx.files``), their bytes (``ctx.read``)
DATE = "date"      # the run's as-of date
GIT = "git"        # git history (``ctx.git``)
SYSTEM = "system"  # the system being evaluated (its folder, its artifacts of the same kind)
DEPENDENCIES = frozenset({FILES, DATE, GIT, SYSTEM})

T = TypeVar("T")


class CheckModule(Protocol):
    ID: str
    DESCRIPTION: str
    SCHEMA: dict[str, Any]  # cerberus schema of the options (without ``type``)
    DEPENDS_ON: frozenset[str]  # a subset of DEPENDENCIES

    def compile(self, options: dict[str, Any]) -> Any: ...

    def check(self, compiled: Any, artifact: Artifact, ctx: "Context") -> Iterator[Finding]: ...


Compiled = tuple[CheckModule, Any]  # a check module and its compiled options


def run_check(compiled: Compiled, artifact: Artifact, ctx: "Context") -> Iterator[Finding]:
    module, options = compiled
    return module.check(options, artifact, ctx)


# The options of a check that combines others (``all``, ``any``): the list it names in
# ``SUBCHECKS``, each compiled by checker.checks.compile_check before ``compile`` sees it.
SUBCHECKS_SCHEMA = {"checks": {"type": "list", "required": True, "empty": False,
                               "schema": {"type": "dict", "allow_unknown": True}}}


def compiled_subchecks(options: dict[str, Any]) -> list[Compiled]:
    checks: list[Compiled] = options["checks"]
    return checks


@dataclass
class Context:
    """The system under evaluation: its artifacts, the settings, the clock, git."""

    system: str
    artifacts: list[Artifact]  # every Artifact of this system, shared ones included
    settings: dict[str, Any]
    root: str = "."
    as_of: dt.date = field(default_factory=dt.date.today)
    files: tuple[str, ...] = ()  # every file path in the checked tree (for ``exists``)
    history: Callable[[], Any] | None = None  # returns the git history (lazy), or raises
    # the bytes of a file of the checked tree (work tree, --rev or audit point), whole;
    # OSError when it cannot be read (see ``sha256``)
    read: Callable[[str], bytes] | None = None
    # answers shared by every system of the run (the engine passes one dict to all
    # contexts); see ``once``
    memo: dict[Hashable, Any] = field(default_factory=dict, repr=False, compare=False)
    all_systems: tuple[str, ...] = ()  # every system of the repository (to tell whose a file is)
    _by_kind: dict[str, list[Artifact]] = field(default_factory=dict, init=False, repr=False,
                                                compare=False)

    def once(self, tag: Hashable, objects: tuple[object, ...], compute: Callable[[], T]) -> T:
        """``compute()``, worked out once per run for ``tag`` and these very ``objects``
        (compared by identity, and held for the run so that no other object takes their
        place)."""
        key = (tag, *map(id, objects))
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = (objects, compute())
        return found[1]

    def sha256(self, path: str) -> str:
        """The SHA-256 of a file of the checked tree, read once per run whatever the number
        of systems and rules asking; OSError (the same each time) when it cannot be read."""
        def digest() -> str | OSError:
            if self.read is None:
                return OSError("file contents are not available to this run")
            try:
                return sha256_hex(self.read(path))
            except OSError as exc:
                return exc
        found = self.once(("sha256", path), (), digest)
        if isinstance(found, OSError):
            raise found
        return found

    def system_artifacts(self, kind: str) -> list[Artifact]:
        """This system's artifacts of ``kind`` (found once per kind; do not modify)."""
        found = self._by_kind.get(kind)
        if found is None:
            found = self._by_kind[kind] = [a for a in self.artifacts if a.kind == kind]
        return found

    def owner(self, path: str) -> str | None:
        """Whose a file that is not an artifact is: the system folder deepest above
        ``path``, or None when it lies under no system folder (shared)."""
        systems = self.all_systems or (self.system,)
        folders = self.once(("system-folders", systems), (),
                            lambda: frozenset(s for s in systems if s not in (".", "*")))
        folder = posixpath.dirname(path)
        while folder:
            if folder in folders:
                return folder
            folder = posixpath.dirname(folder)
        return None

    def owned_files(self, tag: Hashable, keep: Callable[[str], bool]) -> list[str]:
        """This system's files of the tree that ``keep`` accepts: those under its folder,
        and those under no system folder where it owns them (``owns_shared``), sorted.
        The tree is filtered and grouped by owner once per run for ``tag``, so that 400
        systems do not each scan every file."""
        def by_owner() -> dict[str | None, list[str]]:
            groups: dict[str | None, list[str]] = {}
            for path in self.files:
                if keep(path):
                    groups.setdefault(self.owner(path), []).append(path)
            return groups

        groups = self.once(("owned-files", tag), (self.files,), by_owner)
        mine = [] if self.system == "." else list(groups.get(self.system, []))
        if self.owns_shared():
            mine += groups.get(None, [])
        return sorted(mine)

    def owns_shared(self) -> bool:
        """Whether files under no system folder count as this system's."""
        return self.system == "." or "." not in (self.all_systems or (self.system,))

    def setting(self, name: str, default: Any = None) -> Any:
        value = self.settings.get(name)
        return default if value is None else value

    @property
    def git(self) -> Any:
        """The repository's history (see checker.git.repo); raises GitError when unavailable."""
        if self.history is None:
            raise GitError("git history is needed for this rule, but none is available")
        return self.history()
