"""JSON loader: values with their lines; duplicate keys, NaN and Infinity refused with a line.
JSON Lines: one record per line, blank lines skipped, errors on the record's line."""
from __future__ import annotations

import pytest

from checker.errors import LoadError
from checker.loaders import json_doc

DOC = """\
{
  "schema": "eval-report/v1",
  "results": [
    {"id": "RT-1",
     "value": 0.06},
    {
      "id": "RT-2",
      "threshold": {"max": 0.1}
    }
  ]
}
"""


def test_values_and_lines_of_nested_values():
    data, locate = json_doc.parse(DOC)
    assert data["results"][1]["threshold"] == {"max": 0.1}
    assert locate(("schema",)) == 2
    assert locate(("results",)) == 3
    assert locate(("results", 0, "value")) == 5
    assert locate(("results", 1, "id")) == 7
    assert locate(("results", 1, "threshold", "max")) == 8


def test_a_missing_path_falls_back_to_its_deepest_existing_parent():
    _data, locate = json_doc.parse(DOC)
    assert locate(("results", 1, "threshold", "min")) == 8
    assert locate(("absent",)) == 1


def test_the_same_key_in_different_objects_is_not_a_duplicate():
    data, _locate = json_doc.parse('{"a": {"a": 1}, "b": [{"a": 2}, {"a": 3}]}')
    assert data["b"][1]["a"] == 3


def test_duplicate_key_is_an_error_on_its_line():
    with pytest.raises(LoadError) as info:
        json_doc.parse('{\n  "id": "RT-1",\n  "value": 1,\n  "id": "RT-2"\n}')
    assert info.value.line == 4
    assert "duplicate key 'id'" in info.value.message


@pytest.mark.parametrize("word", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_errors_on_their_line(word):
    with pytest.raises(LoadError) as info:
        json_doc.parse('{\n  "a": 1,\n  "value": ' + word + "\n}")
    assert info.value.line == 3
    assert word in info.value.message and "not valid JSON" in info.value.message


def test_overflowing_number_is_refused():
    with pytest.raises(LoadError) as info:
        json_doc.parse('{"value": 1e999}')
    assert "too large" in info.value.message


def test_syntax_error_names_the_line():
    with pytest.raises(LoadError) as info:
        json_doc.parse('{\n  "a": 1,\n  "b": \n}')
    assert info.value.message.startswith("invalid JSON")
    assert info.value.line == 4


# JSON Lines

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
