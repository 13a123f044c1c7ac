"""Benchmark (not a test): the one-pass git history over 5,000 commits and 1,000 artifacts.

    python benchmarks/bench_history.py [--commits 5000] [--files 1000] [--runs 7] [--keep DIR]
    python benchmarks/bench_history.py --repo DIR    # time an existing (kept) repository
    python benchmarks/bench_history.py --repo DIR --depth 50000   # the bounded read (default 0: all)

Builds a synthetic repository with ``git fast-import`` (first commit adds every file
under 25 folders, each later commit edits 1-3 random files, every tenth carries
review trailers), then times ``open_repo(...).window(depth=...)`` - everything the
history rules need - in a fresh ``GitRepo`` per run, and prints the median and this
process's peak RSS (with ``--repo``, the history pass alone; otherwise it includes the
build, whose fast-import stream is held in memory).  The history rules read
``settings.history_depth`` commits (``checker.git.history.DEFAULT_DEPTH``); ``--depth 0``
reads the whole history.
"""
from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from checker.git.repo import open_repo  # noqa: E402


def _blob(text: str) -> bytes:
    data = text.encode()
    return b"data %d\n%s\n" % (len(data), data)


def stream(commits: int, files: int, seed: int = 7) -> bytes:
    rnd = random.Random(seed)
    paths = [f"sys{i % 25:02d}/evals/report-{i:04d}.yaml" for i in range(files)]
    out, start = [], 1_700_000_000
    for n in range(commits):
        touched = paths if n == 0 else rnd.sample(paths, rnd.randint(1, 3))
        msg = f"change {n}"
        if n % 10 == 0:
            msg += "\n\nSafety-Reviewed-by: Sam <s@x>\nSecurity-Reviewed-by: Kim <k@x>"
        stamp = f"{start + n * 600} +0000"
        out.append(b"commit refs/heads/main\nmark :%d\n" % (n + 1))
        out.append(f"author A <a@x> {stamp}\ncommitter A <a@x> {stamp}\n".encode())
        out.append(_blob(msg))
        if n:
            out.append(b"from :%d\n" % n)
        for p in touched:
            out.append(f"M 100644 inline {p}\n".encode() + _blob(f"run: {n}\npath: {p}"))
        out.append(b"\n")
    return b"".join(out)


def build(path: Path, commits: int, files: int) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True)
    subprocess.run(["git", "-C", str(path), "fast-import", "--quiet"],
                   input=stream(commits, files), check=True)
    subprocess.run(["git", "-C", str(path), "checkout", "-q", "main"], check=True)


def measure(path: Path, runs: int, depth: int | None = None) -> tuple[list[float], int]:
    times, count = [], 0
    for _ in range(runs):
        t0 = time.perf_counter()
        with open_repo(str(path)) as git:
            window = git.window(depth=depth)
            count = len(window.paths)
        times.append(time.perf_counter() - t0)
    if window.cut is not None:
        print(f"cut after {depth:,} commits, at {window.cut.date.date()}")
    return times, count


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--commits", type=int, default=5000)
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--keep", type=Path, help="build the repository here and keep it")
    ap.add_argument("--repo", type=Path, help="measure this existing repository; build nothing")
    ap.add_argument("--depth", type=int, default=0, help="commits read (0: the whole history)")
    args = ap.parse_args()
    if args.repo:
        times, count = measure(args.repo, args.runs, args.depth or None)
    else:
        times, count = build_and_measure(args)
    print(f"history pass: {count} paths, median {statistics.median(times) * 1000:.0f} ms, "
          f"min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms (n={args.runs}); "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB, "
          f"of git {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024} MB")


def build_and_measure(args: argparse.Namespace) -> tuple[list[float], int]:
    with tempfile.TemporaryDirectory() as tmp:
        repo = args.keep or Path(tmp) / "repo"
        t0 = time.perf_counter()
        build(repo, args.commits, args.files)
        print(f"built {args.commits} commits / {args.files} files in {time.perf_counter() - t0:.1f} s")
        return measure(repo, args.runs, args.depth or None)


if __name__ == "__main__":
    main()
