"""``check --jobs N`` gives the same bytes as one process; ``--files`` reads only the
systems it needs and still gives the results a whole-tree run gives for them."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from gen_monorepo import generate  # noqa: E402


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
    (out / "systems/sys-0004/serving/config.yaml").write_text("model: [unclosed\n")
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
    # the unreadable file of another system is not read, so it is not reported
    assert not part["errors"] and whole["errors"]


def test_a_worker_without_the_parents_work_gives_the_same_share(monorepo: Path) -> None:
    """A worker started by spawn (macOS, Windows) inherits nothing and prepares the run
    itself; its share must be what a fork-started worker computes."""
    from checker import parallel
    from checker.options import RunOptions

    opts = RunOptions(root=str(monorepo), jobs=2)
    parallel._INHERITED.clear()
    alone = parallel._work(opts, 1, 2, None)
    parallel._INHERITED["run"] = parallel.prepare(opts)
    try:
        inherited = parallel._work(opts, 1, 2, None)
    finally:
        parallel._INHERITED.clear()
    assert alone[1] and alone[1] == inherited[1]
    assert [(i.path, i.system) for i in alone[0]] == [(i.path, i.system) for i in inherited[0]]
    assert {i.system for i in alone[0]} == {"systems/sys-0004", "systems/sys-0005"}
