"""Load policy packs: validate against the meta-schema, then each rule's check options.

Every problem is a PolicyError naming the file, the rule id and the line.  For the
built-in pack, exactly as shipped, Cerberus's recorded answers stand in for running it
again (checker.policy.record).
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

from checker.checks import compile_check
from checker.conditions import compile_condition
from checker.errors import LoadError, PolicyError
from checker.loaders import text, values, yaml_doc
from checker.model import KINDS, Rule, Severity
from checker.policy import installed, record
from checker.policy.installed import is_installed_pack
from checker.policy.schema import PACK
from checker.validation import validate

BUILTIN_PACK = "unified-safety-security"


def builtin_dir() -> Path:
    """The folder of built-in packs: package data when installed, ``policies/`` in a checkout."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "builtin_policies"
    return installed if installed.is_dir() else package.parent / "policies"


def pack_files(path: str | Path) -> list[Path]:
    """A pack is a YAML file or a folder of them (sorted, no recursion into fixtures);
    ``pkg:NAME`` is one shipped in an installed distribution (checker.policy.installed)."""
    root = installed.locate(path) if is_installed_pack(path) else Path(path)
    if root.is_dir():
        members = sorted(p for p in root.iterdir() if p.suffix in (".yaml", ".yml"))
        for member in members:
            # a link could lead anywhere (a file outside the repository would be read and
            # its key names shown in errors): a pack folder holds its files itself
            if member.is_symlink():
                raise PolicyError("is a symlink; a pack folder's files are read only as "
                                  "regular files, so it is refused unread", file=str(member))
        found = [p for p in members if p.is_file()]
        if not found:
            raise PolicyError("no policy files (*.yaml) in folder", file=str(root))
        return found
    if not root.is_file():
        raise PolicyError("policy pack not found", file=str(root))
    return [root]


def load_packs(paths: list[str | Path]) -> tuple[list[Rule], dict[str, Any]]:
    """All rules of all packs (sorted by pack, id) and the merged default settings."""
    rules: list[Rule] = []
    settings: dict[str, Any] = {}
    seen: dict[str, str] = {}
    for path in paths:
        for file in pack_files(path):
            pack_rules, pack_settings = load_pack_file(file)
            for rule in pack_rules:
                if rule.id in seen:
                    raise PolicyError(f"duplicate rule id (also defined in {seen[rule.id]})",
                                      file=str(file), line=rule.line, rule=rule.id)
                seen[rule.id] = f"{file}:{rule.line}"
            rules.extend(pack_rules)
            for key, value in pack_settings.items():
                settings.setdefault(key, value)
    return sorted(rules, key=lambda r: (r.pack, r.id)), settings


def load_pack_file(file: Path) -> tuple[list[Rule], dict[str, Any]]:
    name = str(file)
    try:
        with file.open("rb") as handle:
            raw = handle.read(text.DEFAULT_MAX_BYTES + 1)
        data, locate = yaml_doc.parse(text.decode(raw))
        values.refuse_odd_values(data, locate)
    except LoadError as exc:
        raise PolicyError(exc.message, file=name, line=exc.line) from None
    except OSError as exc:
        raise PolicyError(f"cannot read policy: {exc.strerror}", file=name) from None
    if not record.pack_is_valid(raw, PACK):  # the built-in pack, as recorded
        problems = validate(PACK, data, locate)
        if problems:
            line, message = problems[0]
            raise PolicyError(message, file=name, line=line, rule=_rule_at(data, message))
    locked = bool(data.get("locked", False))
    rules = [_rule(item, i, data["pack"], name, locate, locked)
             for i, item in enumerate(data["rules"])]
    return rules, dict(data.get("settings") or {})


def _rule_at(data: Any, message: str) -> str | None:
    if isinstance(data, dict) and message.startswith("rules[") and isinstance(data.get("rules"), list):
        index = int(message[6:message.index("]")])
        item = data["rules"][index] if index < len(data["rules"]) else None
        return item.get("id") if isinstance(item, dict) else None
    return None


def _rule(item: dict[str, Any], index: int, pack: str, file: str,
          locate: Callable[..., Any], pack_locked: bool = False) -> Rule:
    line = locate(("rules", index))
    kinds = (item["applies_to"],) if isinstance(item["applies_to"], str) else tuple(item["applies_to"])
    bad = [k for k in kinds if k not in KINDS]
    if bad or not kinds:
        raise PolicyError(f"applies_to: unknown kind {', '.join(map(str, bad)) or '(none)'}; "
                          f"expected one of {', '.join(KINDS)}", file=file,
                          line=locate(("rules", index, "applies_to")), rule=item["id"])
    rule = Rule(id=item["id"], name=item["name"], title=item["title"],
                dimension=item["dimension"], discipline=item["discipline"],
                severity=Severity.parse(item["severity"]), applies_to=kinds,
                check=item["check"], pack=pack, rationale=item.get("rationale", ""),
                remediation=item.get("remediation", ""), references=item.get("references") or {},
                when=item.get("when"), scope=item.get("scope", "artifact"),
                missing=item.get("missing", "fail"), examples=item.get("examples") or {},
                locked=bool(item.get("locked", pack_locked)), source=file, line=line)
    return _compiled(rule, lambda *p: locate(("rules", index) + p))


def _compiled(rule: Rule, locate: Callable[..., Any]) -> Rule:
    try:
        compiled = compile_check(rule.check)
    except ValueError as exc:
        raise PolicyError(f"check: {exc}", file=rule.source, line=locate("check"),
                          rule=rule.id) from None
    when = None
    if rule.when is not None:
        try:
            when = compile_condition(rule.when)
        except ValueError as exc:
            raise PolicyError(f"when: {exc}", file=rule.source, line=locate("when"),
                              rule=rule.id) from None
    return replace(rule, compiled=(compiled, when))

