"""``safesec check``: its options, including the git ones (``--rev``, ``--changed-since``,
``--files``, ``--config-from``) and the reporters' own (``REPORTERS``), become ``RunOptions``;
the run's reports are written and printed (``checker.run.reports``) and the exit code returned."""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable

import click
from click.core import ParameterSource

from checker.cli.common import EXIT_HELP, STDOUT, Spinner, guarded, keep, say_error
from checker.cli.project import baseline_options, project_root
from checker.files import remove_reports
from checker.model import SEVERITIES
from checker.reporters import REPORTERS
from checker.reporters.crosswalk import VIEWS
from checker.run import check as run_check
from checker.run.baseline import with_baseline
from checker.run.options import RunOptions
from checker.run.reports import report

STDOUT_FORMATS = [name for name, reporter in REPORTERS.items() if reporter.SPEC.stdout]
CROSSWALKS = [*VIEWS, "all"]


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


def _files(_ctx: Any, _param: Any, value: tuple[str, ...]) -> tuple[str, ...] | None:
    return tuple(v for v in value if v) if value else None


def git_options(func: Callable[..., Any]) -> Callable[..., Any]:
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
        click.option("--config-from", "--waivers-from", "config_from", metavar="REF",
                     help="Read the gate from REF (the base branch): .safesec.yaml (packs, "
                          "builtin, rules, fail_on, settings, as_of, exclude, artifacts, "
                          "max_file_bytes, waivers) and the repository packs it names, so a "
                          "change cannot move its own gate; each weakening the change makes "
                          "is reported as CONFIG-1. --waivers-from is the older name."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def report_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The reporters' own options (``Spec.file`` and ``Spec.switches``), in registry order."""
    options = []
    for reporter in REPORTERS.values():
        spec = reporter.SPEC
        if spec.file is not None:
            options.append(click.option(spec.file.flag, spec.file.dest,
                                        type=click.Path(dir_okay=False, allow_dash=True),
                                        help=f"{spec.file.help} '-' for standard output."))
        options += [click.option(switch.flag, switch.dest, is_flag=True, help=switch.help)
                    for switch in spec.switches]
    for option in reversed(options):
        func = option(func)
    return func


@click.command(epilog=EXIT_HELP, cls=GitAwareCommand)
@click.argument("path", required=False, type=click.Path(exists=True, file_okay=False))
@git_options
@click.option("--policy", "policies", multiple=True, metavar="PACK_OR_DIR",
              help="Policy pack file or folder (repeatable; 'builtin' for the built-in pack). "
                   "Default: the built-in pack plus the packs named in .safesec.yaml.")
@click.option("--config", type=click.Path(exists=True, dir_okay=False),
              help="Project config (default: PATH/.safesec.yaml when present).")
@click.option("--fail-on", type=click.Choice(SEVERITIES), help="The gate (default: high).")
@report_options
@click.option("--format", "fmt", type=click.Choice(STDOUT_FORMATS),
              default="console", show_default=True,
              help="What goes to standard output (unless a report's FILE is '-').")
@click.option("--crosswalk", multiple=True, type=click.Choice(CROSSWALKS),
              help="Add a clause-by-clause view of this framework to the JSON and HTML "
                   "reports (repeatable; 'all' for every framework).")
@click.option("--as-of", type=str, callback=_date, metavar="YYYY-MM-DD",
              help="Evaluate date-based rules as of this day (default: today, or as_of in config).")
@click.option("-v", "--verbose", is_flag=True,
              help="Console: also list waived, blocked, passing and not-applicable results.")
@click.option("-q", "--quiet", is_flag=True,
              help="Console: only the failures at or above the gate, and the gate line.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True, help="Colour the console report; auto follows NO_COLOR, "
                                      "FORCE_COLOR and whether standard output is a terminal.")
@baseline_options
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Evaluate systems in this many processes (same output). A --files check "
                   "reads only its files' systems, in one process.")
@click.pass_context
def check(ctx: click.Context, /, path: str | None, policies: tuple[str, ...], config: str | None,
          fail_on: str | None, fmt: str, as_of: dt.date | None, verbose: bool, quiet: bool,
          color: str, jobs: int, **params: Any) -> None:
    """Check the AI risk evidence in PATH against the policy packs.

    Without PATH, the project around the current folder: the nearest folder above with
    .safesec.yaml (or [tool.safesec] in pyproject.toml), else the top of the git work tree.
    """
    if quiet and verbose:
        raise click.UsageError("-q/--quiet and -v/--verbose cannot be combined")
    path = path if path is not None else project_root()
    outputs: dict[str, str] = {}
    switches: dict[str, Any] = {}  # RunOptions fields, by the switches' dest
    dashes: list[tuple[str, str]] = []  # (option, format) of each report asked for on stdout
    for name, reporter in REPORTERS.items():
        spec = reporter.SPEC
        if spec.file is not None:
            file = params.pop(spec.file.dest)
            if file == STDOUT:
                dashes.append((spec.file.flag, name))
            elif file:
                outputs[name] = file
        switches.update((switch.dest, params.pop(switch.dest)) for switch in spec.switches)
    fmt = stdout_format(fmt, ctx.get_parameter_source("fmt") is ParameterSource.COMMANDLINE,
                        dashes)
    opts = RunOptions(root=path, policies=policies, config=config, fail_on=fail_on, as_of=as_of,
                      outputs=outputs, stdout_format=fmt, verbose=verbose, quiet=quiet,
                      color=color, jobs=jobs, **switches, **params)
    guarded(ctx, lambda: execute(opts))


def stdout_format(fmt: str, chosen: bool, dashes: list[tuple[str, str]]) -> str:
    """The one format standard output gets: a report whose file is ``-``, else ``--format``
    (console by default).  Two reports cannot share it: a usage error names both."""
    if len(dashes) > 1:
        names = " and ".join(f"{flag} -" for flag, _name in dashes)
        raise click.UsageError(f"{names} both ask for standard output; only one report can "
                               "go there (write the other to a file)")
    if not dashes:
        return fmt
    flag, name = dashes[0]
    if chosen and fmt != name:
        raise click.UsageError(f"--format {fmt} and {flag} - both ask for standard output; "
                               "only one report can go there (write the other to a file)")
    return name


def execute(opts: RunOptions) -> int:
    """Run, write and print the reports; return the exit code.  The asked report files are
    removed first, so a run stopped by a config or policy error leaves none behind."""
    remove_reports(opts.outputs.values())
    with Spinner("safesec: checking") as spinner:
        result, notes = with_baseline(run_check(opts), opts)
        keep(result)

        def echo(text: str) -> None:
            spinner.stop()  # its line is cleared before the report is printed
            click.echo(text, nl=False, color=True)  # the reporter has coloured it or not

        report(result, opts, echo)
    for line in notes:
        click.echo(f"safesec: {line}", err=True)
    for line in result.errors:
        say_error(line)
    return result.exit_code()
