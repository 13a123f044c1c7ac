"""The project config ``.safesec.yaml`` (or the ``[tool.safesec]`` table of
``pyproject.toml``): validated once, with file:line errors; read from the work tree or as
committed at a git revision."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import Any

from checker.errors import ConfigError, LoadError, UsageError
from checker.git.repo import GitRepo
from checker.globs import check_glob
from checker.loaders import text, toml_doc, values, yaml_doc
from checker.model import KINDS, SEVERITIES, Severity, Waiver
from checker.policy.installed import is_installed_pack
from checker.run.options import RunOptions
from checker.validation import parse_date, validate

CONFIG_NAME = ".safesec.yaml"
PYPROJECT = "pyproject.toml"  # its [tool.safesec] table, when there is no .safesec.yaml
WAIVER_REASONS = ("not-applicable", "risk-accepted", "false-positive", "remediation-planned")
_STR = {"type": "string", "empty": False}
_WAIVER = {
    "id": _STR, "rule": {**_STR, "required": True}, "path": {**_STR, "required": True},
    "reason": {"type": "string", "required": True, "allowed": list(WAIVER_REASONS)},
    "justification": {**_STR, "required": True}, "owner": {**_STR, "required": True},
    "approved_by": {"type": ["string", "list"], "required": True, "empty": False},
    "expires": {"type": "isodate", "required": True},
}
SCHEMA = {
    "packs": {"type": "list", "schema": _STR},
    "builtin": {"type": "boolean"},
    "fail_on": {"type": "string", "allowed": list(SEVERITIES)},
    "as_of": {"type": "isodate"},
    "max_file_bytes": {"type": "integer", "min": 1},
    "artifacts": {"type": "dict", "keysrules": {"type": "string", "allowed": list(KINDS)},
                  "valuesrules": {"type": "list", "schema": _STR}},
    "exclude": {"type": "list", "schema": _STR},
    "include_tests_and_examples": {"type": "boolean"},
    "settings": {"type": "dict"},
    "rules": {"type": "dict", "schema": {
        "disable": {"type": "list", "schema": _STR},
        "only": {"type": "list", "schema": _STR},
        "severity": {"type": "dict", "valuesrules": {"type": "string",
                                                      "allowed": list(SEVERITIES)}}}},
    "waivers": {"type": "list", "schema": {"type": "dict", "schema": _WAIVER}},
}


@dataclass(frozen=True)
class ProjectConfig:
    path: str | None = None
    packs: tuple[str, ...] = ()
    builtin: bool = True
    fail_on: Severity | None = None
    as_of: dt.date | None = None
    max_file_bytes: int = text.DEFAULT_MAX_BYTES
    artifacts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # kind -> globs
    exclude: tuple[str, ...] = ()
    # read files under tests/, examples/, fixtures/, ... and documentation-site copies too
    include_tests_and_examples: bool = False
    settings: dict[str, Any] = field(default_factory=dict)
    disable: tuple[str, ...] = ()
    only: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    waivers: tuple[Waiver, ...] = ()
    rule_lines: dict[str, int] = field(default_factory=dict)  # rule id -> its line under rules:
    key_lines: dict[str, int] = field(default_factory=dict)  # top-level key -> its line
    setting_lines: dict[str, int] = field(default_factory=dict)  # setting -> its line


def load_config(path: str | None, *, raw: bytes | None = None, display: str | None = None,
                root: str | None = None, packs_in: str | None = None) -> ProjectConfig:
    """Read and validate a config file; ``raw`` lets git supply the bytes (--waivers-from).

    With ``root`` (the checked tree, whose config a pull request may edit) the file must
    lie inside that tree.  With ``packs_in`` (the checked tree) the packs it names are
    relative to that tree and must stay inside it, links resolved: nothing outside is read.
    Bytes from git (``raw``) must also name packs as plain relative paths.
    """
    if path is None and raw is None:
        return ProjectConfig()
    name = display or path or CONFIG_NAME
    raw_from_git = raw is not None
    try:
        if raw is None:
            raw = _read_file(str(path), root, name)
        data, locate = _parse(text.decode(raw), name)
        values.refuse_odd_values(data, locate)
    except OSError as exc:
        raise ConfigError(f"cannot read config: {exc.strerror}", file=name) from None
    except LoadError as exc:
        raise ConfigError(exc.message, file=name, line=exc.line) from None
    if data is None:
        return ProjectConfig(path=name)
    problems = validate(SCHEMA, data, locate)
    if problems:
        line, message = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ConfigError(f"{message}{more}", file=name, line=line)
    for where, glob in _globs(data):
        if (why := check_glob(glob)) is not None:
            label = where[0] + "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in where[1:])
            raise ConfigError(f"{label}: {why}", file=name, line=locate(where))
    config = _build(name, data, locate, packs_in or os.path.dirname(path or ""))
    if packs_in is not None:
        for index, pack in enumerate(config.packs):
            typed = data["packs"][index]
            if is_installed_pack(typed):
                continue
            if not _inside(pack, packs_in) or (raw_from_git and not _plain_relative(typed)):
                raise ConfigError(f"packs[{index}]: {typed!r} is outside the "
                                  "repository; pass packs from elsewhere with --policy",
                                  file=name, line=locate(("packs", index)))
    return config


def project_config(opts: RunOptions) -> ProjectConfig:
    """``--config``, else the checked tree's ``.safesec.yaml``, else its ``pyproject.toml``
    with a ``[tool.safesec]`` table, else the defaults."""
    if opts.config:  # typed by the user, so it may live anywhere; its packs may not
        return load_config(opts.config, packs_in=opts.root)
    name = default_config_name(opts.root)
    if name is None:
        return ProjectConfig()
    return load_config(os.path.join(opts.root, name), display=name, root=opts.root,
                       packs_in=opts.root)


def default_config_name(root: str) -> str | None:
    """The config file of the tree at ``root`` when none is typed: ``.safesec.yaml``, else
    ``pyproject.toml`` when it has a ``[tool.safesec]`` table, else None."""
    if os.path.isfile(os.path.join(root, CONFIG_NAME)):
        return CONFIG_NAME
    if pyproject_has_config(os.path.join(root, PYPROJECT)):
        return PYPROJECT
    return None


def pyproject_has_config(path: str) -> bool:
    """``path`` is a ``pyproject.toml`` with a ``[tool.safesec]`` table (one that does not
    parse counts when it names the table, so the run reports its error)."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(text.DEFAULT_MAX_BYTES + 1)
    except OSError:
        return False
    return _has_table(raw)


def _has_table(raw: bytes) -> bool:
    try:
        data, _locate = toml_doc.parse(text.decode(raw))
    except LoadError:
        return b"tool.safesec" in raw
    tool = data.get("tool")
    return isinstance(tool, dict) and "safesec" in tool


def _parse(source: str, name: str) -> tuple[Any, Any]:
    """YAML, or the ``[tool.safesec]`` table of a ``pyproject.toml`` (lines of the file)."""
    if os.path.basename(name.rpartition(":")[2]) != PYPROJECT:
        return yaml_doc.parse(source)
    data, locate = toml_doc.parse(source)
    tool = data.get("tool")
    table = tool.get("safesec") if isinstance(tool, dict) else None
    if not isinstance(table, dict):
        raise LoadError("has no [tool.safesec] table", line=1)
    header = next((n for n, line in enumerate(source.split("\n"), 1)
                   if line.strip().startswith("[tool.safesec")), 1)
    return table, lambda path: locate(path) if path else header


def root_relative(path: str, root: str) -> str | None:
    """``path`` relative to ``root`` with "/" between folders, or None when it lies outside."""
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return None
    return rel.replace(os.sep, "/")


def config_name(opts: RunOptions) -> str:
    """The config's path inside the checked tree, as git names it (with no ``--config``,
    the work tree's: ``.safesec.yaml``, or ``pyproject.toml`` when only it has one)."""
    if not opts.config:
        return default_config_name(opts.root) or CONFIG_NAME
    rel = root_relative(opts.config, opts.root)
    if rel is None:
        raise UsageError(f"--config {opts.config} is outside {opts.root}, so it cannot be read "
                         "from a git revision")
    return rel


def config_at(repo: GitRepo, opts: RunOptions, rev: str) -> ProjectConfig:
    """The project config as committed at ``rev`` (none there: the defaults, no waivers).

    Its packs are read from the work tree, so they must name paths inside it."""
    tree = repo.list_tree(rev)
    names = [config_name(opts)] if opts.config else [CONFIG_NAME, PYPROJECT]
    for name in names:
        entry = tree.get(name)
        if entry is None:
            continue
        raw = repo.read_object(entry.blob)
        if name == PYPROJECT and not opts.config and not _has_table(raw):
            continue
        return load_config(None, raw=raw, display=f"{rev}:{name}", packs_in=opts.root)
    return ProjectConfig()


def _read_file(path: str, root: str | None, name: str) -> bytes:
    if root is not None and not _inside(path, root):
        raise ConfigError("is a symlink leading outside the repository; not read", file=name)
    with open(path, "rb") as handle:
        return handle.read(text.DEFAULT_MAX_BYTES + 1)


def _inside(path: str, root: str) -> bool:
    real, top = os.path.realpath(path), os.path.realpath(root)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def _plain_relative(path: str) -> bool:
    """Relative and never stepping up: the same place in every revision's tree."""
    parts = path.replace("\\", "/").split("/")
    return not os.path.isabs(path) and ".." not in parts and not path.startswith("~")


def _build(name: str, data: dict[str, Any], locate: Any, base: str) -> ProjectConfig:
    rules = data.get("rules") or {}
    return ProjectConfig(
        path=name,
        packs=tuple(p if is_installed_pack(p) else os.path.join(base, p)
                    for p in data.get("packs") or ()),
        builtin=data.get("builtin", True),
        fail_on=Severity.parse(data["fail_on"]) if data.get("fail_on") else None,
        as_of=parse_date(data.get("as_of")),
        max_file_bytes=data.get("max_file_bytes", text.DEFAULT_MAX_BYTES),
        artifacts={k: tuple(v) for k, v in (data.get("artifacts") or {}).items()},
        exclude=tuple(data.get("exclude") or ()),
        include_tests_and_examples=bool(data.get("include_tests_and_examples", False)),
        settings=dict(data.get("settings") or {}),
        disable=tuple(rules.get("disable") or ()),
        only=tuple(rules.get("only") or ()),
        severity={k: Severity.parse(v) for k, v in (rules.get("severity") or {}).items()},
        waivers=tuple(_waiver(w, i, name, locate) for i, w in enumerate(data.get("waivers") or ())),
        rule_lines=_rule_lines(rules, locate),
        key_lines={key: locate((key,)) for key in data},
        setting_lines={key: locate(("settings", key)) for key in data.get("settings") or {}},
    )


def _globs(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    """Every glob the config names, with where it is: checked before any is used."""
    found: list[tuple[tuple[Any, ...], str]] = [
        (("exclude", i), g) for i, g in enumerate(data.get("exclude") or ())]
    for kind, globs in (data.get("artifacts") or {}).items():
        found += [(("artifacts", kind, i), g) for i, g in enumerate(globs)]
    critical = (data.get("settings") or {}).get("safety_critical_paths")
    if isinstance(critical, list):
        found += [(("settings", "safety_critical_paths", i), g) for i, g in enumerate(critical)
                  if isinstance(g, str)]
    found += [(("waivers", i, "path"), w["path"]) for i, w in enumerate(data.get("waivers") or ())]
    return found


def _rule_lines(rules: dict[str, Any], locate: Any) -> dict[str, int]:
    """Where each rule id is named under ``rules:``, for errors about unknown ids."""
    lines: dict[str, int] = {}
    for section in ("disable", "only"):
        for index, rule_id in enumerate(rules.get(section) or ()):
            lines.setdefault(rule_id, locate(("rules", section, index)))
    for rule_id in rules.get("severity") or {}:
        lines.setdefault(rule_id, locate(("rules", "severity", rule_id)))
    return lines


def _waiver(item: dict[str, Any], index: int, source: str, locate: Any) -> Waiver:
    approved = item["approved_by"]
    return Waiver(id=item.get("id") or f"W{index + 1}", rule=item["rule"], path=item["path"],
                  reason=item["reason"], justification=item["justification"],
                  owner=item["owner"],
                  approved_by=tuple([approved] if isinstance(approved, str) else approved),
                  expires=parse_date(item["expires"]).isoformat(),  # type: ignore[union-attr]
                  source=source, line=locate(("waivers", index)))
