"""JSON Lines loader: one record per line, blank lines skipped, errors on the record's line."""
from __future__ import annotations

import pytest

from checker.errors import LoadError
from checker.loaders import json_doc


def test_records_and_their_lines():
    records, locate = json_doc.parse_lines('{"entry_type": "init"}\n\n{"entry_type": "eval", "score": 1}\n')
    assert records == [{"entry_type": "init"}, {"entry_type": "eval", "score": 1}]
    assert locate((0,)) == 1
    assert locate((1, "score")) == 3
    assert locate(()) == 1


def test_a_bad_record_is_an_error_on_its_line():
    with pytest.raises(LoadError) as info:
        json_doc.parse_lines('{"a": 1}\n{"b": 2}\n{"c": \n')
    assert info.value.line == 3
    assert info.value.message.startswith("invalid JSON")


def test_duplicate_key_in_a_record_is_an_error_on_its_line():
    with pytest.raises(LoadError) as info:
        json_doc.parse_lines('{"a": 1}\n{"b": 2, "b": 3}\n')
    assert info.value.line == 2
    assert "duplicate key 'b'" in info.value.message


def test_nan_in_a_record_is_an_error():
    with pytest.raises(LoadError) as info:
        json_doc.parse_lines('{"a": 1}\n\n{"score": NaN}\n')
    assert info.value.line == 3
