"""Commands for getting started and for pack authors: ``init``, ``policy test``, ``policy docs``."""
from __future__ import annotations

from typing import Callable

import click


def register(main: click.Group, guarded: Callable) -> None:
    """Add ``init`` to ``main`` and ``test``/``docs`` to its ``policy`` group."""
    main.add_command(_init_command(guarded))
    policy = main.commands["policy"]
    assert isinstance(policy, click.Group)
    policy.add_command(_test_command(guarded))
    policy.add_command(_docs_command(guarded))


def _init_command(guarded: Callable) -> click.Command:
    @click.command("init")
    @click.argument("path", default=".", type=click.Path(file_okay=False))
    @click.option("--force", is_flag=True, help="Replace files that already exist.")
    @click.pass_context
    def init_cmd(ctx: click.Context, path: str, force: bool) -> None:
        """Scaffold .safesec.yaml and the artifact templates in PATH (default: .).

        The templates parse, and every TODO in them is a finding until it is filled in.
        """
        def action() -> int:
            from checker.init import scaffold

            for dest, existed in scaffold(path, force=force):
                click.echo(f"{'replaced' if existed else 'created '} {_join(path, dest)}")
            click.echo(f"\nNext: replace every TODO, TBD and <...> value, then run "
                       f"`safesec check {path}` (`safesec explain RULE_ID` says what a rule wants).")
            return 0
        guarded(ctx, action)
    return init_cmd


def _join(root: str, dest: str) -> str:
    return dest if root in (".", "./") else f"{root.rstrip('/')}/{dest}"


def _test_command(guarded: Callable) -> click.Command:
    @click.command("test")
    @click.argument("path", type=click.Path(exists=True))
    @click.option("--case", "cases", multiple=True, metavar="NAME",
                  help="Run only the cases with this name (repeatable; glob patterns allowed).")
    @click.option("-v", "--verbose", is_flag=True,
                  help="Show the failing results of every case (always shown for a failed case).")
    @click.pass_context
    def test_cmd(ctx: click.Context, path: str, cases: tuple, verbose: bool) -> None:
        """Run a pack's fixtures (PATH/tests/<case>/) and compare each rule's status.

        Exit 1 on any mismatch or when --case selects nothing; 0 otherwise.
        """
        def action() -> int:
            from checker.policytest import report, run_cases

            outcome = run_cases(path, cases)
            click.echo(report(outcome, verbose=verbose), nl=False)
            return outcome.exit_code
        guarded(ctx, action)
    return test_cmd


def _docs_command(guarded: Callable) -> click.Command:
    @click.command("docs")
    @click.argument("path", type=click.Path(exists=True))
    @click.option("--output", "-o", type=click.Path(dir_okay=False),
                  help="Write the Markdown here instead of standard output.")
    @click.pass_context
    def docs_cmd(ctx: click.Context, path: str, output: str | None) -> None:
        """Render the reference of a pack's rules as Markdown (docs/rules.md for the built-in)."""
        def action() -> int:
            from checker.policy.loader import load_packs
            from checker.ruledocs import pack_meta, render_pack

            rules, _settings = load_packs([path])
            command = f"safesec policy docs {path}" + (f" --output {output}" if output else "")
            text = render_pack(rules, packs=pack_meta(path), command=command)
            if output:
                from checker.output import write_atomic

                write_atomic(output, text)
                click.echo(f"wrote {output} ({len(rules)} rules)")
            else:
                click.echo(text, nl=False)
            return 0
        guarded(ctx, action)
    return docs_cmd
