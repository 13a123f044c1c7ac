"""What a ``check`` run was asked to do: a frozen value the CLI builds and
``checker.run.check`` reads."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RunOptions:
    root: str = "."
    policies: tuple[str, ...] = ()  # pack files/folders; empty = built-in pack + config packs
    config: str | None = None  # default: ROOT/.safesec.yaml when present
    fail_on: str | None = None  # severity name or "none"; default from config, else high
    as_of: dt.date | None = None
    files: tuple[str, ...] | None = None  # pre-commit mode: only rules reading these
    changed_since: str | None = None
    rev: str | None = None
    waivers_from: str | None = None  # the older name of config_from; means the same
    config_from: str | None = None  # the gate (config and repository packs) comes from REF

    @property
    def base_ref(self) -> str | None:
        """The revision the gate is read from (``--config-from``/``--waivers-from``)."""
        return self.config_from or self.waivers_from
    outputs: dict[str, str] = field(default_factory=dict)  # reporter name -> file path
    stdout_format: str = "console"
    junit_strict: bool = False
    verbose: bool = False
    quiet: bool = False  # console: only what fails the gate, and the gate line
    color: str = "auto"  # console colour: auto (NO_COLOR, FORCE_COLOR, a terminal) | always | never
    jobs: int = 1  # worker processes evaluating systems (checker.run.parallel)
    baseline: str | None = None  # report only failures not in this file (checker.run.baseline)
    write_baseline: str | None = None  # record the run's failures in this file
    crosswalk: tuple[str, ...] = ()  # per-framework views in the JSON and HTML reports
