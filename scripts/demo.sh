#!/usr/bin/env bash
# README command 1: install what is missing, build (the CLI and the example guests), and run
# Goldfinch's main job: run a guest program, prove the run, write its verifying key, verify the
# proof from the key alone, and show that a proof with one changed byte is rejected.
# GUEST picks the program (TODO(issue 5): an SDK example such as fibonacci once the circuit proves
# the commit call); PRESET the parameters (default: ~100-bit conjectured security).
set -euo pipefail
cd "$(dirname "$0")/.."
GUEST=${GUEST:-build/release/guest/bin/isa_rv32m.elf}
PRESET=${PRESET:-default}
bash scripts/install-deps.sh
bash scripts/build.sh release
gf=./build/release/cli/goldfinch
out=build/release/demo
mkdir -p "$out"

echo "== goldfinch run $GUEST"
"$gf" run "$GUEST"
echo "== goldfinch prove $GUEST -o $out/proof.bin --preset $PRESET -v"
"$gf" prove "$GUEST" -o "$out/proof.bin" --preset "$PRESET" -v
echo "== goldfinch vk $GUEST -o $out/key.vk --preset $PRESET"
"$gf" vk "$GUEST" -o "$out/key.vk" --preset "$PRESET"
echo "== goldfinch verify $out/proof.bin --vk $out/key.vk"
"$gf" verify "$out/proof.bin" --vk "$out/key.vk"
echo "== the same proof with one byte changed"
python3 - "$out/proof.bin" "$out/tampered.bin" <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
data[len(data) // 2] ^= 0x01
open(sys.argv[2], "wb").write(data)
PY
if "$gf" verify "$out/tampered.bin" --vk "$out/key.vk"; then
  echo "demo: a tampered proof was accepted" >&2
  exit 1
fi
echo "demo: the tampered proof is rejected (exit 1), the honest one verifies"
