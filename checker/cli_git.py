"""Git options of ``check`` (``--rev``, ``--changed-since``, ``--files``, ``--waivers-from``)
and the ``audit`` command."""
from __future__ import annotations

import json
import sys
from typing import Any, Callable, Iterator

import click


def expand_files(args: list[str]) -> list[str]:
    """``--files a b c`` (how pre-commit appends file names) -> ``--files a --files b ...``.

    The file list runs to the next option or ``--``; ``--files`` alone means no file."""
    out: list[str] = []
    collecting = given = False
    for arg in args:
        if arg == "--files":
            collecting, given = True, False
            continue
        if collecting and not arg.startswith("-"):
            out += ["--files", arg]
            given = True
            continue
        if collecting and not given:
            out += ["--files", ""]
        collecting = False
        out.append(arg)
    if collecting and not given:
        out += ["--files", ""]
    return out


class GitAwareCommand(click.Command):
    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, expand_files(list(args)))


def _files(_ctx: Any, _param: Any, value: tuple) -> tuple | None:
    return tuple(v for v in value if v) if value else None


def git_options(func: Callable) -> Callable:
    options = [
        click.option("--files", multiple=True, callback=_files, metavar="F...",
                     help="Pre-commit mode: evaluate only rules whose inputs include these "
                          "files (their systems are read whole, with every model card and "
                          "the repository-wide files)."),
        click.option("--changed-since", metavar="REF",
                     help="PR mode: evaluate only rules whose inputs changed since the "
                          "merge base with REF."),
        click.option("--rev", metavar="REV",
                     help="Check the tree at a git revision, read from the object database "
                          "(no checkout)."),
        click.option("--waivers-from", metavar="REF",
                     help="Read waivers from .safesec.yaml at REF (the base branch), so a "
                          "change cannot waive its own failures."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def register(main: click.Group, guarded: Callable) -> None:
    @main.command()
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
              policies: tuple, config: str | None, json_file: str | None,
              html_file: str | None) -> None:
        """Evaluate every commit of a range (or every tag) straight from git history:
        results per commit, the sign-off trail of threat models and eval reports, a timeline.
        Exit code 0, or 2 when git history cannot be read."""
        if bool(range_spec) == tags:
            raise click.UsageError("give exactly one of --range A..B and --tags")
        guarded(ctx, lambda: run_audit(path, range_spec, tags, policies, config, json_file,
                                       html_file))


def _bar(items: list) -> Iterator:
    with click.progressbar(items, label="auditing", file=sys.stderr) as bar:
        yield from bar


def run_audit(path: str, range_spec: str | None, tags: bool, policies: tuple,
              config: str | None, json_file: str | None, html_file: str | None) -> int:
    from checker.audit import audit
    from checker.options import RunOptions
    from checker.output import write_atomic

    opts = RunOptions(root=path, policies=policies, config=config)
    doc, last = audit(opts, range_spec=range_spec, tags=tags,
                      progress=_bar if sys.stderr.isatty() else None)
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if json_file:
        write_atomic(json_file, text)
    if html_file and last is not None:
        from checker.reporters import html

        write_atomic(html_file, html.render(last, audit=doc))
    if not json_file:
        click.echo(text, nl=False)
        return 0
    for entry in doc["commits"]:
        name = f" {entry['tag']}" if entry["tag"] else ""
        click.echo(f"{entry['sha'][:12]} {entry['date'][:10]}{name}  failed: "
                   f"{', '.join(entry['failed_rules']) or '-'}")
    return 0
