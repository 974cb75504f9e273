#!/usr/bin/env python3
"""Proof composition from the command line (docs/recursion.md, "Claims"): guest/examples/compose.c
claims a run of the fibonacci guest (its shard key digest, the BLAKE3 of its 8-byte output).

Usage: compose_cli_test.py GOLDFINCH_BIN GUEST_BIN_DIR [--heavy]. Exit 77 (skipped) when the guests
were not built. Oracles: Python for F(n) and the reduction, b3sum for the claimed output digest.

Default: `goldfinch vk --json` names the fibonacci guest's shard key digest; `goldfinch run` of
compose.elf reports the claim at output position 0 and commits the claim then F(n) mod 2^61 - 1;
its receipt verifies with that one assumption (unconditional: false); a whole-run proof says the
same; the fibonacci run itself is unconditional; `prove --claim-proof` without --aggregate and
with a file that is not an aggregate proof is refused.

--heavy (label heavy: two aggregation trees at the testing preset, minutes and ~22 GB): the
fibonacci run, one shard, proven as an aggregate (a node of one leaf), then compose.elf with --aggregate --claim-proof it: the root
assumes nothing (unconditional: true); the same without the claim proof assumes the claim. (A claim
proof of another output, key or an unfinished run: AggregatorGuest.AClaimProofDischargesTheClaimInTheGuest.)
"""
import json
import os
import subprocess
import sys
import tempfile

PRESET = ["--preset", "testing"]


def run(args, expect_rc, timeout=3000):
    p = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    if p.returncode != expect_rc:
        sys.exit(f"FAIL: {' '.join(args)} exited {p.returncode}, expected {expect_rc}\n{p.stdout}\n{p.stderr}")
    return p


def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, (a + b) % 2**64
    return a


def b3(data, d):
    path = os.path.join(d, "b3in.bin")
    with open(path, "wb") as f:
        f.write(data)
    return subprocess.run(["b3sum", "--no-names", path], capture_output=True, text=True, check=True).stdout.strip()


def main():
    gf, bins = sys.argv[1], sys.argv[2]
    heavy = "--heavy" in sys.argv[3:]
    fib_elf, compose_elf = os.path.join(bins, "fibonacci.elf"), os.path.join(bins, "compose.elf")
    if not all(os.path.exists(os.path.join(bins, f)) for f in ("aggregator.elf", "fibonacci.elf", "compose.elf")):
        print("skipped: guests not built")
        return 77
    with tempfile.TemporaryDirectory() as d:
        n = 3000
        fib_in = os.path.join(d, "fib.in")
        with open(fib_in, "wb") as f:
            f.write(n.to_bytes(4, "little"))
        vk = json.loads(run([gf, "vk", fib_elf, "-o", os.path.join(d, "fib.vk"), *PRESET, "--json"], 0).stdout)
        key = bytes.fromhex(vk["shard_digest"])
        assert len(key) == 32 and vk["shard_digest"] != vk["vk_digest"], vk
        fib_out = fib(n).to_bytes(8, "little")
        claim = key + bytes.fromhex(b3(fib_out, d))
        compose_in = os.path.join(d, "compose.in")
        with open(compose_in, "wb") as f:
            f.write(key + fib_out)

        # The run: the claim at position 0, then the result (Python's).
        r = json.loads(run([gf, "run", compose_elf, "--input", compose_in, "--json"], 0).stdout)
        want_out = claim + (fib(n) % (2**61 - 1)).to_bytes(8, "little")
        assert r["claims"] == [0], r
        assert bytes.fromhex(r["public_output_hex"]) == want_out, (r["public_output_hex"], want_out.hex())
        assumption = {"key": claim[:32].hex(), "output": claim[32:].hex()}

        # Its receipt and its whole-run proof hold on the claim.
        rec = os.path.join(d, "compose.receipt")
        run([gf, "prove", compose_elf, "--input", compose_in, *PRESET, "--shard-cycles", "8192", "-o", rec], 0)
        v = json.loads(run([gf, "verify", rec, "--elf", compose_elf, *PRESET, "--json"], 0).stdout)
        assert v["valid"] and v["claims"] == [0] and v["assumptions"] == [assumption], v
        assert v["unconditional"] is False and bytes.fromhex(v["output"]) == want_out, v
        text = run([gf, "verify", rec, "--elf", compose_elf, *PRESET], 0).stdout
        assert "assumes: program key " + claim[:32].hex() in text, text
        single = os.path.join(d, "compose.proof")
        run([gf, "prove", compose_elf, "--input", compose_in, *PRESET, "--single", "-o", single], 0)
        v = json.loads(run([gf, "verify", single, "--elf", compose_elf, *PRESET, "--json"], 0).stdout)
        assert v["valid"] and v["assumptions"] == [assumption] and v["unconditional"] is False, v

        # The claimed program's own run makes no claim.
        fib_rec = os.path.join(d, "fib.receipt")
        run([gf, "prove", fib_elf, "--input", fib_in, *PRESET, "--shard-cycles", "32768", "-o", fib_rec], 0)
        v = json.loads(run([gf, "verify", fib_rec, "--elf", fib_elf, *PRESET, "--json"], 0).stdout)
        assert v["valid"] and v["claims"] == [] and v["unconditional"] is True and bytes.fromhex(v["output"]) == fib_out, v

        # Usage errors.
        p = run([gf, "prove", compose_elf, "--input", compose_in, *PRESET, "--claim-proof", fib_rec, "-o",
                 os.path.join(d, "x")], 2)
        assert "go with --aggregate" in p.stderr, p.stderr
        p = run([gf, "prove", compose_elf, "--input", compose_in, *PRESET, "--shard-cycles", "8192", "--aggregate",
                 "--claim-proof", fib_rec, "-o", os.path.join(d, "x")], 102)
        assert "claim proof 0: aggregate proof: bad magic" in p.stderr, p.stderr

        if not heavy:
            print("ok: the claim is committed, marked and assumed")
            return 0

        # The fibonacci run as an aggregate proof (one shard at the default shard size: the node of
        # its one leaf); compose with and without it as a claim proof.
        fib_agg = os.path.join(d, "fib.agg")
        f = json.loads(run([gf, "prove", fib_elf, "--input", fib_in, *PRESET, "--aggregate", "-o", fib_agg,
                            "--json"], 0).stdout)
        assert f["aggregated"] and f["shards"] == 1 and f["plan"] == "(0)" and f["nodes"] == 1, f
        print("fibonacci aggregate of one shard:", {k: f[k] for k in ("cycles", "prove_seconds", "proof_bytes")})
        agg = os.path.join(d, "compose.agg")
        p = run([gf, "prove", compose_elf, "--input", compose_in, *PRESET, "--shard-cycles", "8192", "--aggregate",
                 "--claim-proof", fib_agg, "-o", agg, "--json"], 0)
        print("compose with a claim proof:", p.stdout.strip())
        v = json.loads(run([gf, "verify", agg, "--elf", compose_elf, *PRESET, "--json"], 0).stdout)
        assert v["valid"] and v["aggregated"] and v["claims"] == [0], v
        assert v["assumptions"] == [] and v["unconditional"] is True and bytes.fromhex(v["output"]) == want_out, v
        print("verified unconditional in", v["verify_ms"], "ms")
        # Without the claim proof the aggregate still assumes the claim.
        agg2 = os.path.join(d, "compose_open.agg")
        run([gf, "prove", compose_elf, "--input", compose_in, *PRESET, "--shard-cycles", "8192", "--aggregate", "-o",
             agg2], 0)
        v = json.loads(run([gf, "verify", agg2, "--elf", compose_elf, *PRESET, "--json"], 0).stdout)
        assert v["valid"] and v["assumptions"] == [assumption] and v["unconditional"] is False, v
        print("ok: composed and discharged end to end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
