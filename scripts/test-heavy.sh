#!/usr/bin/env bash
# The tests labelled `heavy`, one at a time (each proves aggregation nodes: minutes and ~10 GB of
# memory on the 2-core machine). Run after scripts/test.sh (or scripts/build.sh release).
set -euo pipefail
cd "$(dirname "$0")/.."
ctest --test-dir build/release --output-on-failure -j 1 -L heavy
