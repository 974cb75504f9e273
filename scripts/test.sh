#!/usr/bin/env bash
# README command 2: install what is missing, build, and run every test, then each benchmark once
# as a smoke test (bounded: a few hundred milliseconds each, figures are not judged here).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh release
# Tests labelled `heavy` (minutes and ~10 GB each: proven aggregation nodes) run with scripts/test-heavy.sh.
ctest --test-dir build/release --output-on-failure -j "$(nproc)" --timeout 600 -LE heavy
for b in build/release/bench/bench_*; do
  [[ -x $b ]] || continue
  echo "== smoke: $b"
  GOLDFINCH_BENCH_SMOKE=1 "$b" --benchmark_min_time=0.01 >/dev/null
done
# Bounded fuzzing, 20 s per target (docs/fuzzing.md); skipped only when clang-14 is missing.
if command -v clang++-14 >/dev/null 2>&1; then bash scripts/fuzz.sh 20; else echo "test.sh: clang++-14 missing, fuzzers skipped"; fi
echo "test.sh: all tests passed"
