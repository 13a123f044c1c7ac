"""``safesec rules`` and ``safesec explain``: the rules of the packs."""
from __future__ import annotations

import difflib
import json
from typing import Any

import click

from checker.cli.common import guarded
from checker.cli.project import project_root
from checker.errors import UsageError
from checker.model import Rule
from checker.policy.docs import render_rule
from checker.policy.loader import load_packs
from checker.run.config import project_config
from checker.run.options import RunOptions
from checker.run.setup import resolve_policies, select_rules

policy_option = click.option("--policy", "policies", multiple=True, metavar="PACK_OR_DIR",
                             help="Policy pack(s); default the packs a check of the project "
                                  "uses: the built-in pack and those its config names.")


def project_rules(policies: tuple[str, ...]) -> tuple[list[Rule], list[str]]:
    """The rules a ``check`` from here would use, and their pack paths: ``--policy``, else
    the project's packs (its config found from the project root), with the config's
    ``rules:`` applied."""
    config = project_config(RunOptions(root=project_root()))
    packs = resolve_policies(policies, config)
    rules, _settings = load_packs(packs)
    return select_rules(rules, config), [str(p) for p in packs]


def rule_record(rule: Rule) -> dict[str, Any]:
    return {"id": rule.id, "name": rule.name, "title": rule.title, "pack": rule.pack,
            "dimension": rule.dimension, "discipline": rule.discipline,
            "severity": str(rule.severity), "applies_to": list(rule.applies_to),
            "check": rule.check.get("type"), "rationale": rule.rationale,
            "remediation": rule.remediation, "references": dict(rule.references),
            "examples": dict(rule.examples)}


def explain_text(rule: Rule) -> str:
    """The rule's section of the pack's Markdown reference (same text as docs/rules.md)."""
    return render_rule(rule)


@click.command("rules")
@policy_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable list.")
@click.pass_context
def rules(ctx: click.Context, policies: tuple[str, ...], as_json: bool) -> None:
    """List the rules of the policy packs."""
    def action() -> int:
        found, _packs = project_rules(policies)
        if as_json:
            click.echo(json.dumps([rule_record(r) for r in found], indent=2, sort_keys=True))
        else:
            for r in found:
                click.echo(f"{r.id:<8} {str(r.severity):<8} {r.dimension:<15} "
                           f"{r.discipline:<9} {r.name}")
        return 0
    guarded(ctx, action)


@click.command("explain")
@click.argument("rule_id")
@policy_option
@click.pass_context
def explain(ctx: click.Context, rule_id: str, policies: tuple[str, ...]) -> None:
    """Explain one rule: what it checks, why, an example, the fix, references."""
    def action() -> int:
        known, _packs = project_rules(policies)
        wanted = rule_id.strip().casefold()
        found = [r for r in known if wanted in (r.id.casefold(), r.name.casefold())]
        if not found:
            close = difflib.get_close_matches(rule_id.upper(), [r.id for r in known], n=1)
            hint = f"did you mean {close[0]}? " if close else ""
            raise UsageError(f"no rule {rule_id!r} in the packs in use ({hint}see "
                             "'safesec rules')")
        click.echo(explain_text(found[0]), nl=False)
        return 0
    guarded(ctx, action)
