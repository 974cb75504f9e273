#!/usr/bin/env python3
"""`goldfinch aggregate --in-vm --json` on a receipt of the fibonacci example guest.

Usage: aggregate_cli_test.py GOLDFINCH_BIN GUEST_BIN_DIR DATA_DIR. Exit 77 (skipped) when the
guests (aggregator.elf, fibonacci.elf) were not built. A receipt of three shards (testing preset,
--shard-cycles 1024) is aggregated inside the VM: the node over all shards is valid and its root
gives the host verifier's exit code, cycles and output; nodes over shards 0..1 and 1..2 and a node
of shard 1 alone are valid, cover the right cycles and have no root; the phases add up to the
cycles; a node over more shards than the receipt holds and another program's key are refused. `prove --aggregate`
refuses --single, an arity outside 2..16, a plan that does not parse, --plan with --arity (and
--arity/--plan/--keep without --aggregate), and `verify` refuses
malformed aggregate proof files (cut, short, a root that is not a proof), naming why.
"""
import json
import os
import subprocess
import sys
import tempfile

PRESET = ["--preset", "testing"]


def run(args, expect_rc):
    p = subprocess.run(args, capture_output=True, text=True, timeout=300)
    if p.returncode != expect_rc:
        sys.exit(f"FAIL: {' '.join(args)} exited {p.returncode}, expected {expect_rc}\n{p.stdout}\n{p.stderr}")
    return p


def main():
    gf, bins, data = sys.argv[1], sys.argv[2], sys.argv[3]
    fib, sha = os.path.join(bins, "fibonacci.elf"), os.path.join(bins, "sha256.elf")
    if not all(os.path.exists(os.path.join(bins, f)) for f in ("aggregator.elf", "fibonacci.elf", "sha256.elf")):
        print("skipped: guests not built")
        return 77
    with tempfile.TemporaryDirectory() as d:
        receipt = os.path.join(d, "fib.receipt")
        run([gf, "prove", fib, "--input", os.path.join(data, "fib30.bin"), *PRESET, "--shard-cycles", "1024",
             "-o", receipt], 0)
        host = json.loads(run([gf, "verify", receipt, "--elf", fib, *PRESET, "--json"], 0).stdout)
        assert host["valid"] and host["shards"] == 3, host
        agg = [gf, "aggregate", receipt, "--elf", fib, *PRESET, "--in-vm", "--json"]
        whole = json.loads(run(agg, 0).stdout)
        assert whole["valid"] and whole["children"] == 3, whole
        assert sum(whole["phases"].values()) == whole["cycles"], whole
        assert whole["joined"]["shards"] == 3 and whole["joined"]["start_cycle"] == 0 and whole["joined"]["last"]
        root = whole["root"]
        assert (root["exit_code"], root["cycles"], root["output"]) == (host["exit_code"], host["cycles"],
                                                                          host["output"]), (root, host)
        first = json.loads(run(agg + ["--count", "2"], 0).stdout)
        assert first["valid"] and "root" not in first and first["joined"]["end_cycle"] == 2048, first
        assert not first["joined"]["last"]
        rest = json.loads(run(agg + ["--first", "1", "--count", "2"], 0).stdout)
        assert rest["valid"] and rest["joined"]["start_cycle"] == 1024 and rest["joined"]["last"], rest
        # Three children cost less than twice two (the key is checked once per node).
        assert whole["cycles"] < 2 * first["cycles"], (whole["cycles"], first["cycles"])
        run(agg + ["--first", "2", "--count", "2"], 2)  # past the end of the receipt
        lone = json.loads(run(agg + ["--first", "1", "--count", "1"], 0).stdout)  # a node of one leaf
        assert lone["valid"] and lone["children"] == 1 and "root" not in lone, lone
        assert lone["joined"]["shards"] == 1 and lone["joined"]["start_cycle"] == 1024, lone
        assert lone["cycles"] < first["cycles"], (lone["cycles"], first["cycles"])
        other = run([gf, "aggregate", receipt, "--elf", sha, *PRESET, "--in-vm", "--json"], 1)
        assert "another program" in other.stdout or "another" in other.stderr, other.stdout + other.stderr

        # prove --aggregate's refusals (proving a node is the heavy test's: recursion_tree_test.heavy).
        plan_bad, plan_ok = os.path.join(d, "bad.plan"), os.path.join(d, "ok.plan")
        with open(plan_bad, "w") as f:
            f.write("((0 1) 2")  # not closed
        with open(plan_ok, "w") as f:
            f.write("((0 1) 2)\n")
        prove = [gf, "prove", fib, "--input", os.path.join(data, "fib30.bin"), *PRESET, "-o", os.path.join(d, "a")]
        for bad in (["--aggregate", "--single"], ["--aggregate", "--arity", "1"], ["--aggregate", "--arity", "17"],
                    ["--arity", "4"], ["--keep", d], ["--plan", plan_bad], ["--aggregate", "--plan", plan_bad],
                    ["--aggregate", "--plan", plan_ok, "--arity", "3"]):
            p = run(prove + bad, 2)
            assert "goldfinch prove:" in p.stderr, (bad, p.stderr)
        # verify: an aggregate proof file is read by its magic; a malformed one is refused, naming why.
        agg_file = os.path.join(d, "bad.agg")
        header = b"GFAGGPF\0" + (1).to_bytes(4, "little") + bytes(4) + (100).to_bytes(8, "little") + bytes(24)
        for body, why in ((header + bytes(10), "past the end"), (header[:20], "shorter than its"),
                          (header + bytes(100), "aggregation node")):
            with open(agg_file, "wb") as f:
                f.write(body)
            p = run([gf, "verify", agg_file, "--elf", fib, *PRESET, "--json"], 1)
            out = json.loads(p.stdout)
            assert not out["valid"] and why in out["error"], (why, out)
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
