"""The recorded Cerberus answers for the built-in pack (checker/policy/record.py): current,
used only for exactly the inputs they were made from, and never changing a result."""
from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from checker.checks import get_check
from checker.errors import PolicyError
from checker.policy import record as recorded
from checker.policy.loader import builtin_dir, load_packs
from checker.policy.schema import PACK

ROOT = Path(__file__).resolve().parents[2]


def _builder() -> ModuleType:
    """scripts/record_builtin_pack.py, which writes the record."""
    spec = importlib.util.spec_from_file_location("record_builtin_pack",
                                                  ROOT / "scripts" / "record_builtin_pack.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def fresh() -> None:
    """Forget the records read so far (each test reads them again)."""
    recorded.load.cache_clear()


def test_the_record_is_what_cerberus_says_now(fresh: None) -> None:
    assert recorded.RECORD.read_text(encoding="utf-8") == _builder().render(), (
        "checker/policy/record.json is stale: run `python scripts/record_builtin_pack.py`")


def test_the_record_covers_the_builtin_pack(fresh: None) -> None:
    record = json.loads(recorded.RECORD.read_text(encoding="utf-8"))
    raw = next(iter(sorted(builtin_dir().glob("*.yaml")))).read_bytes()
    assert recorded.pack_is_valid(raw, PACK)
    assert len(record["options"]) >= 36  # every rule's check, and the checks inside them


def test_the_record_changes_no_result(fresh: None, cli: object, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def report(name: str) -> bytes:
        out = tmp_path / name
        for fixture in ("compliant", "noncompliant", "two-systems"):
            cli("check", str(ROOT / "fixtures" / fixture), "--as-of", "2026-11-28",  # type: ignore[operator]
                "--json", str(out / f"{fixture}.json"))
        return b"".join(p.read_bytes() for p in sorted(out.iterdir()))

    with_record = report("with")
    monkeypatch.setattr(recorded, "RECORD", tmp_path / "none.json")  # as if there were none
    assert report("without") == with_record


def test_the_record_gives_cerberus_documents(fresh: None) -> None:
    for key, document in _builder().build()["options"].items():
        spec = json.loads(key.split(":", 1)[1])
        schema = get_check(spec["type"]).SCHEMA
        assert recorded.options_document(spec, schema) == json.loads(document)


def _copy_pack(tmp_path: Path, old: str, new: str) -> Path:
    source = next(iter(sorted(builtin_dir().glob("*.yaml"))))
    text = source.read_text(encoding="utf-8")
    assert old in text
    target = tmp_path / "pack.yaml"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def test_an_edited_builtin_pack_is_validated_again(fresh: None, tmp_path: Path) -> None:
    pack = _copy_pack(tmp_path, "dimension: objectives", "dimension: vibes")  # only the pack
    with pytest.raises(PolicyError, match="dimension"):                       # schema says no
        load_packs([pack])


def test_options_not_in_the_record_are_validated_again(fresh: None, tmp_path: Path) -> None:
    pack = _copy_pack(tmp_path, "type: pattern", "type: pattern\n      frobnicate: true")
    with pytest.raises(PolicyError, match="frobnicate"):
        load_packs([pack])


def test_a_record_of_another_cerberus_is_not_used(fresh: None, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    record = json.loads(recorded.RECORD.read_text(encoding="utf-8"))
    key = next(iter(record["options"]))
    spec = json.loads(key.split(":", 1)[1])
    schema = get_check(spec["type"]).SCHEMA
    assert recorded.options_document(spec, schema) is not None
    other = tmp_path / "record.json"
    other.write_text(json.dumps({**record, "cerberus": "0.0.1"}), encoding="utf-8")
    monkeypatch.setattr(recorded, "RECORD", other)
    assert recorded.options_document(spec, schema) is None
    assert recorded.options_document(spec, {**schema, "extra": {"type": "string"}}) is None


@pytest.mark.parametrize("value", [{1: "a"}, {"a": (1, 2)}, {"d": dt.date(2026, 1, 1)},
                                   {"x": float("nan")}, {"s": {"a", "b"}}, [b"bytes"]])
def test_what_json_would_blur_is_never_recorded(value: object) -> None:
    assert recorded.canonical(value) is None


def test_json_values_are_told_apart() -> None:
    forms = [{"a": 1}, {"a": 1.0}, {"a": True}, {"a": "1"}, {"a": [1]}, {"a": None}]
    assert len({recorded.canonical(v) for v in forms}) == len(forms)
