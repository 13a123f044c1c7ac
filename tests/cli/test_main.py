"""The console script ends with os._exit after flushing: what a real process prints and
its exit status must be exactly what sys.exit would have given."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True,
                          cwd=ROOT, timeout=120)


def test_a_large_report_on_a_pipe_arrives_whole(tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    proc = _run("check", "fixtures/noncompliant", "--format", "json", "--json", str(report),
                "--as-of", "2026-11-28")
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == report.read_bytes()
    assert json.loads(proc.stdout)["summary"]["failed"] > 0


def test_exit_statuses_are_those_of_sys_exit(tmp_path: Path) -> None:
    assert _run("check", "fixtures/compliant", "--as-of", "2026-11-28").returncode == 0
    usage = _run("check", str(tmp_path / "missing"))
    assert usage.returncode == 2 and b"does not exist" in usage.stderr
    assert _run("--version").stdout.startswith(b"safesec, version ")
    helped = _run("check", "--help")
    assert helped.returncode == 0 and b"--jobs" in helped.stdout


def test_a_reader_that_leaves_early_loses_no_report_file(tmp_path: Path) -> None:
    """``safesec check --format json --json r.json --junit-xml r.xml | head -1``: the pipe
    closes before the JSON (rendered first) is printed; the JUnit file rendered after it
    is still written, and the exit status says what happened."""
    import os

    junit = tmp_path / "r.xml"
    read, write = os.pipe()
    os.close(read)  # nobody will read standard output
    try:
        proc = subprocess.run([sys.executable, "-m", "checker", "check", "fixtures/noncompliant",
                               "--format", "json", "--json", str(tmp_path / "r.json"),
                               "--junit-xml", str(junit)],
                              stdout=write, stderr=subprocess.PIPE, cwd=ROOT, timeout=120)
    finally:
        os.close(write)
    assert proc.returncode == 130, proc.stderr
    assert b"Traceback" not in proc.stderr
    assert junit.read_text().startswith("<?xml") and "</testsuites>" in junit.read_text()
