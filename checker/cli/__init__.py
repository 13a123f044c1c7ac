"""Command line: each command translates its options into a call and an exit code.

Exit codes: 0 nothing at or above the gate; 1 findings at or above it; 2 usage,
config or policy error, or an artifact that cannot be read; 3 internal error.
"""
from __future__ import annotations

import click

from checker import __version__
from checker.cli import audit, check, init, policy, rules, schema
from checker.cli.common import EXIT_HELP


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_HELP)
@click.version_option(__version__, "--version", prog_name="safesec")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """safesec: policy-as-code checks of AI risk evidence (safety, security, interplay)."""
    ctx.obj = {"debug": debug}


main.add_command(check.check)
main.add_command(audit.audit)
main.add_command(rules.rules)
main.add_command(rules.explain)
main.add_command(policy.policy)
main.add_command(init.init)
main.add_command(schema.schema)
