"""``safesec check``: its options, including the git ones (``--rev``, ``--changed-since``,
``--files``, ``--waivers-from``), become ``RunOptions``; the run's result is rendered in every
asked format and the exit code returned."""
from __future__ import annotations

import datetime as dt
import os
import sys
from typing import Any, Callable

import click

from checker.cli.common import EXIT_HELP, guarded
from checker.files import write_atomic
from checker.model import SEVERITIES
from checker.reporters import render
from checker.reporters.github import step_summary
from checker.run import check as run_check
from checker.run.options import RunOptions
from checker.run.reports import Writes, render_all


def _date(_ctx: Any, _param: Any, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (expected YYYY-MM-DD)") from None


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


@click.command(epilog=EXIT_HELP, cls=GitAwareCommand)
@click.argument("path", default=".", type=click.Path(exists=True, file_okay=False))
@git_options
@click.option("--policy", "policies", multiple=True, metavar="PACK_OR_DIR",
              help="Policy pack file or folder (repeatable; 'builtin' for the built-in pack). "
                   "Default: the built-in pack plus the packs named in .safesec.yaml.")
@click.option("--config", type=click.Path(exists=True, dir_okay=False),
              help="Project config (default: PATH/.safesec.yaml when present).")
@click.option("--fail-on", type=click.Choice(SEVERITIES), help="The gate (default: high).")
@click.option("--junit-xml", type=click.Path(dir_okay=False), help="Write JUnit XML here.")
@click.option("--junit-strict", is_flag=True,
              help="JUnit without testcase file/line (valid against the Jenkins junit-10 XSD).")
@click.option("--json", "json_file", type=click.Path(dir_okay=False), help="Write JSON here.")
@click.option("--sarif", "sarif_file", type=click.Path(dir_okay=False),
              help="Write SARIF 2.1.0 here (GitHub code scanning).")
@click.option("--html", "html_file", type=click.Path(dir_okay=False),
              help="Write a self-contained HTML report here.")
@click.option("--format", "fmt", type=click.Choice(["console", "json", "github"]),
              default="console", show_default=True, help="What goes to standard output.")
@click.option("--as-of", type=str, callback=_date, metavar="YYYY-MM-DD",
              help="Evaluate date-based rules as of this day (default: today, or as_of in config).")
@click.option("-v", "--verbose", is_flag=True, help="List passing rules and remediations too.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Evaluate systems in this many processes (same output). A --files check "
                   "reads only its files' systems, in one process.")
@click.pass_context
def check(ctx: click.Context, path: str, policies: tuple, config: str | None,
          fail_on: str | None, junit_xml: str | None, junit_strict: bool,
          json_file: str | None, sarif_file: str | None, html_file: str | None, fmt: str,
          as_of: dt.date | None, verbose: bool, jobs: int, **git: Any) -> None:
    """Check the AI risk evidence in PATH against the policy packs."""
    outputs = {name: file for name, file in (("junit", junit_xml), ("json", json_file),
                                             ("sarif", sarif_file), ("html", html_file)) if file}
    opts = RunOptions(root=path, policies=policies, config=config, fail_on=fail_on, as_of=as_of,
                      outputs=outputs, stdout_format=fmt, junit_strict=junit_strict,
                      verbose=verbose, jobs=jobs, **git)
    guarded(ctx, lambda: execute(opts))


def execute(opts: Any) -> int:
    """Run, write every requested output, print the stdout format; return the exit code."""
    result = run_check(opts)
    wanted = sorted(opts.outputs)
    if opts.stdout_format != "console":
        wanted.append(opts.stdout_format)
    files: dict[str, list[str]] = {}  # format -> its files; a file named twice gets the last
    for file, name in {file: name for name, file in sorted(opts.outputs.items())}.items():
        files.setdefault(name, []).append(file)
    writes = Writes(write_atomic)

    gone: list[BrokenPipeError] = []  # stdout's reader left (| head): still write the files

    def say(text: str) -> None:
        if not gone:
            try:
                click.echo(text, nl=False)
            except BrokenPipeError as exc:
                gone.append(exc)

    def ready(name: str, text: str) -> None:  # written while the next format renders
        for file in files.get(name, ()):
            writes.add(file, text)
        if name == opts.stdout_format:  # printed as soon as it is there, too
            say(text)

    try:
        # a format asked for twice (file and stdout) is rendered once; with --jobs,
        # formats render side by side
        render_all(wanted, lambda name: render(name, result, **_render_opts(name, opts)),
                   opts.jobs, ready)
        if opts.stdout_format == "console":
            say(render("console", result, color=sys.stdout.isatty(), verbose=opts.verbose))
    except BaseException:
        writes.wait()  # a report being written is finished, not cut off at exit
        raise
    writes.finish()
    if gone:
        raise gone[0]
    if opts.stdout_format == "github":
        _step_summary(result)
    for line in result.errors:
        click.echo(f"safesec: error: {line}", err=True)
    return result.exit_code()


def _render_opts(name: str, opts: Any) -> dict:
    if name in ("sarif", "github"):
        return {"prefix": _repo_prefix(opts.root)}
    if name == "junit":
        return {"strict": opts.junit_strict, "prefix": _repo_prefix(opts.root)}
    return {}


def _repo_prefix(root: str) -> str:
    """PATH relative to the working directory (the repository root in CI), for SARIF and
    annotation paths; "" when PATH is the working directory or outside it."""
    rel = os.path.relpath(os.path.abspath(root), os.getcwd())
    return "" if rel == "." or rel.startswith("..") else rel.replace(os.sep, "/")


def _step_summary(result: Any) -> None:
    """Append the Markdown summary to ``$GITHUB_STEP_SUMMARY`` when GitHub provides one."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(step_summary(result))
