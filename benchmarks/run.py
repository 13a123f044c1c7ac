"""Benchmark runner (not a test): every performance goal of issues 7 and 14, in one run.

    python benchmarks/run.py [--runs 5] [--systems 400] [--keep DIR] [--no-history]
                             [--no-amplify]

Builds synthetic monorepos of N and 2N systems (gen_monorepo.py) in a temporary
folder, then times whole commands - each in a fresh child process, wall time with
``time.perf_counter`` around ``subprocess.run``, peak RSS from
``resource.getrusage(RUSAGE_CHILDREN)`` of a wrapper process that runs nothing
else.  The two commands of a goal are measured alternately (A B A B ...) so that
load on the machine hits both alike; the table shows medians, the ratio of the
medians, and PASS/MISS per goal.  The amplification goals of issue 14 (many tiny files
a pull request can add: ``bench_amplify.py``) show the best time of the runs and the
largest peak RSS.
"""
from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable
SAFESEC = [PY, "-m", "checker"]
CHANGED = "systems/sys-{:04d}/evals/redteam.yaml"  # the one file of the --files goal (n/2)

# Runs one command in a fresh child and reports its wall time and peak RSS.
_WRAP = ("import json, resource, subprocess, sys, time\n"
         "t = time.perf_counter()\n"
         "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
         "t = time.perf_counter() - t\n"
         "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
         "print(json.dumps({'s': t, 'rss_mb': rss / 1024, 'code': code}))\n")


def measure(cmd: list[str], cwd: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([PY, "-c", _WRAP, *cmd], cwd=cwd, env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def warm_bytecode() -> None:
    """Write the checker's .pyc files, as installing the package does (pip compiles them;
    PyYAML, which parse_only.py imports, has them from its install).  The warm-up run of
    ``pair`` writes them too, unless PYTHONDONTWRITEBYTECODE is set: then every measured
    run would compile the whole package from source again (0.12-0.19 s per command)."""
    compileall.compile_dir(str(ROOT / "checker"), quiet=1)


def pair(a: list[str], b: list[str], cwd: Path, runs: int) -> tuple[dict, dict]:
    """Median time (and max RSS) of ``a`` and of ``b``, measured alternately."""
    got: dict[str, list[dict]] = {"a": [], "b": []}
    measure(a, cwd), measure(b, cwd)  # warm the file cache and .pyc files
    for _ in range(runs):
        got["a"].append(measure(a, cwd))
        got["b"].append(measure(b, cwd))
    return _summary(got["a"]), _summary(got["b"])


def _summary(samples: list[dict]) -> dict:
    times = [s["s"] for s in samples]
    return {"median": statistics.median(times), "min": min(times), "max": max(times),
            "rss_mb": max(s["rss_mb"] for s in samples), "code": samples[-1]["code"]}


def check(repo: Path, out: Path, *extra: str) -> list[str]:
    return [*SAFESEC, "check", str(repo), "--junit-xml", str(out / "r.xml"),
            "--json", str(out / "r.json"), "--format", "json", *extra]


def build(tmp: Path, systems: int) -> Path:
    sys.path.insert(0, str(HERE))
    from gen_monorepo import generate

    repo = tmp / f"mono-{systems}"
    if not repo.exists():
        generate(systems, repo)
    return repo


def goals(tmp: Path, n: int, runs: int) -> list[tuple]:
    small, large = build(tmp, n), build(tmp, 2 * n)
    out = tmp / "out"
    out.mkdir(exist_ok=True)
    evals = sorted(str(p.relative_to(small)) for p in small.glob("systems/*/evals/*.yaml"))
    jsonschema = [str(Path(PY).with_name("check-jsonschema")), "--schemafile",
                  str(HERE / "eval-report.schema.json"), *evals]
    full = check(small, out)
    rows = []

    chk, parse = pair(full, [PY, str(HERE / "parse_only.py"), str(small)], small, runs)
    rows.append((f"check {n} systems (JUnit+JSON) / PyYAML C parse only", chk, parse,
                 chk["median"] / parse["median"], "<= 2.0", chk["median"] <= 2.0 * parse["median"]))
    if Path(jsonschema[0]).exists():
        cjs, chk2 = pair(jsonschema, full, small, runs)
        rows.append((f"check-jsonschema ({len(evals)} eval reports only) / check", cjs, chk2,
                     cjs["median"] / chk2["median"], ">= 2.0",
                     cjs["median"] >= 2.0 * chk2["median"]))
    big, chk3 = pair(check(large, out), full, small, runs)
    rows.append((f"check {2 * n} / check {n} systems", big, chk3, big["median"] / chk3["median"],
                 "<= 2.2", big["median"] <= 2.2 * chk3["median"]))
    ver, bare = pair([*SAFESEC, "--version"], [PY, "-c", "pass"], small, runs)
    rows.append(("safesec --version / python -c pass", ver, bare, ver["median"] / bare["median"],
                 "<= 4.0", ver["median"] <= 4.0 * bare["median"]))
    one, chk4 = pair(check(small, out, "--files", str(small / CHANGED.format(n // 2))), full, small, runs)
    rows.append((f"check --files (1 eval report) / full check, {n} systems", one, chk4,
                 one["median"] / chk4["median"], "<= 0.25", one["median"] <= 0.25 * chk4["median"]))
    rows.append((f"peak RSS of check, {n} systems (MB)", chk, None, chk["rss_mb"], "< 300",
                 chk["rss_mb"] < 300))
    j1, j2 = pair(full, check(small, out, "--jobs", "2"), small, runs)
    rows.append(("check --jobs 1 / --jobs 2 (speed-up)", j1, j2, j1["median"] / j2["median"],
                 ">= 1.6", j1["median"] >= 1.6 * j2["median"]))
    chk5, parse5 = pair(check(small, out, "--jobs", "2"),
                        [PY, str(HERE / "parse_only.py"), str(small)], small, runs)
    rows.append((f"check --jobs 2, {n} systems / PyYAML C parse only (info)", chk5, parse5,
                 chk5["median"] / parse5["median"], "(2.0)", None))
    return rows


def history(tmp: Path) -> tuple:
    sys.path.insert(0, str(HERE))
    import bench_history

    repo = tmp / "history"
    if not repo.exists():
        bench_history.build(repo, 5000, 1000)
    times, count = bench_history.measure(repo, 7)
    stats = {"median": statistics.median(times), "min": min(times), "max": max(times),
             "rss_mb": 0.0, "code": 0}
    return ("history pass, 5,000 commits / 1,000 artifacts (s)", stats, None, stats["median"],
            "< 2 s", stats["median"] < 2.0 and count >= 1000)


def amplify(tmp: Path, runs: int) -> list[tuple]:
    """The goals of bench_amplify.py as rows of the table (memory, and time where bounded)."""
    sys.path.insert(0, str(HERE))
    import bench_amplify

    rows = []
    for label, got, max_s, max_mb, ok in bench_amplify.goals(tmp, runs,
                                                              {"cards": 5000, "evals": 50000}):
        times = got["times"]
        stats = {"median": statistics.median(times), "min": min(times), "max": max(times),
                 "rss_mb": got["rss_mb"], "code": got["code"]}
        rows.append((f"peak RSS, {label}, action's reports (MB)", stats, None, got["rss_mb"],
                     f"< {max_mb:.0f}", got["rss_mb"] < max_mb))
        if max_s is not None:
            rows.append((f"best time, {label}, action's reports (s)", stats, None,
                         got["best_s"], f"< {max_s:.0f} s", got["best_s"] < max_s))
    return rows


def table(rows: list[tuple]) -> str:
    lines = ["| goal | A median (min-max) s | B median s | ratio / value | target | verdict |",
             "|---|---|---|---|---|---|"]
    for name, a, b, value, target, ok in rows:
        spread = f"{a['median']:.3f} ({a['min']:.3f}-{a['max']:.3f})"
        other = f"{b['median']:.3f}" if b else "-"
        verdict = "info" if ok is None else ("PASS" if ok else "MISS")
        lines.append(f"| {name} | {spread} | {other} | {value:.2f} | {target} | {verdict} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--systems", type=int, default=400)
    parser.add_argument("--keep", type=Path, help="build the repositories here and keep them")
    parser.add_argument("--no-history", action="store_true", help="skip the history goal")
    parser.add_argument("--no-amplify", action="store_true",
                        help="skip the many-tiny-files goals (bench_amplify.py)")
    args = parser.parse_args(argv)
    tmp = args.keep or Path(tempfile.mkdtemp(prefix="safesec-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    warm_bytecode()
    try:
        rows = goals(tmp, args.systems, args.runs)
        if not args.no_history:
            rows.append(history(tmp))
        if not args.no_amplify:
            rows += amplify(tmp / "amplify", args.runs)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, runs={args.runs}, "
          f"load average {os.getloadavg()[0]:.2f}")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
