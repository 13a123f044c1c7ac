"""TOML loader: values, lines found by key, errors with their line."""
from __future__ import annotations

import pytest

from checker.errors import LoadError
from checker.loaders import toml_doc

DOC = """\
kind = "serving"

[model]
name = "support-bot"
revision = "3f2a9c1"

[rate_limits.per_principal]
requests_per_minute = 20
"""


def test_values_and_the_line_of_the_last_key():
    data, locate = toml_doc.parse(DOC)
    assert data["rate_limits"]["per_principal"]["requests_per_minute"] == 20
    assert locate(("model", "revision")) == 5
    assert locate(("rate_limits", "per_principal", "requests_per_minute")) == 8
    assert locate(()) == 1


def test_syntax_error_names_the_line():
    with pytest.raises(LoadError) as info:
        toml_doc.parse('kind = "serving"\nrevision = \n')
    assert info.value.line == 2
    assert info.value.message.startswith("invalid TOML")


def test_a_key_assigned_twice_is_an_error_on_its_line():
    with pytest.raises(LoadError) as info:
        toml_doc.parse("a = 1\nb = 2\na = 3\n")
    assert info.value.line == 3
