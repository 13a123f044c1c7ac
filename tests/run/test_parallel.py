"""``check --jobs N`` gives the same bytes as one process; ``--files`` reads only the
systems it needs and still gives the results a whole-tree run gives for them."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from gen_monorepo import generate  # noqa: E402

from checker.reporters import render
from checker.run import check, parallel
from checker.run.options import RunOptions


def _git_available() -> bool:
    return shutil.which("git") is not None


@pytest.fixture(scope="module")
def monorepo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not _git_available():
        pytest.skip("git is not installed")
    out = tmp_path_factory.mktemp("mono") / "repo"
    generate(5, out)
    # one system with a failure and one unreadable file, so not everything passes
    redteam = out / "systems/sys-0002/evals/redteam.yaml"
    redteam.write_text(redteam.read_text().replace("value: 0.06", "value: 0.6"))
    (out / "systems/sys-0004/serving/config.yaml").write_text("kind: serving\nmodel: [unclosed\n")
    # files that are no artifact, in several systems' shares: listed once as skipped
    (out / "systems/sys-0001/evals/notes.yaml").write_text("owner: team\n")
    (out / "systems/sys-0003/examples").mkdir()
    (out / "systems/sys-0003/examples/threat-model.yaml").write_text("schema: threat-model/v1\n")
    (out / "schemas").mkdir()
    (out / "schemas/report.schema.json").write_text('{"$schema": "x"}\n')
    return out


def _check(repo: Path, out: Path, *args: str) -> tuple[int, dict[str, bytes]]:
    out.mkdir()
    files = {"json": out / "r.json", "junit": out / "r.xml", "sarif": out / "r.sarif"}
    proc = subprocess.run([sys.executable, "-m", "checker", "check", str(repo),
                           "--json", str(files["json"]), "--junit-xml", str(files["junit"]),
                           "--sarif", str(files["sarif"]), *args],
                          capture_output=True, cwd=ROOT)
    outputs = {name: path.read_bytes() for name, path in files.items()}
    outputs["stdout"] = proc.stdout
    return proc.returncode, outputs


def test_jobs_2_gives_byte_identical_reports(monorepo: Path, tmp_path: Path) -> None:
    code1, one = _check(monorepo, tmp_path / "j1", "--jobs", "1")
    code2, two = _check(monorepo, tmp_path / "j2", "--jobs", "2")
    code5, five = _check(monorepo, tmp_path / "j5", "--jobs", "5")
    assert code1 == code2 == code5 == 2  # the unreadable serving config
    report = json.loads(one["json"])
    assert len(report["systems"]) == 5 and report["summary"]["failed"] >= 1
    assert report["errors"] and len(report["artifacts"]) == 5 * 5 + 3
    assert [s["path"] for s in report["skipped"]] == [
        "schemas/report.schema.json", "systems/sys-0001/evals/notes.yaml",
        "systems/sys-0003/examples/threat-model.yaml"]
    for name in one:
        assert two[name] == one[name], name
        assert five[name] == one[name], name


def test_files_mode_gives_the_whole_tree_results_for_its_system(monorepo: Path,
                                                                tmp_path: Path) -> None:
    changed = "systems/sys-0002/evals/redteam.yaml"
    _code, full = _check(monorepo, tmp_path / "full")
    _code, only = _check(monorepo, tmp_path / "only", "--files", str(monorepo / changed))
    whole = json.loads(full["json"])
    part = json.loads(only["json"])
    readers = {r["rule"] for r in part["results"]}
    assert part["results"] and {r["system"] for r in part["results"]} == {"systems/sys-0002"}
    assert part["results"] == [r for r in whole["results"] if r["system"] == "systems/sys-0002"
                               and r["rule"] in readers]
    assert part["systems"] == whole["systems"]
    # only the checked system's artifacts and the shared ones are read and listed
    assert {a["system"] for a in part["artifacts"]} == {"systems/sys-0002", "*"}
    assert part["artifacts"] == [a for a in whole["artifacts"]
                                 if a["system"] in ("systems/sys-0002", "*")]
    # the unreadable file of another system is not read, so it is not reported
    assert not part["errors"] and whole["errors"]
    # --jobs does not make --files read every system
    _code, jobs = _check(monorepo, tmp_path / "jobs", "--files", str(monorepo / changed),
                         "--jobs", "2")
    assert jobs == only


def test_spawned_workers_give_the_reports_forked_workers_give(monorepo: Path) -> None:
    """A worker started by spawn (macOS, Windows) inherits nothing and prepares the run
    itself; the reports must be those of fork-started workers (Linux) and of one process."""
    opts = RunOptions(root=str(monorepo), jobs=3)
    forked = parallel.run_parallel(opts, 3, method="fork")
    spawned = parallel.run_parallel(opts, 3, method="spawn")
    single = check(RunOptions(root=str(monorepo)))
    assert forked.summary["failed"] and forked.errors
    for name in ("json", "junit", "sarif"):
        assert render(name, spawned) == render(name, forked) == render(name, single), name


def test_changing_only_a_model_card_checks_that_cards_system(monorepo: Path,
                                                             tmp_path: Path) -> None:
    """--files with just a model card (the usual pre-commit hook call after editing one)
    evaluates that card's system, as the whole-tree run does."""
    card = "systems/sys-0003/MODEL_CARD.md"
    _code, full = _check(monorepo, tmp_path / "full")
    _code, only = _check(monorepo, tmp_path / "only", "--files", str(monorepo / card))
    whole = json.loads(full["json"])
    part = json.loads(only["json"])
    assert part["results"], "a changed model card must be checked"
    # ("*": a repository-wide file's result that is the same for every system, once)
    assert {r["system"] for r in part["results"]} <= {"systems/sys-0003", "*"}
    assert any(r["artifact"] == card for r in part["results"])
    mine = [r for r in whole["results"] if r["system"] in ("systems/sys-0003", "*")]
    assert all(r in mine for r in part["results"])


def test_a_readme_that_is_not_a_model_card_moves_no_file_between_shares(
        tmp_path: Path) -> None:
    """Shares are judged by card folders before the cards are read; a README.md that
    turns out not to be a model card removes a system and shifts the shares' boundary.
    The process that then lacks a card reads it, and the reports stay those of one
    process."""
    if not _git_available():
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    generate(6, repo)
    for index in (1, 2, 3):  # a plain README in a folder sorting into the first share
        folder = repo / f"systems/aaa-{index}"
        folder.mkdir(parents=True)
        (folder / "README.md").write_text("# Notes\n\nNot a model card.\n")
    # a card of the last share that claims a file of the first system through its links
    card = repo / "systems/sys-0006/MODEL_CARD.md"
    text = card.read_text()
    assert "evaluations: [evals/safety.yaml, evals/redteam.yaml]" in text
    card.write_text(text.replace("evaluations: [evals/safety.yaml, evals/redteam.yaml]",
                                 "evaluations: [evals/safety.yaml, ../sys-0001/evals/redteam.yaml]"))
    codes, reports = [], []
    for jobs in ("1", "2", "3", "4"):
        code, outputs = _check(repo, tmp_path / f"j{jobs}", "--jobs", jobs)
        codes.append(code)
        reports.append(outputs)
    assert len(set(codes)) == 1
    for outputs in reports[1:]:
        for name in outputs:
            assert outputs[name] == reports[0][name], name


def test_a_failing_worker_is_reported_not_hung(monorepo: Path, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    """An exception inside a worker reaches the parent with the worker's traceback."""
    parent, real = os.getpid(), parallel._share

    def broken(*args: object) -> object:
        if os.getpid() != parent:
            raise ValueError("disk on fire")
        return real(*args)

    monkeypatch.setattr(parallel, "_share", broken)
    with pytest.raises(ValueError, match="disk on fire") as caught:
        parallel.run_parallel(RunOptions(root=str(monorepo), jobs=2), 2, method="fork")
    assert "Traceback" in str(caught.value.__cause__)


def test_a_worker_that_dies_is_reported_not_waited_for(monorepo: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker killed outright (out of memory, a signal) sends nothing: the parent says
    so instead of waiting forever."""
    parent, real = os.getpid(), parallel._read_cards

    def dying(*args: object) -> object:
        if os.getpid() != parent:
            os._exit(9)
        return real(*args)

    monkeypatch.setattr(parallel, "_read_cards", dying)
    with pytest.raises(RuntimeError, match="worker 1 exited with code 9"):
        parallel.run_parallel(RunOptions(root=str(monorepo), jobs=2), 2, method="fork")


def test_changing_a_readme_that_is_no_model_card_checks_nothing(tmp_path: Path) -> None:
    """The project's own README.md matches the model-card globs but is no card: a
    pre-commit run on it reads and checks nothing, not every system."""
    if not _git_available():
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    generate(3, repo)
    (repo / "README.md").write_text("# The project\n\nNo front matter here.\n")
    _code, only = _check(repo, tmp_path / "only", "--files", str(repo / "README.md"))
    report = json.loads(only["json"])
    assert report["results"] == [] and report["summary"]["passed"] == 0
    assert {a["system"] for a in report["artifacts"]} <= {"*"}
