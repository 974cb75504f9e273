#!/usr/bin/env python3
"""`goldfinch bench --smoke --json` end to end (the benchmark suite's CI form).

Usage: bench_cli_test.py GOLDFINCH_BIN GUEST_BIN_DIR. Exit 77 (skipped) when the SDK guests were
not built. Every workload must get a row at 2^15 cycles: an input whose run fits the budget and
is more than half of it, a proof that verified, positive prove and floor times with their ratio,
and a peak RSS at least the size of the proof. Unknown guests and sizes are bad usage (exit 2).
"""
import json
import os
import subprocess
import sys


def main():
    gf, guests = sys.argv[1], sys.argv[2]
    if not os.path.exists(os.path.join(guests, "sha256.elf")):
        print(f"skipped: SDK guests not built in {guests}")
        return 77
    p = subprocess.run([gf, "bench", "--smoke", "--json", "--guest-dir", guests], capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        sys.exit(f"FAIL: goldfinch bench exited {p.returncode}\n{p.stdout}\n{p.stderr}")
    report = json.loads(p.stdout)
    assert report["preset"] == "testing", report
    rows = {r["guest"]: r for r in report["rows"]}
    assert sorted(rows) == ["bigint", "fibonacci", "sha256", "sort"], rows.keys()
    for name, r in rows.items():
        assert r["log_size"] == 15 and r["fits"], r
        assert 2**14 < r["cycles"] <= 2**15, (name, r["cycles"])
        assert r["prove_seconds"] > 0 and r["floor_seconds"] > 0, r
        assert abs(r["ratio_to_floor"] - r["prove_seconds"] / r["floor_seconds"]) < 0.01 * r["ratio_to_floor"] + 0.002, r
        assert r["peak_rss_bytes"] > r["proof_bytes"] > 0 and r["verify_ms"] > 0, r
        assert abs(r["khz"] - r["cycles"] / r["prove_seconds"] / 1e3) < 0.01 * r["khz"] + 0.01, r
    for bad in (["--guests", "nonesuch"], ["--sizes", "40"], ["--preset", "nonesuch"]):
        q = subprocess.run([gf, "bench", "--guest-dir", guests] + bad, capture_output=True, text=True, timeout=60)
        assert q.returncode == 2, (bad, q.returncode, q.stderr)
        assert q.stderr.strip(), bad
    print("bench_cli_test: 4 workloads at 2^15, bad usage rejected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
