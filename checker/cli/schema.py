"""``safesec schema NAME``: the JSON Schema of a file format, for editors."""
from __future__ import annotations

import json

import click

from checker.cli.common import guarded
from checker.schemas.jsonschema import SCHEMAS, schema as build


@click.command("schema")
@click.argument("name", type=click.Choice(sorted(SCHEMAS)))
@click.pass_context
def schema(ctx: click.Context, name: str) -> None:
    """Print the JSON Schema (draft 2020-12) of a format: threat-model, eval-report,
    serving, model-card (the front matter), config (.safesec.yaml) or policy-pack.

    Unknown keys are flagged (keys starting with x- are allowed in the native formats).
    Save it and point your editor at it: see docs/editors.md.
    """
    def action() -> int:
        click.echo(json.dumps(build(name), indent=2, sort_keys=True, ensure_ascii=False))
        return 0
    guarded(ctx, action)
