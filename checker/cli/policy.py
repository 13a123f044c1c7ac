"""``safesec policy validate|test|docs``: for pack authors."""
from __future__ import annotations

import os

import click

from checker.cli.common import guarded
from checker.cli.rules import project_rules
from checker.errors import CheckerError, PolicyError
from checker.files import write_atomic
from checker.loaders import text, yaml_doc
from checker.policy.docs import pack_meta, render_pack
from checker.policy.installed import is_installed_pack
from checker.policy.loader import load_packs, pack_files
from checker.run.pack_tests import report, run_cases
from checker.schemas.lint import rule_problems


class PackPath(click.Path):
    """An existing pack file or folder, or ``pkg:NAME`` (a pack an installed
    distribution ships; checker.policy.installed)."""

    def convert(self, value: str | os.PathLike[str], param: click.Parameter | None,
                ctx: click.Context | None) -> str | bytes | os.PathLike[str]:
        if isinstance(value, str) and is_installed_pack(value):
            return value
        return super().convert(value, param, ctx)


@click.group("policy")
def policy() -> None:
    """Work on policy packs: validate, test, docs."""


@policy.command("validate")
@click.argument("path", type=PackPath(exists=True))
@click.pass_context
def validate(ctx: click.Context, path: str) -> None:
    """Validate a pack (file or folder): meta-schema, check options, ids, and conditions
    that cannot work on the native formats (a mistyped field, a number test on text, a
    value outside a closed vocabulary)."""
    def action() -> int:
        rules, _settings = load_packs([path])
        problems = lint(path)
        for line in problems:
            click.echo(f"safesec: error: {line}", err=True)
        if problems:
            return 2
        click.echo(f"{path}: {len(rules)} rule{'' if len(rules) == 1 else 's'}, valid")
        return 0
    guarded(ctx, action)


@policy.command("test")
@click.argument("path", type=click.Path(exists=True))
@click.option("--case", "cases", multiple=True, metavar="NAME",
              help="Run only the cases with this name (repeatable; glob patterns allowed).")
@click.option("-v", "--verbose", is_flag=True,
              help="Show the failing results of every case (always shown for a failed case).")
@click.pass_context
def test(ctx: click.Context, path: str, cases: tuple[str, ...], verbose: bool) -> None:
    """Run a pack's fixtures (PATH/tests/<case>/) and compare each rule's status.

    Exit 1 on any mismatch or when --case selects nothing; 0 otherwise.
    """
    def action() -> int:
        outcome = run_cases(path, cases)
        click.echo(report(outcome, verbose=verbose), nl=False)
        return outcome.exit_code
    guarded(ctx, action)


@policy.command("docs")
@click.argument("path", required=False, type=PackPath(exists=True))
@click.option("--output", "-o", type=click.Path(dir_okay=False),
              help="Write the Markdown here instead of standard output.")
@click.pass_context
def docs(ctx: click.Context, path: str | None, output: str | None) -> None:
    """Render the reference of a pack's rules as Markdown (docs/rules.md for the built-in).

    Without PATH, the rules of the packs the project uses (the built-in pack and those its
    config names)."""
    def action() -> int:
        if path is None:
            rules, paths = project_rules(())
            meta = [m for p in paths for m in pack_meta(p)]
        else:
            rules, _settings = load_packs([path])
            meta = pack_meta(path)
        command = "safesec policy docs" + (f" {path}" if path else "") + \
            (f" --output {output}" if output else "")
        text = render_pack(rules, packs=meta, command=command)
        if output:
            write_atomic(output, text)
            click.echo(f"wrote {output} ({len(rules)} rules)")
        else:
            click.echo(text, nl=False)
        return 0
    guarded(ctx, action)


def lint(path: str) -> list[str]:
    """``file:line: rule ID: problem`` for each condition of the pack that cannot work."""
    out = []
    for file in pack_files(path):
        try:
            data, locate = yaml_doc.parse(text.decode(file.read_bytes()))
        except (CheckerError, OSError) as exc:  # load_packs read it a moment ago
            raise PolicyError(f"cannot read policy: {exc}", file=str(file)) from None
        for index, rule in enumerate((data or {}).get("rules") or ()):
            if isinstance(rule, dict):
                out += [f"{file}:{locate(('rules', index))}: rule {rule.get('id')}: {problem}"
                        for problem in rule_problems(rule)]
    return out
