"""One small error hierarchy; the CLI maps it to exit codes (2 for all of these)."""
from __future__ import annotations


class CheckerError(Exception):
    """Base of every error safesec reports to the user as one line."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 rule: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.rule = rule

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        rule = f"rule {self.rule}: " if self.rule else ""
        return f"{where}{rule}{self.message}"


class UsageError(CheckerError):
    """Bad command-line arguments."""


class ConfigError(CheckerError):
    """Invalid .safesec.yaml."""


class PolicyError(CheckerError):
    """Invalid policy pack."""


class LoadError(CheckerError):
    """An artifact that cannot be read or parsed."""


class GitError(CheckerError):
    """Git history is needed but cannot be read (no repo, shallow, no git, refused)."""


class FindingError(GitError):
    """A git error that is a finding about the repository: it fails the rule that needed
    history instead of making the run's input unreadable."""
