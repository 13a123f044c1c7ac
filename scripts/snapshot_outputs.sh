#!/usr/bin/env bash
# Every output of `safesec check` on the three fixtures and a generated 400-system repository,
# written to OUT so that two commits can be compared with `diff -r` (docs/testing.md).
#   scripts/snapshot_outputs.sh OUT [BENCH_REPO]
# BENCH_REPO defaults to a 400-system repository made by benchmarks/gen_monorepo.py (kept in
# OUT/../mono-400 so a second snapshot reuses it).
set -u
out=$1; root=$(cd "$(dirname "$0")/.." && pwd)
bench=${2:-$(dirname "$out")/mono-400}
mkdir -p "$out"
[ -d "$bench" ] || python "$root/benchmarks/gen_monorepo.py" 400 "$bench" >/dev/null
asof=2026-11-28
run() {  # name, path, extra args...
  local name=$1 path=$2; shift 2
  local d="$out/$name"; mkdir -p "$d"
  (cd "$path" && python -m checker check . --as-of $asof --json "$d/r.json" --junit-xml "$d/r.xml" \
     --sarif "$d/r.sarif" --html "$d/r.html" "$@" >"$d/console.txt" 2>"$d/stderr.txt"; echo $? >"$d/exit")
  (cd "$path" && python -m checker check . --as-of $asof --format github "$@" >"$d/github.txt" 2>/dev/null)
  (cd "$path" && python -m checker check . --as-of $asof -v "$@" >"$d/console-v.txt" 2>/dev/null)
  sed -i "s#$path#PATH#g" "$d"/* 2>/dev/null
}
export PYTHONPATH=$root
for f in compliant noncompliant two-systems; do
  run "$f" "$root/fixtures/$f"
  run "$f-j2" "$root/fixtures/$f" --jobs 2
done
run mono-j1 "$bench"
run mono-j2 "$bench" --jobs 2
run mono-files "$bench" --files systems/sys-0200/evals/redteam.yaml
run mono-files-j2 "$bench" --files systems/sys-0200/evals/redteam.yaml --jobs 2
echo "snapshot in $out"
