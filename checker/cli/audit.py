"""``safesec audit``: every commit of a range (or every tag), from git history.

Standard output gets a summary for a reader (one line per commit, the changes of the
timeline, the size of the sign-off trail), or the JSON document with ``--json`` (alone
or ``--json -``) or the HTML page with ``--html -``; ``--json FILE`` and ``--html FILE``
write files."""
from __future__ import annotations

import json
import sys
from typing import Any, Iterator

import click

from checker.cli.common import STDOUT, guarded
from checker.files import write_atomic
from checker.reporters import html
from checker.reporters.base import one_line
from checker.run.audit import audit as run_history
from checker.run.options import RunOptions


@click.command()
@click.argument("path", default=".", type=click.Path(exists=True, file_okay=False))
@click.option("--range", "range_spec", metavar="A..B", help="Audit every commit of A..B.")
@click.option("--tags", is_flag=True, help="Audit every tag, oldest first.")
@click.option("--policy", "policies", multiple=True, metavar="PACK_OR_DIR")
@click.option("--config", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "json_file", is_flag=False, flag_value=STDOUT, metavar="[FILE]",
              type=click.Path(dir_okay=False, allow_dash=True),
              help="Write the audit as JSON to FILE; alone (or '-'), print it instead of "
                   "the summary.")
@click.option("--html", "html_file", type=click.Path(dir_okay=False, allow_dash=True),
              help="Write the audit as a self-contained HTML page here ('-' for standard "
                   "output).")
@click.pass_context
def audit(ctx: click.Context, path: str, range_spec: str | None, tags: bool,
          policies: tuple[str, ...], config: str | None, json_file: str | None,
          html_file: str | None) -> None:
    """Evaluate every commit of a range (or every tag) straight from git history:
    results per commit, the sign-off trail of threat models and eval reports, a timeline.
    Exit code 0, or 2 when git history cannot be read."""
    if bool(range_spec) == tags:
        raise click.UsageError("give exactly one of --range A..B and --tags")
    if json_file == STDOUT and html_file == STDOUT:
        raise click.UsageError("--json - and --html - both ask for standard output; only one "
                               "report can go there (write the other to a file)")
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
    texts = {"json": json.dumps(doc, indent=2, ensure_ascii=False) + "\n"}
    if html_file and last is not None:
        texts["html"] = html.render(last, audit=doc)
    printed = False
    for name, target in (("json", json_file), ("html", html_file)):
        if target and name in texts:
            if target == STDOUT:
                click.echo(texts[name], nl=False)
                printed = True
            else:
                write_atomic(target, texts[name])
    if not printed:
        click.echo(summary(doc), nl=False)
    return 0


def summary(doc: dict[str, Any]) -> str:
    """The audit for a reader: what was audited, a line per commit with the rules failing
    there, where the failing set changed, and the size of the sign-off trail."""
    commits = doc["commits"]
    what = "every tag" if doc["tags"] else f"range {doc['range']}"
    lines = [f"audit of {one_line(what)}: {len(commits)} commit{'s' if len(commits) != 1 else ''}"
             f" ({doc['cached_results']} results reused from unchanged files)"]
    for entry in commits:
        tag = f" {entry['tag']}" if entry["tag"] else ""
        failed = ", ".join(entry["failed_rules"]) or "-"
        errors = f"; errors: {', '.join(entry['error_rules'])}" if entry["error_rules"] else ""
        lines.append(one_line(f"{entry['sha'][:12]} {entry['date'][:10]}{tag}  failed: "
                              f"{failed}{errors}"))
    for event in doc["timeline"]:
        changes = []
        if event["newly_failing"]:
            changes.append(f"newly failing {', '.join(event['newly_failing'])}")
        if event["fixed"]:
            changes.append(f"fixed {', '.join(event['fixed'])}")
        lines.append(one_line(f"changed at {event['sha'][:12]} {event['date'][:10]}: "
                              f"{'; '.join(changes)}"))
    trail = doc["signoff_trail"]
    lines.append(f"sign-off trail: {len(trail)} change{'s' if len(trail) != 1 else ''} to "
                 "threat models and eval reports (--json or --html for the details)")
    return "\n".join(lines) + "\n"
