"""A native eval report checked against the raw tool output it cites (source: {path, sha256})."""
from __future__ import annotations

import hashlib
import json
import zipfile
import shutil
from pathlib import Path

import pytest

from checker.run.evidence import agrees

DATA = Path(__file__).resolve().parents[1] / "data"
PROMPTFOO = DATA / "corpus" / "eval-reports" / "promptfoo-redteam-output.json"
GARAK = DATA / "corpus" / "eval-reports" / "garak-agg.report.jsonl"
INSPECT = (DATA / "formats" / "inspect" /
           "2024-11-05T13-32-37-05-00_input-task_hxs4q9azL3ySGkjJirypKZ.eval")
LM_EVAL_03 = DATA / "formats" / "lm-eval" / "0.3" / "bloom-1b7" / "bloom-1b7_gsm8k_8-shot.json"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _repo(make_repo, tmp_path, raw: Path, raw_at: str, report: str) -> Path:
    repo = make_repo(tmp_path, {"README.md": "# x\n", "evals/eval-report-summary.yaml": report})
    (repo / raw_at).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(raw, repo / raw_at)
    return repo


def _pf7(check_json, repo: Path) -> dict:
    _result, report = check_json(repo)
    assert report is not None
    (pf7,) = [r for r in report["results"] if r["rule"] == "PF-7"
              and r["file"] == "evals/eval-report-summary.yaml"]
    return pf7


def _report(raw_at: str, sha: str, results: str) -> str:
    return (f"schema: eval-report/v1\nmodel: {{name: bot}}\ndate: 2026-11-01\n"
            f"source: {{path: {raw_at}, sha256: {sha}}}\nresults:\n{results}")


def test_promptfoo_numbers_that_match_the_cases_pass(check_json, make_repo, tmp_path):
    results = ("  - {id: harmful:self-harm/jailbreak, threat_model: adversarial, value: 1.0, "
               "samples: 1}\n  - {id: hate, source_result: harmful:hate/basic, "
               "threat_model: adversarial, value: 0.0}\n")
    repo = _repo(make_repo, tmp_path, PROMPTFOO, "raw/output.json",
                 _report("raw/output.json", _sha(PROMPTFOO), results))
    assert _pf7(check_json, repo)["status"] == "pass"


def test_a_value_the_raw_cases_do_not_give_fails_at_its_line(check_json, make_repo, tmp_path):
    results = ("  - id: harmful:self-harm/jailbreak\n    threat_model: adversarial\n"
               "    value: 0.02\n    samples: 1\n")
    repo = _repo(make_repo, tmp_path, PROMPTFOO, "raw/output.json",
                 _report("raw/output.json", _sha(PROMPTFOO), results))
    pf7 = _pf7(check_json, repo)
    assert pf7["status"] == "fail" and pf7["line"] == 8  # the line of "value: 0.02"
    assert pf7["message"] == (
        "result harmful:self-harm/jailbreak: states value 0.02, but raw/output.json (promptfoo "
        "result harmful:self-harm/jailbreak) gives 1 (1 of 1 attacks succeeded); correct the "
        "report or cite the run it comes from")


def test_a_changed_raw_file_fails_on_its_hash(check_json, make_repo, tmp_path):
    results = "  - {id: test.Test/always.Pass, threat_model: adversarial, value: 0.0}\n"
    repo = _repo(make_repo, tmp_path, GARAK, "raw/garak.jsonl",
                 _report("raw/garak.jsonl", "f" * 64, results))
    pf7 = _pf7(check_json, repo)
    assert pf7["status"] == "fail" and pf7["line"] == 4
    assert pf7["message"].startswith(f"source file raw/garak.jsonl has SHA-256 {_sha(GARAK)}, "
                                     "not the one this report states")


def test_garak_samples_are_counted_from_its_scored_outputs(check_json, make_repo, tmp_path):
    results = "  - {id: test.Test/always.Pass, threat_model: adversarial, value: 0.0, samples: 80}\n"
    repo = _repo(make_repo, tmp_path, GARAK, "raw/garak.jsonl",
                 _report("raw/garak.jsonl", _sha(GARAK), results))
    pf7 = _pf7(check_json, repo)
    assert pf7["status"] == "fail"
    assert ("states 80 samples, but raw/garak.jsonl (garak result test.Test/always.Pass) "
            "recomputed from its per-sample scores has 8") in pf7["message"]


def test_inspect_eval_archive_and_lm_eval_03_back_their_numbers(check_json, make_repo, tmp_path):
    results = ("  - {id: input_task/model_graded_fact/accuracy, threat_model: non-adversarial, "
               "value: 1.0, samples: 1}\n")
    repo = _repo(make_repo, tmp_path / "a", INSPECT, "logs/run.eval",
                 _report("logs/run.eval", _sha(INSPECT), results))
    assert _pf7(check_json, repo)["status"] == "pass"
    # lm-eval 0.3 printed 0.01288855...; a report rounding it to 0.013 agrees, 0.02 does not
    for value, status in (("0.013", "pass"), ("0.02", "fail")):
        results = f"  - {{id: gsm8k/acc, threat_model: non-adversarial, value: {value}}}\n"
        repo = _repo(make_repo, tmp_path / value, LM_EVAL_03, "raw/bloom.json",
                     _report("raw/bloom.json", _sha(LM_EVAL_03), results))
        assert _pf7(check_json, repo)["status"] == status


def test_a_result_the_raw_file_does_not_have_names_what_it_has(check_json, make_repo, tmp_path):
    results = "  - {id: RT-9, threat_model: adversarial, value: 0.1}\n"
    repo = _repo(make_repo, tmp_path, GARAK, "raw/garak.jsonl",
                 _report("raw/garak.jsonl", _sha(GARAK), results))
    pf7 = _pf7(check_json, repo)
    assert pf7["status"] == "fail"
    assert pf7["message"] == ("result RT-9: raw/garak.jsonl has no garak result 'RT-9' (it has: "
                              "lmrc.QuackMedicine/lmrc.QuackMedicine, test.Test/always.Pass); set "
                              "source_result to the one it summarises")


@pytest.mark.parametrize("source, expected", [
    ("{path: ../elsewhere/output.json, sha256: %s}" % ("a" * 64), "is outside the repository"),
    ("{path: raw/missing.json, sha256: %s}" % ("a" * 64), "cannot be read"),
    ("{path: raw/output.json, sha256: abc}", "expected the 64 hexadecimal digits"),
    ("raw/output.json", "source: expected {path, sha256}"),
])
def test_a_bad_source_is_a_failure_in_words(check_json, make_repo, tmp_path, source, expected):
    report = ("schema: eval-report/v1\nmodel: {name: bot}\ndate: 2026-11-01\n"
              f"source: {source}\nresults:\n  - {{id: x, threat_model: adversarial, value: 0}}\n")
    repo = _repo(make_repo, tmp_path, PROMPTFOO, "raw/output.json", report)
    pf7 = _pf7(check_json, repo)
    assert pf7["status"] == "fail" and expected in pf7["message"]


def test_a_file_that_is_no_tool_output_backs_no_number(check_json, make_repo, tmp_path):
    notes = tmp_path / "notes.json"
    notes.write_text('{"elapsed_time": "02:23:19", "gpu": "A100"}\n', encoding="utf-8")
    results = "  - {id: x, threat_model: adversarial, value: 0}\n"
    repo = _repo(make_repo, tmp_path / "r", notes, "raw/summary.json",
                 _report("raw/summary.json", _sha(notes), results))
    assert "is not a promptfoo, garak, Inspect or lm-eval output" in _pf7(check_json, repo)["message"]


def test_reports_without_source_and_raw_outputs_are_not_applicable(check_json, make_repo,
                                                                    tmp_path):
    repo = make_repo(tmp_path, {"README.md": "# x\n", "evals/eval-report-a.yaml":
                                "schema: eval-report/v1\nresults:\n  - {id: x, value: 0}\n"})
    shutil.copy(PROMPTFOO, repo / "evals" / "eval-report-redteam.json")
    _result, report = check_json(repo)
    messages = {r["file"]: r["message"] for r in report["results"] if r["rule"] == "PF-7"}
    assert messages == {
        "evals/eval-report-a.yaml":
            "the report cites no raw tool output (source: {path, sha256})",
        "evals/eval-report-redteam.json": "this promptfoo output is itself the raw evidence"}


@pytest.mark.parametrize("stated, actual, expected", [
    (0.041, 0.0412, True), (0.04, 0.046, False), (0.06, 0.06, True), (1.0, 1.0, True),
    (3.0, 3.2, False), (0.013, 0.01288855193328279, True), (0.0129, 0.01288855193328279, True),
    (0.012, 0.01288855193328279, False), (1e-05, 1.4e-05, True), (1e-05, 1.6e-05, False),
])
def test_agreement_allows_rounding_to_the_digits_stated(stated, actual, expected):
    assert agrees(stated, actual) is expected


def test_inspect_numbers_are_recomputed_from_the_per_sample_scores(check_json, make_repo,
                                                                   tmp_path):
    # the real log with its stated accuracy edited to 0.5; its one sample still scores 1.0
    edited = tmp_path / "edited.eval"
    with zipfile.ZipFile(INSPECT) as src, zipfile.ZipFile(edited, "w") as out:
        for member in src.infolist():
            body = src.read(member)
            if member.filename == "header.json":
                header = json.loads(body)
                header["results"]["scores"][0]["metrics"]["accuracy"]["value"] = 0.5
                body = json.dumps(header).encode()
            out.writestr(member, body)
    results = ("  - {id: input_task/model_graded_fact/accuracy, threat_model: non-adversarial, "
               "value: 0.5}\n")
    repo = _repo(make_repo, tmp_path / "r", edited, "logs/run.eval",
                 _report("logs/run.eval", _sha(edited), results))
    pf7 = _pf7(check_json, repo)
    assert pf7["status"] == "fail"
    assert ("states value 0.5, but logs/run.eval (Inspect result input_task/model_graded_fact/"
            "accuracy) recomputed from its per-sample scores gives 1 over 1 samples"
            in pf7["message"])


def test_garak_numbers_are_recomputed_from_the_detector_scores(check_json, make_repo, tmp_path):
    # the real report with two of test.Test's eight outputs now scored as hits; its eval
    # record still says 8 of 8 passed
    lines = GARAK.read_text(encoding="utf-8").splitlines()
    edited, hits = [], 0
    for line in lines:
        record = json.loads(line)
        if record.get("probe_classname") == "test.Test" and hits < 2:
            record["detector_results"] = {"always.Pass": [1.0]}
            hits += 1
        edited.append(json.dumps(record))
    raw = tmp_path / "edited.report.jsonl"
    raw.write_text("\n".join(edited) + "\n", encoding="utf-8")
    results = "  - {id: test.Test/always.Pass, threat_model: adversarial, value: 0.0, samples: 8}\n"
    repo = _repo(make_repo, tmp_path / "r", raw, "raw/garak.jsonl",
                 _report("raw/garak.jsonl", _sha(raw), results))
    pf7 = _pf7(check_json, repo)
    assert pf7["status"] == "fail"
    assert ("states value 0.0, but raw/garak.jsonl (garak result test.Test/always.Pass) "
            "recomputed from its per-sample scores gives 0.25 over 8 samples" in pf7["message"])
