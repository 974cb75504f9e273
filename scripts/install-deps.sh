#!/usr/bin/env bash
# Installs the Debian 12 packages Goldfinch needs to build, test and benchmark.
# Idempotent: packages already present are skipped, so a ready machine spends no time here.
set -euo pipefail

packages=(
  # host build
  g++-12 cmake ninja-build pkg-config
  libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev libfmt-dev
  # oracles used by tests
  b3sum python3 qemu-user libunicorn-dev libssl-dev
  # guest toolchain (RV32IM) and fuzzing
  clang-14 lld-14 llvm-14 libclang-rt-14-dev
  picolibc-riscv64-unknown-elf gcc-riscv64-unknown-elf
  # guest profiler (DWARF line tables)
  libdw-dev libelf-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
