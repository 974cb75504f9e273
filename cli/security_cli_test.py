#!/usr/bin/env python3
"""`goldfinch security` on the preset envelope and on the real tables of a guest (--elf, --vk).

Usage: security_cli_test.py GOLDFINCH_BIN GUEST_BIN_DIR. Exit 77 (skipped) when the guests were not
built. Checks: the envelope report has its fields; --elf and the key written by `goldfinch vk`
(--vk) give the same shape and bits, computed from the 23 RV32IM tables (not the envelope), inside
the preset's envelope, with the claimed bits (default: >= 100 conjectured, provable-100: >= 100
provable); a trace taller than the envelope is reported outside it (exit 1, named); bad usage
exits 2, an unreadable or corrupted key 102.
"""
import json
import os
import subprocess
import sys
import tempfile


def run(args, expect_rc):
    p = subprocess.run(args, capture_output=True, text=True, timeout=300)
    if p.returncode != expect_rc:
        sys.exit(f"FAIL: {' '.join(args)} exited {p.returncode}, expected {expect_rc}\n{p.stdout}\n{p.stderr}")
    return p


def main():
    gf, bins = sys.argv[1], sys.argv[2]
    guest = os.path.join(bins, "fibonacci.elf")
    if not os.path.exists(guest):
        print(f"skipped: guests not built in {bins}")
        return 77
    env = json.loads(run([gf, "security", "--json", "--tables", "19"], 0).stdout)
    assert env["shape"]["num_tables"] == 19 and env["shape"]["num_height_classes"] == 19, env
    assert env["shape"]["max_bus_tuple_width"] == 32 and "circuit" not in env, env

    with tempfile.TemporaryDirectory() as d:
        for preset, regime in (("default", "conjectured"), ("provable-100", "provable")):
            key = os.path.join(d, f"{preset}.vk")
            vk = json.loads(run([gf, "vk", guest, "-o", key, "--json", "--preset", preset], 0).stdout)
            by_elf = json.loads(run([gf, "security", "--elf", guest, "--preset", preset, "--json"], 0).stdout)
            by_vk = json.loads(run([gf, "security", "--vk", key, "--json"], 0).stdout)
            for r in (by_elf, by_vk):
                c = r["circuit"]
                assert c["inside_envelope"] is True and c["vk_digest"] == vk["vk_digest"], r
                s = r["shape"]
                assert s["num_tables"] == vk["tables"] == 23 and s["log_max_trace_height"] == 24, s
                # The real circuit (the wide precompile tables included), not the envelope of 23
                # tables (11776 columns, 5888 constraints); inside the envelope of 64 tables (the
                # Poseidon2 table's 99 interactions took the count to 426, past 16 per table).
                assert 0 < s["num_committed_columns"] < 512 * 23 and 0 < s["num_constraints"] < 256 * 64, s
                assert s["num_committed_columns"] != 512 * 23 and s["num_constraints"] != 256 * 23, s
                assert 0 < s["num_bus_interactions"] <= 16 * 64 and 1 < s["max_bus_tuple_width"] <= 16, s
                assert 1 < s["max_constraint_degree"] <= 4 and s["num_height_classes"] == 23, s
                assert r[regime]["total_bits"] >= 100, r
            assert by_elf["shape"] == by_vk["shape"] and by_elf["params"] == by_vk["params"], (by_elf, by_vk)
            assert by_elf["conjectured"] == by_vk["conjectured"] and by_elf["provable"] == by_vk["provable"]
            assert by_elf["shape"] != json.loads(run([gf, "security", "--preset", preset, "--tables", "19",
                                                      "--json"], 0).stdout)["shape"]

            text = run([gf, "security", "--vk", key], 0).stdout
            assert f"Circuit of {key}" in text and "23 tables" in text and "envelope: inside" in text, text
            # Taller than the envelope the preset claims bits for: reported, named, exit 1.
            tall = json.loads(run([gf, "security", "--vk", key, "--log-trace-height", "25", "--json"], 1).stdout)
            assert tall["circuit"]["inside_envelope"] is False, tall
            assert tall["circuit"]["outside"].endswith("log2 trace height") and tall["circuit"]["got"] == 25, tall
            assert "OUTSIDE" in run([gf, "security", "--vk", key, "--log-trace-height", "25"], 1).stdout

        key = os.path.join(d, "default.vk")
        run([gf, "security", "--vk", key, "--elf", guest], 2)        # at most one circuit
        run([gf, "security", "--vk", key, "--columns", "10"], 2)     # the shape comes from the circuit
        run([gf, "security", "--vk", os.path.join(d, "missing.vk")], 102)
        with open(key, "rb") as f:
            data = bytearray(f.read())
        data[len(data) // 2] ^= 1
        bad = os.path.join(d, "bad.vk")
        with open(bad, "wb") as f:
            f.write(data)
        p = run([gf, "security", "--vk", bad], 102)
        assert bad in p.stderr, p.stderr
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
