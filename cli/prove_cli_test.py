#!/usr/bin/env python3
"""`goldfinch prove`, `vk` and `verify --elf/--vk` end to end on a per-instruction test guest.

Usage: prove_cli_test.py GOLDFINCH_BIN GUEST_BIN_DIR. Exit 77 (skipped) when the guests were not
built. Checks: the proof verifies with --elf and with the key file; the exit code and cycles of
prove --json and verify --json equal what `goldfinch run --json` (the executor alone, fast mode)
reports; a changed proof byte, another program's key, a truncated proof are rejected with exit 1
and a reason; a truncated or foreign key file and a missing proof file give exit 102; --json
fields are present; a receipt of several shards (--shard-cycles) and a whole-run proof (--single)
verify to the same statement; --streaming gives the same bytes for both, on 1 and 2 threads;
--merkle-hash poseidon2 proofs verify under their own key only.
"""
import json
import os
import subprocess
import sys
import tempfile

PRESET = ["--preset", "testing"]  # one query, no grinding: fast (not secure)


def run(args, expect_rc):
    p = subprocess.run(args, capture_output=True, text=True, timeout=300)
    if p.returncode != expect_rc:
        sys.exit(f"FAIL: {' '.join(args)} exited {p.returncode}, expected {expect_rc}\n{p.stdout}\n{p.stderr}")
    return p


def main():
    gf, bins = sys.argv[1], sys.argv[2]
    guest = os.path.join(bins, "isa_rv32i_shift.elf")
    other = os.path.join(bins, "isa_rv32i_alu.elf")
    if not (os.path.exists(guest) and os.path.exists(other)):
        print(f"skipped: guests not built in {bins}")
        return 77
    with tempfile.TemporaryDirectory() as d:
        proof, key, key2 = (os.path.join(d, n) for n in ("p.bin", "k.vk", "k2.vk"))
        ref = json.loads(run([gf, "run", guest, "--json"], 0).stdout)
        assert ref["status"] == "exited", ref

        pj = json.loads(run([gf, "prove", guest, "-o", proof, "--json"] + PRESET, 0).stdout)
        for field in ("cycles", "prove_seconds", "peak_rss_bytes", "proof_bytes", "exit_code", "output",
                      "columns_per_cycle", "cells_per_cycle", "trace_cells", "khz", "vk_digest", "phases"):
            assert field in pj, field
        assert pj["cycles"] == ref["cycles"] and pj["exit_code"] == ref["exit_code"], (pj, ref)
        assert pj["proof_bytes"] == os.path.getsize(proof), pj
        assert pj["peak_rss_bytes"] > 0 and pj["prove_seconds"] > 0, pj
        assert pj["cells_per_cycle"] > pj["columns_per_cycle"] > 0, pj

        vj = json.loads(run([gf, "vk", guest, "-o", key, "--json"] + PRESET, 0).stdout)
        assert vj["vk_digest"] == pj["vk_digest"], (vj, pj)
        assert vj["key_bytes"] == os.path.getsize(key), vj

        for how in (["--vk", key], ["--elf", guest] + PRESET):
            v = json.loads(run([gf, "verify", proof, "--json"] + how, 0).stdout)
            assert v["valid"] is True, v
            assert v["exit_code"] == ref["exit_code"] and v["cycles"] == ref["cycles"], (v, ref)
            assert v["output"] == "" and v["vk_digest"] == vj["vk_digest"] and v["verify_ms"] > 0, v
        text = run([gf, "verify", proof, "--vk", key], 0).stdout
        assert f"exit code {ref['exit_code']}" in text and "public output (0 bytes)" in text, text

        # The run cut into shards of 64 cycles: a receipt of several shard proofs; --single: one
        # whole-run proof. Both verify to the executor's statement.
        assert pj["receipt"] is True and pj["shards"] >= 1, pj
        sj = json.loads(run([gf, "prove", guest, "-o", proof + ".sh", "--shard-cycles", "64", "--json"] + PRESET, 0).stdout)
        assert sj["shards"] == (ref["cycles"] + 63) // 64 and sj["shard_cycles"] == 64, (sj, ref)
        v = json.loads(run([gf, "verify", proof + ".sh", "--vk", key, "--json"], 0).stdout)
        assert v["receipt"] is True and v["shards"] == sj["shards"] and v["cycles"] == ref["cycles"], v
        wj = json.loads(run([gf, "prove", guest, "-o", proof + ".one", "--single", "--json"] + PRESET, 0).stdout)
        assert wj["receipt"] is False and wj["cycles"] == ref["cycles"], wj
        v = json.loads(run([gf, "verify", proof + ".one", "--vk", key, "--json"], 0).stdout)
        assert v["receipt"] is False and v["cycles"] == ref["cycles"] and v["exit_code"] == ref["exit_code"], v
        run([gf, "prove", guest, "-o", proof + ".x", "--shard-cycles", "48"] + PRESET, 2)

        # --streaming: the same bytes (receipt and whole-run proof), on 1 and 2 threads.
        assert sj["streaming"] is False and wj["streaming"] is False, (sj, wj)
        for threads in ("1", "2"):
            env = dict(os.environ, OMP_NUM_THREADS=threads)
            for out, extra in ((proof + ".sh", ["--shard-cycles", "64"]), (proof + ".one", ["--single"])):
                args = [gf, "prove", guest, "-o", out + ".st", "--streaming", "--json"] + extra + PRESET
                p = subprocess.run(args, capture_output=True, text=True, timeout=300, env=env)
                assert p.returncode == 0, (args, p.stderr)
                assert json.loads(p.stdout)["streaming"] is True, p.stdout
                assert open(out, "rb").read() == open(out + ".st", "rb").read(), (out, threads)

        # Default parameters for --elf: another key, so the testing-preset proof is rejected.
        run([gf, "verify", proof, "--elf", guest], 1)

        # A changed proof byte.
        data = bytearray(open(proof, "rb").read())
        for pos in (len(data) // 3, len(data) - 9):
            bad = bytearray(data)
            bad[pos] ^= 0x10
            path = os.path.join(d, "bad.bin")
            open(path, "wb").write(bad)
            v = json.loads(run([gf, "verify", path, "--vk", key, "--json"], 1).stdout)
            assert v["valid"] is False and v["error"], v

        # Truncated proofs: rejected with a reason, no crash.
        for n in (0, 7, 100, len(data) // 2, len(data) - 1):
            path = os.path.join(d, "short.bin")
            open(path, "wb").write(data[:n])
            p = run([gf, "verify", path, "--vk", key], 1)
            assert p.stdout.startswith("invalid: "), p.stdout

        # Another program's key.
        run([gf, "vk", other, "-o", key2] + PRESET, 0)
        v = json.loads(run([gf, "verify", proof, "--vk", key2, "--json"], 1).stdout)
        assert v["valid"] is False, v
        run([gf, "verify", proof, "--elf", other] + PRESET, 1)

        # Malformed or missing files: 102 with a message; bad usage: 2.
        kb = open(key, "rb").read()
        for blob in (kb[:20], kb[:-1], b"GFGUEST\0" + b"\0" * 40):
            path = os.path.join(d, "badkey.vk")
            open(path, "wb").write(blob)
            p = run([gf, "verify", proof, "--vk", path], 102)
            assert "guest key" in p.stderr, p.stderr
        run([gf, "verify", os.path.join(d, "missing.bin"), "--vk", key], 102)
        run([gf, "verify", proof], 2)
        run([gf, "verify", proof, "--vk", key, "--elf", guest], 2)
        run([gf, "prove", os.path.join(d, "missing.elf"), "-o", proof], 102)
        run([gf, "prove", guest, "-o", proof, "--input", os.path.join(d, "missing.in")] + PRESET, 102)
        inp = os.path.join(d, "in.bin")
        open(inp, "wb").write(b"private bytes the guest does not read")
        run([gf, "prove", guest, "-o", proof, "--input", inp] + PRESET, 0)
        run([gf, "verify", proof, "--vk", key], 0)
        run([gf, "prove", guest, "-o", proof, "--preset", "nonsense"], 2)
        p = run([gf, "prove", guest, "-o", proof, "--max-cycles", "50"] + PRESET, 101)
        assert "cycle" in p.stderr, p.stderr
        p = run([gf, "prove", guest, "-o", proof, "-v"] + PRESET, 0)
        for phase in ("execute", "witness", "commit", "logup", "quotient", "openings", "fri", "queries", "total"):
            assert phase in p.stdout, (phase, p.stdout)
        # --merkle-hash: a Poseidon2 proof verifies with its own key (the file, or --elf with the same
        # option) and is rejected under the same preset's BLAKE3 key, naming the hash; and back.
        p2, kp2 = os.path.join(d, "p2.bin"), os.path.join(d, "p2.vk")
        pj2 = json.loads(run([gf, "prove", guest, "-o", p2, "--json", "--merkle-hash", "poseidon2"] + PRESET, 0).stdout)
        assert pj2["merkle_hash"] == "poseidon2" and pj2["vk_digest"] != pj["vk_digest"], pj2
        run([gf, "vk", guest, "-o", kp2, "--merkle-hash", "poseidon2"] + PRESET, 0)
        run([gf, "verify", p2, "--vk", kp2], 0)
        run([gf, "verify", p2, "--elf", guest, "--merkle-hash", "poseidon2"] + PRESET, 0)
        v = json.loads(run([gf, "verify", p2, "--vk", key, "--json"], 1).stdout)
        assert "another program or parameters" in v["error"], v  # a receipt: its key digest differs
        run([gf, "prove", guest, "-o", p2 + ".one", "--single", "--merkle-hash", "poseidon2"] + PRESET, 0)
        run([gf, "verify", p2 + ".one", "--vk", kp2], 0)
        v = json.loads(run([gf, "verify", p2 + ".one", "--vk", key, "--json"], 1).stdout)
        assert "Merkle hash" in v["error"], v  # a whole-run proof: its header names the other hash
        run([gf, "verify", p2, "--elf", guest] + PRESET, 1)
        run([gf, "verify", proof, "--vk", kp2], 1)
        run([gf, "prove", guest, "-o", p2, "--merkle-hash", "sha1"] + PRESET, 2)
    print("prove_cli_test: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
