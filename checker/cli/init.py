"""``safesec init``: scaffold the config and the artifact templates."""
from __future__ import annotations

import click

from checker.cli.common import guarded
from checker.scaffold import scaffold


@click.command("init")
@click.argument("path", default=".", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Replace files that already exist.")
@click.pass_context
def init(ctx: click.Context, path: str, force: bool) -> None:
    """Scaffold .safesec.yaml and the artifact templates in PATH (default: .).

    The templates parse, and every TODO in them is a finding until it is filled in.
    """
    def action() -> int:
        for dest, existed in scaffold(path, force=force):
            click.echo(f"{'replaced' if existed else 'created '} {_join(path, dest)}")
        click.echo(f"\nNext: replace every TODO, TBD and <...> value, then run "
                   f"`safesec check {path}` (`safesec explain RULE_ID` says what a rule wants).")
        return 0
    guarded(ctx, action)


def _join(root: str, dest: str) -> str:
    return dest if root in (".", "./") else f"{root.rstrip('/')}/{dest}"
