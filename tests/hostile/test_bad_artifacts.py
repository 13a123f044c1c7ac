"""Issue 8, item 1: every kind of bad artifact is an ``error`` result naming file:line
and what is wrong; the run exits 2 without a traceback; the other artifacts are
still evaluated.  Every bad file is generated here."""
from __future__ import annotations

from pathlib import Path

import pytest

from hostile_helpers import (GOOD_TM_PATH, assert_good_still_reported, check, check_json,
                             statuses, write)

TM = "bad/threat-model.yaml"
TMJ = "bad/threat-model.json"
CARD = "bad/MODEL_CARD.md"
TOML = "serving/config/app.toml"


def _alias_bomb() -> bytes:
    """Billion laughs: nine levels of ten aliases each (10**9 values if expanded)."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return ("\n".join(lines) + "\n").encode()


DEPTH = 100_000
CASES = [
    # (id, path, content, line, reason)
    ("yaml-syntax", TM, b"schema: threat-model/v1\nsystem: {name: x\n", 3, "invalid YAML"),
    ("json-syntax", TMJ, b'{"schema": "threat-model/v1",\n "system": }\n', 2, "invalid JSON"),
    ("toml-syntax", TOML, b'[model]\nname = \n', 2, "invalid TOML"),
    ("jsonl-syntax", "evals/run.report.jsonl", b'{"id": 1}\n{"id":\n', 2, "invalid JSON"),
    ("front-matter-unterminated", CARD, b"---\nlicense: mit\nbase_model: x\n# Card\n", 1,
     "never closed"),
    ("front-matter-list", CARD, b"---\n- license\n- mit\n---\n# Card\n", 2,
     "front matter is a list"),
    ("front-matter-scalar", CARD, b"---\njust words\n---\n# Card\n", 2,
     "front matter is a str"),
    ("front-matter-invalid-yaml", CARD, b"---\nlicense: mit\ntags: [a\n---\n# Card\n", 4,
     "invalid YAML"),
    ("binary", TM, b"schema: x\n\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 4, "binary file"),
    ("non-utf8", TM, "schema: threat-model/v1\nsystem: {name: café}\n".encode("latin-1"), 2,
     "not valid UTF-8"),
    ("utf16", TM, "schema: threat-model/v1\n".encode("utf-16"), 1, "UTF-16"),
    ("empty", TM, b"", 1, "file is empty"),
    ("whitespace-only", TMJ, b"  \n\t\n", 1, "file is empty"),
    ("yaml-alias-bomb", TM, _alias_bomb(), 6, "alias bomb"),  # a5: first past 10**6
    ("yaml-recursive-alias", TM, b"a: &x [1, *x]\n", 1, "recursive alias"),
    ("yaml-deep-flow", TM, b"a: " + b"[" * DEPTH + b"]" * DEPTH + b"\n", 1, "nesting"),
    ("yaml-deep-block", TM, "".join("  " * i + f"k{i}:\n" for i in range(3000)).encode(),
     None, "nesting"),
    ("json-deep", TMJ, b'{"a": ' + b"[" * DEPTH + b"]" * DEPTH + b"}", 1, "nesting too deep"),
    ("toml-deep", TOML, b"a = " + b"[" * DEPTH + b"]" * DEPTH + b"\n", 1, "nesting too deep"),
    ("yaml-duplicate-key", TM, b"schema: threat-model/v1\nrequired: true\nrequired: false\n", 3,
     "duplicate key 'required'"),
    ("json-duplicate-key", TMJ, b'{"required": true,\n "required": false}', 2,
     "duplicate key 'required'"),
    ("toml-duplicate-key", TOML, b"required = true\nrequired = false\n", 2, "invalid TOML"),
    ("front-matter-duplicate-key", CARD, b"---\nlicense: mit\nlicense: gpl\n---\n# C\n", 3,
     "duplicate key 'license'"),
    ("json-nan", TMJ, b'{"schema": "threat-model/v1",\n "score": NaN}', 2, "NaN"),
    ("json-infinity", TMJ, b'{"schema": "threat-model/v1",\n "score": Infinity}', 2,
     "Infinity"),
    ("json-minus-infinity", TMJ, b'{"schema": "threat-model/v1",\n "score": -Infinity}', 2,
     "Infinity"),
    ("json-huge-float", TMJ, b'{"schema": "threat-model/v1",\n "score": 1e999}', 2, "too large"),
    ("json-huge-int", TMJ, b'{"schema": "threat-model/v1",\n "n": ' + b"9" * 5000 + b"}", 2,
     "too large"),
    ("json-lone-surrogate", TMJ, b'{"schema": "threat-model/v1",\n "t": "\\ud800"}', 2,
     "surrogate"),
    ("yaml-nan", TM, b"schema: threat-model/v1\nscore: .nan\n", 2, "NaN"),
    ("yaml-infinity", TM, b"schema: threat-model/v1\nscore: -.inf\n", 2, "NaN and infinities"),
    ("yaml-huge-int", TM, b"schema: threat-model/v1\nn: " + b"9" * 5000 + b"\n", 2, "too large"),
    ("yaml-bad-date", TM, b"schema: threat-model/v1\nreviewed: 2026-02-30\n", 2,
     "invalid timestamp"),
    ("yaml-binary-tag", TM, b"schema: threat-model/v1\nblob: !!binary AAAA\n", 2, "!!binary"),
    ("yaml-python-tag", TM, b"schema: threat-model/v1\nx: !!python/object/apply:os.system [id]\n",
     2, "python/object"),
    ("yaml-two-documents", TM, b"schema: threat-model/v1\n---\nschema: other\n", 2,
     "invalid YAML"),
    ("yaml-unhashable-key", TM, b"schema: threat-model/v1\n? [a, b]\n: 1\n", 2, "unhashable"),
    ("toml-nan", TOML, b'kind = "serving"\n[model]\nscore = nan\n', 3, "NaN"),
    ("toml-huge-int", TOML, b"[model]\nn = " + b"9" * 5000 + b"\n", 2, "invalid TOML"),
]


@pytest.mark.parametrize("path, content, line, reason",
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_artifact_is_an_error_naming_file_and_line(repo: Path, pack: Path, path: str,
                                                       content: bytes, line: int | None,
                                                       reason: str) -> None:
    write(repo, {path: content})
    result, report = check_json(repo, pack)
    assert result.exit_code == 2
    where = f"{path}:{line}" if line is not None else f"{path}:"
    stderr_lines = [ln for ln in result.stderr.splitlines() if path in ln]
    assert stderr_lines and where in stderr_lines[0] and reason in stderr_lines[0], result.stderr
    errors = [r for r in report["results"] if r["artifact"] == path]
    assert errors and all(r["status"] == "error" for r in errors), errors
    assert all(reason in r["message"] for r in errors)
    if line is not None:
        assert {r["line"] for r in errors} == {line}
    assert_good_still_reported(report)


def test_a_well_formed_file_of_no_known_format_is_skipped_not_an_error(repo: Path,
                                                                      pack: Path) -> None:
    """A list where a threat model would be a mapping: well-formed, so it is no artifact
    (issue 15: listed as skipped), not an error that ends the run with exit 2."""
    write(repo, {TM: b"- just\n- a list\n"})
    result, report = check_json(repo, pack)
    assert result.exit_code != 2 and report["errors"] == []
    assert report["skipped"] == [{"path": TM, "reason": "no known format (a native threat "
                                  "model starts with 'schema: threat-model/v1')"}]
    assert_good_still_reported(report)


def test_duplicate_key_never_silently_becomes_the_last_value(repo: Path, pack: Path) -> None:
    """``system:`` given twice, the second a valid mapping: not a pass, an error."""
    write(repo, {TM: b"schema: threat-model/v1\nsystem: oops\nsystem: {name: fine}\n"})
    _result, report = check_json(repo, pack)
    assert statuses(report)[("HT-1", TM)]["status"] == "error"


def test_file_over_the_size_cap_is_an_error_and_not_read(repo: Path, pack: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo, {".safesec.yaml": "max_file_bytes: 1000\n",
                 TM: b"schema: threat-model/v1\nnotes: " + b"x" * 50_000 + b"\n"})
    asked: list[int] = []
    from checker.run.sources import FsSource

    real_read = FsSource.read

    def spy(self: FsSource, relpath: str, max_bytes: int) -> bytes:
        data = real_read(self, relpath, max_bytes)
        asked.append(len(data))
        return data

    monkeypatch.setattr(FsSource, "read", spy)
    result, report = check_json(repo, pack)
    assert result.exit_code == 2
    assert f"{TM}:1" in result.stderr and "1,000-byte cap" in result.stderr
    assert max(asked) == 1001  # one byte past the cap is enough to know
    assert statuses(report)[("HT-1", TM)]["status"] == "error"
    assert_good_still_reported(report)


def test_bom_and_crlf_load_cleanly_with_right_lines(repo: Path, pack: Path) -> None:
    write(repo, {
        TM: b"\xef\xbb\xbfschema: threat-model/v1\r\n# comment\r\nsystem: not-a-mapping\r\n",
        CARD: b"\xef\xbb\xbf---\r\nlicense: 7\r\n---\r\n# Card\r\n\r\nText.\r\n",
        TOML: b"\xef\xbb\xbfkind = \"serving\"\r\n[model]\r\nname = \"m\"\r\n",
    })
    result, report = check_json(repo, pack)
    assert result.exit_code == 1, result.output  # findings, no input errors
    assert report["errors"] == []
    results = statuses(report)
    assert results[("HT-1", TM)]["status"] == "fail" and results[("HT-1", TM)]["line"] == 3
    assert results[("HT-3", CARD)]["status"] == "fail" and results[("HT-3", CARD)]["line"] == 2
    assert results[("HT-4", TOML)]["status"] == "pass"


def test_many_bad_files_at_once_each_reported(repo: Path, pack: Path) -> None:
    """One run, one bad file of every case: each is its own error, none hides another."""
    files = {}
    for case_id, path, content, _line, _reason in CASES:
        folder, name = path.rsplit("/", 1)
        files[f"{folder}/{case_id}/{name}"] = content
    write(repo, files)
    result, report = check_json(repo, pack)
    assert result.exit_code == 2
    errored = {r["artifact"] for r in report["results"] if r["status"] == "error"}
    assert errored == set(files), set(files) ^ errored
    assert_good_still_reported(report)


def test_console_output_names_the_error_without_traceback(repo: Path, pack: Path) -> None:
    write(repo, {TMJ: b'{"a": 1,\n "a": 2}'})
    result = check(repo, pack)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"{TMJ}:2" in result.stdout and "duplicate key 'a'" in result.stdout
    assert GOOD_TM_PATH not in result.stderr


def test_pathological_markdown_loads_in_linear_time(repo: Path, pack: Path) -> None:
    """Shapes that made the old heading and inline-markup patterns quadratic: many
    headings under one top heading, a heading of 200,000 spaces, an unclosed link
    opener repeated, unclosed '<'s, an unclosed '{{' in front matter.  Each of these
    took minutes before; a regression shows as a suite that crawls."""
    body = ("# Top\n" + "## Part\ntext\n" * 20_000 + "# a" + " " * 200_000 + "b\n"
            + "[a](" * 50_000 + "\n" + "<" * 100_000 + "\n")
    write(repo, {CARD: "---\nlicense: mit\nnote: '" + "{{" * 50_000 + "'\n---\n" + body})
    _result, report = check_json(repo, pack)
    assert statuses(report)[("HT-3", CARD)]["status"] == "pass"
    assert_good_still_reported(report)


def test_thousands_of_findings_cost_linear_time(tmp_path: Path, repo: Path) -> None:
    """5,000 unknown keys and 5,000 bad list items: one finding each, each on its own
    line.  Cerberus re-sorted all errors after every new one and the YAML locator
    scanned the mapping per finding; this run took minutes before."""
    pack = tmp_path / "strict.yaml"
    pack.write_text(
        "pack: strict\nversion: 0.1.0\nrules:\n"
        "  - {id: ST-1, name: strict-keys, title: Only known keys, dimension: governance,\n"
        "     discipline: security, severity: high, applies_to: threat_model,\n"
        "     check: {type: schema, allow_unknown: false,\n"
        "             schema: {schema: {type: string}, threats: {type: list}}}}\n"
        "  - {id: ST-2, name: threat-ids, title: Threat ids are numbers, dimension: governance,\n"
        "     discipline: security, severity: high, applies_to: threat_model,\n"
        "     check: {type: each, path: threats, schema: {id: {type: integer}}}}\n",
        encoding="utf-8")
    n = 5000
    write(repo, {TM: "schema: threat-model/v1\n" + "".join(f"k{i}: {i}\n" for i in range(n)) + "threats:\n"
                 + "".join(f"  - {{id: t{i}}}\n" for i in range(n))})
    result, report = check_json(repo, pack)
    assert result.exit_code == 1
    found = statuses(report)
    keys = {f["line"] for f in found[("ST-1", TM)]["findings"]}
    items = {f["line"] for f in found[("ST-2", TM)]["findings"]}
    assert keys == set(range(2, n + 2)) and items == set(range(n + 3, 2 * n + 3))


def test_thousands_of_toml_findings_cost_linear_time(tmp_path: Path, repo: Path) -> None:
    """The TOML locator rescanned every line per finding (minutes for 10,000 keys)."""
    pack = tmp_path / "strict.yaml"
    pack.write_text(
        "pack: strict\nversion: 0.1.0\nrules:\n"
        "  - {id: ST-3, name: strict-config, title: Only known keys, dimension: governance,\n"
        "     discipline: security, severity: high, applies_to: config,\n"
        "     check: {type: schema, allow_unknown: false, schema: {model: {type: dict}}}}\n",
        encoding="utf-8")
    n = 10_000
    write(repo, {TOML: 'kind = "serving"\n' + "".join(f"k{i} = {i}\n" for i in range(n))})
    result, report = check_json(repo, pack)
    assert result.exit_code == 1
    lines = {f["line"] for f in statuses(report)[("ST-3", TOML)]["findings"]}
    assert lines == set(range(1, n + 2))  # each key and the unknown 'kind'

