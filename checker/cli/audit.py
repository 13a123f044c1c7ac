"""``safesec audit``: every commit of a range (or every tag), from git history."""
from __future__ import annotations

import json
import sys
from typing import Any, Iterator

import click

from checker.cli.common import guarded
from checker.files import write_atomic
from checker.reporters import html
from checker.run.audit import audit as run_history
from checker.run.options import RunOptions


@click.command()
@click.argument("path", default=".", type=click.Path(exists=True, file_okay=False))
@click.option("--range", "range_spec", metavar="A..B", help="Audit every commit of A..B.")
@click.option("--tags", is_flag=True, help="Audit every tag, oldest first.")
@click.option("--policy", "policies", multiple=True, metavar="PACK_OR_DIR")
@click.option("--config", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "json_file", type=click.Path(dir_okay=False),
              help="Write the audit as JSON here.")
@click.option("--html", "html_file", type=click.Path(dir_okay=False),
              help="Write the audit as a self-contained HTML page here.")
@click.pass_context
def audit(ctx: click.Context, path: str, range_spec: str | None, tags: bool,
          policies: tuple[str, ...], config: str | None, json_file: str | None,
          html_file: str | None) -> None:
    """Evaluate every commit of a range (or every tag) straight from git history:
    results per commit, the sign-off trail of threat models and eval reports, a timeline.
    Exit code 0, or 2 when git history cannot be read."""
    if bool(range_spec) == tags:
        raise click.UsageError("give exactly one of --range A..B and --tags")
    guarded(ctx, lambda: run_audit(path, range_spec, tags, policies, config, json_file,
                                   html_file))


def _bar(items: list[Any]) -> Iterator[Any]:
    with click.progressbar(items, label="auditing", file=sys.stderr) as bar:
        yield from bar


def run_audit(path: str, range_spec: str | None, tags: bool, policies: tuple[str, ...],
              config: str | None, json_file: str | None, html_file: str | None) -> int:
    opts = RunOptions(root=path, policies=policies, config=config)
    doc, last = run_history(opts, range_spec=range_spec, tags=tags,
                            progress=_bar if sys.stderr.isatty() else None)
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if json_file:
        write_atomic(json_file, text)
    if html_file and last is not None:
        write_atomic(html_file, html.render(last, audit=doc))
    if not json_file:
        click.echo(text, nl=False)
        return 0
    for entry in doc["commits"]:
        name = f" {entry['tag']}" if entry["tag"] else ""
        click.echo(f"{entry['sha'][:12]} {entry['date'][:10]}{name}  failed: "
                   f"{', '.join(entry['failed_rules']) or '-'}")
    return 0
