"""``safesec init``: scaffold the config and the artifact templates, keeping what exists."""
from __future__ import annotations

import os

import click

from checker.cli.common import guarded
from checker.errors import UsageError
from checker.model import REPO_WIDE_KINDS
from checker.run.config import CONFIG_NAME, PYPROJECT, default_config_name, root_relative
from checker.run.discover import classify
from checker.run.root import find_root
from checker.scaffold import KEPT, manifest, scaffold

BASELINE = "safesec-baseline.json"


@click.command("init")
@click.argument("path", default=".", type=click.Path(file_okay=False))
@click.option("--system", metavar="FOLDER", type=click.Path(file_okay=False),
              help="Scaffold one system's files (model card, threat model, evals, serving "
                   "config) in FOLDER and the repository-wide files (.safesec.yaml, "
                   "SECURITY.md, INCIDENT_RESPONSE.md, CODEOWNERS) at the project root.")
@click.option("--force", is_flag=True, help="Replace files that already exist (default: keep "
                                            "them and say so).")
@click.pass_context
def init(ctx: click.Context, path: str, system: str | None, force: bool) -> None:
    """Scaffold .safesec.yaml and the artifact templates (files that exist are kept).

    PATH (default .) is the repository.  When PATH lies inside a project (a folder above
    it with .safesec.yaml, or a git work tree), PATH is scaffolded as one system of that
    project, as with --system PATH.  The templates parse, and every TODO in them is a
    finding until it is filled in.
    """
    def action() -> int:
        root, folder = where(path, system)
        if folder is not None:
            click.echo(f"scaffolding system {root_relative(folder, root)} of the project at "
                       f"{root} (repository-wide files go to the root)")
        skip: frozenset[str] = frozenset()
        if default_config_name(root) == PYPROJECT:  # a second config would take its place
            skip = frozenset({CONFIG_NAME})
            click.echo(f"kept     {os.path.join(root, PYPROJECT)} (its [tool.safesec] table "
                       f"is the project's config; no {CONFIG_NAME} is created)")
        for written, what in scaffold(root, force=force, system=folder,
                                      repo_wide=repo_wide_files(), skip=skip):
            shown = os.path.relpath(written) if not os.path.isabs(path) else str(written)
            if what == KEPT:
                click.echo(f"kept     {shown} (it exists; --force replaces it)")
            else:
                click.echo(f"{what:<8} {shown}")
        click.echo(next_steps(root))
        return 0
    guarded(ctx, action)


def where(path: str, system: str | None) -> tuple[str, str | None]:
    """(repository root, system folder or None for a whole-repository scaffold): the root is
    the project around PATH (PATH itself when it is in none)."""
    root = find_root(path).path
    folder = system if system is not None else path
    if os.path.realpath(folder) == os.path.realpath(root):
        return root, None
    if root_relative(folder, root) is None:
        raise UsageError(f"--system {folder} is outside the project at {root}")
    return root, folder


def repo_wide_files() -> frozenset[str]:
    """The templates that belong to the repository, not to one system."""
    dests = [e.dest for e in manifest()]
    wide = {path for path, kind in classify(dests) if kind in REPO_WIDE_KINDS}
    return frozenset(wide | {CONFIG_NAME})


def next_steps(root: str) -> str:
    here = "" if os.path.realpath(root) == os.path.realpath(".") else f" {root}"
    return (
        "\nNext steps:\n"
        "  1. Replace every TODO, TBD and <...> value in the files created "
        "(`safesec explain RULE_ID` says what a rule wants).\n"
        f"  2. Run `safesec check{here}` (from anywhere in the repository) and fix what it "
        "reports.\n"
        f"  3. Too many failures to fix at once? Record them with `safesec check{here} "
        f"--write-baseline {BASELINE}`, commit the file, and gate CI on new failures only "
        f"with `--baseline {BASELINE} --config-from origin/main` (docs/quickstart.md).")
