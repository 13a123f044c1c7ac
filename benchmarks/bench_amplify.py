"""Benchmark (not a test): many tiny files a pull request can add (issue 14, redteam L1).

    python benchmarks/bench_amplify.py [--cards 5000] [--evals 50000] [--runs 3] [--keep DIR]
    python benchmarks/bench_amplify.py --only cards      # or: --only evals

Builds two committed repositories in a temporary folder and runs the GitHub Action's
command on each (``check --format github --junit-xml --sarif``), each run in a fresh
child process, reporting wall time, peak RSS and the size of the reports:

- ``cards``: N folders each holding a four-byte model card (``# m``): N systems with
  every card rule failing.  Goal: peak RSS < 300 MB, reports proportionate to the findings.
- ``evals``: one system with N small (~100 byte) eval reports, each failing a rule.
  Goal: < 60 s and < 1 GB.

Times on a shared machine vary: the best of ``--runs`` counts, with the load average.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import PY, ROOT, SAFESEC  # noqa: E402

# Runs one command in a fresh child, its standard output (the annotations) to a file, and
# reports its wall time and peak RSS.
_WRAP = ("import json, resource, subprocess, sys, time\n"
         "t = time.perf_counter()\n"
         "with open(sys.argv[1], 'wb') as out:\n"
         "    code = subprocess.run(sys.argv[2:], stdout=out).returncode\n"
         "t = time.perf_counter() - t\n"
         "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
         "print(json.dumps({'s': t, 'rss_mb': rss / 1024, 'code': code}))\n")

CARD = "# m\n"
# ~100 bytes, failing PF-1 (no sample count): one problem per file, as in the redteam's
EVAL = ("schema: eval-report/v1\ndate: 2025-01-01\n"
        "results: [{{threat_model: non-adversarial, metric: m, value: {n}}}]\n")
MODEL_CARD = "---\nmodel_name: m\n---\n# m\n"


def _commit(repo: Path) -> None:
    git = ["git", "-C", str(repo), "-c", "user.name=bench", "-c", "user.email=b@x",
           "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "bench"], check=True,
                   env={**os.environ, "GIT_COMMITTER_DATE": "2026-11-01T00:00:00Z",
                        "GIT_AUTHOR_DATE": "2026-11-01T00:00:00Z"})


def build_cards(repo: Path, count: int) -> None:
    """``count`` systems, each a folder with a four-byte model card."""
    for i in range(count):
        folder = repo / "models" / f"m{i:05d}"
        folder.mkdir(parents=True)
        (folder / "MODEL_CARD.md").write_text(CARD)
    _commit(repo)


def build_evals(repo: Path, count: int) -> None:
    """One system (a model card at the top) with ``count`` small eval reports."""
    repo.mkdir(parents=True)
    (repo / "MODEL_CARD.md").write_text(MODEL_CARD)
    for i in range(count):
        folder = repo / "evals" / f"d{i // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"e{i:05d}.yaml").write_text(EVAL.format(n=i))
    _commit(repo)


def action(repo: Path, out: Path) -> list[str]:
    """The GitHub Action's command line."""
    return [*SAFESEC, "check", str(repo), "--format", "github", "--junit-xml",
            str(out / "r.xml"), "--sarif", str(out / "r.sarif")]


def measure(cmd: list[str], cwd: Path, stdout: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    got = subprocess.run([PY, "-c", _WRAP, str(stdout), *cmd], cwd=cwd, env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(got.strip().splitlines()[-1])


def run_goal(repo: Path, out: Path, runs: int) -> dict:
    samples = []
    for _ in range(runs):
        for report in out.iterdir():
            report.unlink()
        samples.append(measure(action(repo, out), repo, out / "stdout.txt"))
    sizes = {p.name: p.stat().st_size for p in out.iterdir()}
    with open(out / "r.sarif", "rb") as sarif:  # one result per problem reported
        problems = sum(line.lstrip().startswith(b'"ruleId":') for line in sarif)
    return {"best_s": min(s["s"] for s in samples), "times": [s["s"] for s in samples],
            "rss_mb": max(s["rss_mb"] for s in samples), "code": samples[-1]["code"],
            "reports_mb": sum(sizes.values()) / 1e6, "sizes": sizes, "problems": problems}


GOALS = (("cards", "four-byte model cards", build_cards, (None, 300.0)),
         ("evals", "small eval reports", build_evals, (60.0, 1024.0)))


def goals(tmp: Path, runs: int, counts: dict[str, int]) -> list[tuple]:
    """``(label, measured, max seconds, max MB, met)`` of each goal in ``counts``."""
    out = tmp / "out"
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for name, what, build, (max_s, max_mb) in GOALS:
        if name not in counts:
            continue
        repo = tmp / f"{name}-{counts[name]}"
        if not repo.exists():
            build(repo, counts[name])
        got = run_goal(repo, out, runs)
        ok = got["rss_mb"] < max_mb and (max_s is None or got["best_s"] < max_s)
        rows.append((f"{counts[name]:,} {what}", got, max_s, max_mb, ok))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cards", type=int, default=5000)
    ap.add_argument("--evals", type=int, default=50000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", choices=["cards", "evals"])
    ap.add_argument("--keep", type=Path, help="build the repositories here and keep them")
    args = ap.parse_args(argv)
    tmp = args.keep or Path(tempfile.mkdtemp(prefix="safesec-amplify-"))
    tmp.mkdir(parents=True, exist_ok=True)
    counts = {name: n for name, n in (("cards", args.cards), ("evals", args.evals))
              if args.only in (None, name)}
    try:
        rows = goals(tmp, args.runs, counts)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"python {sys.version.split()[0]} ({PY}), {os.cpu_count()} CPUs, runs={args.runs}, "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("| goal | best s (all) | peak RSS MB | reports MB | problems | bytes/problem | exit "
          "| target | verdict |")
    print("|---|---|---|---|---|---|---|---|---|")
    for label, got, max_s, max_mb, ok in rows:
        target = (f"< {max_s:.0f} s, " if max_s else "") + f"< {max_mb:.0f} MB"
        times = ", ".join(f"{t:.1f}" for t in got["times"])
        sizes = ", ".join(f"{k} {v / 1e6:.2f}" for k, v in sorted(got["sizes"].items()))
        per = got["reports_mb"] * 1e6 / max(1, got["problems"])
        print(f"| {label} | {got['best_s']:.1f} ({times}) | {got['rss_mb']:.0f} | "
              f"{got['reports_mb']:.1f} ({sizes}) | {got['problems']:,} | {per:,.0f} | "
              f"{got['code']} | {target} | {'PASS' if ok else 'MISS'} |")
    return 0 if all(r[-1] for r in rows) else 1

if __name__ == "__main__":
    sys.exit(main())
