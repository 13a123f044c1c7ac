"""Commands about rules: ``rules``, ``explain``, ``policy validate``."""
from __future__ import annotations

import json
from typing import Any, Callable

import click


def _load(policies: tuple) -> list:
    from checker.config import ProjectConfig
    from checker.policy.loader import load_packs
    from checker.runner import resolve_policies

    rules, _settings = load_packs(resolve_policies(policies, ProjectConfig()))
    return rules


def rule_record(rule: Any) -> dict:
    return {"id": rule.id, "name": rule.name, "title": rule.title, "pack": rule.pack,
            "dimension": rule.dimension, "discipline": rule.discipline,
            "severity": str(rule.severity), "applies_to": list(rule.applies_to),
            "check": rule.check.get("type"), "rationale": rule.rationale,
            "remediation": rule.remediation, "references": dict(rule.references),
            "examples": dict(rule.examples)}


def explain_text(rule: Any) -> str:
    """The rule's section of the pack's Markdown reference (same text as docs/rules.md)."""
    from checker.ruledocs import render_rule

    return render_rule(rule)


def register(main: click.Group, guarded: Callable) -> None:
    policy_opt = click.option("--policy", "policies", multiple=True, metavar="PACK_OR_DIR",
                              help="Policy pack(s); default the built-in pack.")

    @main.command("rules")
    @policy_opt
    @click.option("--json", "as_json", is_flag=True, help="Machine-readable list.")
    @click.pass_context
    def rules_cmd(ctx: click.Context, policies: tuple, as_json: bool) -> None:
        """List the rules of the policy packs."""
        def action() -> int:
            rules = _load(policies)
            if as_json:
                click.echo(json.dumps([rule_record(r) for r in rules], indent=2, sort_keys=True))
            else:
                for r in rules:
                    click.echo(f"{r.id:<8} {str(r.severity):<8} {r.dimension:<15} "
                               f"{r.discipline:<9} {r.name}")
            return 0
        guarded(ctx, action)

    @main.command("explain")
    @click.argument("rule_id")
    @policy_opt
    @click.pass_context
    def explain_cmd(ctx: click.Context, rule_id: str, policies: tuple) -> None:
        """Explain one rule: what it checks, why, an example, the fix, references."""
        def action() -> int:
            from checker.errors import UsageError

            found = [r for r in _load(policies) if rule_id in (r.id, r.name)]
            if not found:
                raise UsageError(f"no rule {rule_id!r} (see 'safesec rules')")
            click.echo(explain_text(found[0]), nl=False)
            return 0
        guarded(ctx, action)

    @main.group("policy")
    def policy_group() -> None:
        """Work on policy packs: validate, test, docs."""

    @policy_group.command("validate")
    @click.argument("path", type=click.Path(exists=True))
    @click.pass_context
    def validate_cmd(ctx: click.Context, path: str) -> None:
        """Validate a pack (file or folder): meta-schema, check options, ids."""
        def action() -> int:
            from checker.policy.loader import load_packs

            rules, _settings = load_packs([path])
            click.echo(f"{path}: {len(rules)} rules, valid")
            return 0
        guarded(ctx, action)
