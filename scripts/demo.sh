#!/usr/bin/env bash
# README command 1: install what is missing, build, and run Goldfinch's main job.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh release
./build/release/cli/goldfinch demo "$@"
