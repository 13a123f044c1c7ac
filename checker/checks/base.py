"""What a check module is, and what it may ask of the run (``Context``)."""
from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Protocol

from checker.model import Artifact, Finding


class CheckModule(Protocol):
    ID: str
    DESCRIPTION: str
    SCHEMA: dict  # cerberus schema of the options (without ``type``)

    def compile(self, options: dict) -> Any: ...

    def check(self, compiled: Any, artifact: Artifact, ctx: "Context") -> Iterator[Finding]: ...


@dataclass
class Context:
    """The system under evaluation: its artifacts, the settings, the clock, git."""

    system: str
    artifacts: list  # every Artifact of this system, shared ones included
    settings: dict
    root: str = "."
    as_of: dt.date = field(default_factory=dt.date.today)
    files: tuple = ()  # every file path in the checked tree (for ``exists``)
    history: Callable[[], Any] | None = None  # returns the git history (lazy), or raises
    # answers shared by every system of the run (the engine passes one dict to all
    # contexts): a check keys them by what they depend on, e.g. CODEOWNERS x globs
    memo: dict = field(default_factory=dict, repr=False, compare=False)
    all_systems: tuple = ()  # every system of the repository (to tell whose a file is)
    _by_kind: dict = field(default_factory=dict, init=False, repr=False, compare=False)

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
        key = ("system-folders", systems)
        folders = self.memo.get(key)
        if folders is None:
            folders = self.memo[key] = frozenset(s for s in systems if s not in (".", "*"))
        folder = posixpath.dirname(path)
        while folder:
            if folder in folders:
                return folder
            folder = posixpath.dirname(folder)
        return None

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
            from checker.errors import GitError

            raise GitError("git history is needed for this rule, but none is available")
        return self.history()
