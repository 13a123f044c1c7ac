"""Issue 8, item 4: report files are written atomically, and the same inputs give
byte-identical JSON, JUnit and SARIF.  Item 1's last point too: control characters
in values are kept out of XML and SARIF."""
from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from hostile_helpers import CONTROL, check, statuses, write

MESSY = {
    # a threat model whose values carry ESC/BEL/NUL escapes (JSON allows them); its schema
    # names a version that is not read, an error whose message quotes the value
    "svc/threat-model.json": b'{"schema": "threat-model/\\u001b[31mthreat\\u0007model\\u0000",\n'
                             b' "system": "\\u001b]8;;http://x\\u0007link"}\n',
    # a model card whose body carries raw ESC and DEL, and a failing pattern
    "svc/MODEL_CARD.md": b"---\nlicense: mit\n---\n# Card\n\nevil\x1b[2J\x7fthing here\n",
    "other/threat-model.yaml": b"schema: threat-model/v1\nsystem: {name: other}\n",
    "broken/threat-model.yaml": b"schema: [\n",
    "serving/config/app.yaml": b"model: {name: m}\n",
}
OUTPUTS = ("out.json", "out.xml", "out.sarif")


def _run_all(repo: Path, pack: Path, out: Path) -> tuple[int, dict[str, bytes]]:
    out.mkdir(exist_ok=True)
    result = check(repo, pack, "--json", str(out / "out.json"), "--junit-xml",
                   str(out / "out.xml"), "--sarif", str(out / "out.sarif"))
    assert "Traceback" not in result.output
    return result.exit_code, {name: (out / name).read_bytes() for name in OUTPUTS}


def test_same_inputs_give_byte_identical_reports(repo: Path, pack: Path, tmp_path: Path) -> None:
    write(repo, MESSY)
    code1, first = _run_all(repo, pack, tmp_path / "one")
    code2, second = _run_all(repo, pack, tmp_path / "two")
    assert code1 == code2 == 2
    for name in OUTPUTS:
        assert first[name] == second[name], name


def test_control_characters_in_values_stay_out_of_xml_and_sarif(repo: Path, pack: Path,
                                                                tmp_path: Path) -> None:
    write(repo, MESSY)
    _code, outputs = _run_all(repo, pack, tmp_path / "out")
    report = json.loads(outputs["out.json"])
    results = statuses(report)
    assert results[("HT-2", "svc/threat-model.json")]["status"] == "error"
    assert results[("HT-5", "svc/MODEL_CARD.md")]["status"] == "fail"
    junit = outputs["out.xml"].decode("utf-8")
    ET.fromstring(junit)  # well-formed XML 1.0
    sarif = outputs["out.sarif"].decode("utf-8")
    json.loads(sarif)
    for text in (junit, sarif):
        assert not CONTROL.search(text)
        assert not any(esc in text.lower() for esc in ("\\u001b", "\\u0007", "\\u0000",
                                                        "\\u007f", "&#27;", "&#x1b;"))
    assert "threat" in junit and "model" in sarif  # the text around them survives


class _Crash(RuntimeError):
    pass


@pytest.mark.parametrize("stage", ["render", "write"])
def test_a_crash_never_leaves_half_a_junit_file(repo: Path, pack: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch,
                                                stage: str) -> None:
    """No half report and no temporary file is left behind; nor the previous report, which
    would pass for this run's (issue 14, item 7: a run that ends with exit >= 2 leaves none)."""
    out = tmp_path / "reports"
    _code, before = _run_all(repo, pack, out)
    write(repo, MESSY)
    if stage == "render":
        import checker.reporters.junit as junit

        def broken_render(*_args: object, **_kwargs: object) -> str:
            raise _Crash("reporter crashed")

        monkeypatch.setattr(junit, "render", broken_render)
        monkeypatch.setattr(junit, "chunks", broken_render)  # JUnit files are written in pieces
    else:
        real_fsync = os.fsync

        def broken_fsync(fd: int) -> None:  # the data is half on its way to disk
            real_fsync(fd)
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "fsync", broken_fsync)
    result = check(repo, pack, "--junit-xml", str(out / "out.xml"))
    assert "Traceback" not in result.output
    if stage == "render":  # a reporter's bug
        assert result.exit_code == 3 and "internal error" in result.output
    else:  # the disk's problem, not safesec's: named as such, exit 2
        assert result.exit_code == 2
        assert f"cannot write {out / 'out.xml'}: No space left on device" in result.output
    ET.fromstring(before["out.xml"])
    assert not (out / "out.xml").exists()
    assert sorted(p.name for p in out.iterdir()) == sorted(set(OUTPUTS) - {"out.xml"})
