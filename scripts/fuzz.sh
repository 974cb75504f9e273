#!/usr/bin/env bash
# Builds the libFuzzer targets (CMake preset `fuzz`: clang-14, ASan + UBSan), writes seed corpora
# from real proofs into build/fuzz/corpus/<target>/ (fuzz/make_corpus), and runs each fuzzer for
# N seconds. Exits non-zero on any crash, sanitizer report, timeout or out-of-memory; the input
# that caused it is saved under build/fuzz/artifacts/<target>/ and the log under build/fuzz/logs/.
# Usage: scripts/fuzz.sh [seconds per target, default 60] [target ...]   (docs/fuzzing.md)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
shift || true
all=(fuzz_proof_reader fuzz_verifier fuzz_vk_decode fuzz_guest_key fuzz_mixed_merkle fuzz_elf fuzz_multiset_decode fuzz_receipt
     fuzz_packed_input fuzz_aggregation_input fuzz_aggregate_proof)
targets=("$@")
((${#targets[@]})) || targets=("${all[@]}")

if ! command -v clang++-14 >/dev/null 2>&1; then
  echo "fuzz.sh: clang++-14 not found (install clang-14 and libclang-rt-14-dev)" >&2
  exit 2
fi

jobs=${GF_JOBS:-$(nproc)}
[[ -f build/fuzz/build.ninja ]] || cmake --preset fuzz >/dev/null
cmake --build build/fuzz -j "$jobs" --target fuzzers

corpus=build/fuzz/corpus
mkdir -p build/fuzz/logs
build/fuzz/fuzz/make_corpus "$corpus"

# Longest input each target is given: above its largest seed (an honest proof of the fuzz
# statements is a few KB), bounded so that runs stay fast.
declare -A max_len=([fuzz_proof_reader]=32768 [fuzz_verifier]=32768 [fuzz_vk_decode]=2048 [fuzz_guest_key]=4096
                    [fuzz_mixed_merkle]=4096 [fuzz_elf]=8192 [fuzz_multiset_decode]=256 [fuzz_receipt]=4096
                    [fuzz_packed_input]=4096 [fuzz_aggregation_input]=4096
                    [fuzz_aggregate_proof]=4096)
failed=()
for t in "${targets[@]}"; do
  largest=$(find "$corpus/$t" -type f -printf '%s\n' | sort -n | tail -1)
  len=${max_len[$t]:-4096}
  ((largest + largest / 4 > len)) && len=$((largest + largest / 4))
  mkdir -p "build/fuzz/artifacts/$t"
  log=build/fuzz/logs/$t.log
  echo "== fuzz: $t for ${secs}s (max_len $len, corpus $(find "$corpus/$t" -type f | wc -l) inputs)"
  if "build/fuzz/fuzz/$t" "$corpus/$t" -max_total_time="$secs" -max_len="$len" -timeout=10 \
      -rss_limit_mb=4096 -artifact_prefix="build/fuzz/artifacts/$t/" -print_final_stats=1 >"$log" 2>&1; then
    runs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
    rate=$(grep -m1 'stat::average_exec_per_sec' "$log" | awk '{print $2}')
    cov=$(grep -E '^#[0-9]+.*cov:' "$log" | tail -1 | grep -o 'cov: [0-9]*' || true)
    echo "   ok: ${runs:-?} runs, ${rate:-?} exec/s, ${cov:-cov: ?}"
  else
    echo "   FAILED (log: $log)"
    grep -E 'ERROR|SUMMARY|invariant|Test unit written' "$log" | head -20 || tail -20 "$log"
    failed+=("$t")
  fi
done
if ((${#failed[@]})); then
  echo "fuzz.sh: failures in ${failed[*]}" >&2
  exit 1
fi
echo "fuzz.sh: no crashes in ${targets[*]}"
