"""`safesec schema NAME` prints a JSON Schema an editor can use; the output is stable."""
from __future__ import annotations

import json

import jsonschema
import pytest

from checker.schemas.jsonschema import SCHEMAS


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schema_prints_a_draft_2020_12_schema(cli, name):
    result = cli("schema", name)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(document)
    assert document.get("additionalProperties", True) is (name == "model-card")
    assert cli("schema", name).stdout == result.stdout  # byte-identical


def test_an_unknown_name_lists_the_choices(cli):
    result = cli("schema", "threat_model")
    assert result.exit_code == 2
    for name in SCHEMAS:
        assert name in result.output
