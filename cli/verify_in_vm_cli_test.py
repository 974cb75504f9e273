#!/usr/bin/env python3
"""`goldfinch verify --elf/--vk --in-vm --json` on a whole-run proof of the fibonacci example guest.

Usage: verify_in_vm_cli_test.py GOLDFINCH_BIN GUEST_BIN_DIR DATA_DIR. Exit 77 (skipped) when the
guests (verifier.elf, fibonacci.elf) were not built. The proof (`prove --single`, testing preset)
is verified on the host and inside the VM (the verifier guest, statement rv32im), with the key
from --elf and from a key file: the in-VM verdict, exit code, cycles and output equal the host's
and `goldfinch run`'s, the verifier's phases add up to verifier_cycles; a changed proof byte and
another program's key are rejected with exit 1; proofs holding the Keccak-f and BLAKE3 tables
(hash_precompiles) and the F_p^3 Horner table (fp3_test) verify inside the VM and a changed byte
in them is rejected; a receipt with --in-vm is refused with exit 2.
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
    gf, bins, data = sys.argv[1], sys.argv[2], sys.argv[3]
    guest, other = os.path.join(bins, "fibonacci.elf"), os.path.join(bins, "isa_rv32i_alu.elf")
    verifier = os.path.join(bins, "verifier.elf")
    inp = os.path.join(data, "fib30.bin")
    wide = [os.path.join(bins, n) for n in ("hash_precompiles.elf", "fp3_test.elf")]
    if not all(os.path.exists(f) for f in [guest, other, verifier] + wide):
        print(f"skipped: guests not built in {bins}")
        return 77
    with tempfile.TemporaryDirectory() as d:
        proof, key, other_key, receipt = (os.path.join(d, n) for n in ("p.bin", "k.vk", "o.vk", "r.bin"))
        ref = json.loads(run([gf, "run", guest, "--input", inp, "--json"], 0).stdout)
        run([gf, "prove", guest, "--input", inp, "--single", "-o", proof] + PRESET, 0)
        run([gf, "vk", guest, "-o", key] + PRESET, 0)
        run([gf, "vk", other, "-o", other_key] + PRESET, 0)
        host = json.loads(run([gf, "verify", proof, "--vk", key, "--json"], 0).stdout)
        assert host["valid"] and host["exit_code"] == ref["exit_code"] and host["cycles"] == ref["cycles"], (host, ref)

        for how in (["--elf", guest] + PRESET, ["--vk", key]):
            v = json.loads(run([gf, "verify", proof, "--in-vm", "--json", "--verifier-elf", verifier] + how, 0).stdout)
            assert v["valid"] is True and v["in_vm"] is True and v["statement"] == "rv32im", v
            assert v["exit_code"] == ref["exit_code"] and v["cycles"] == ref["cycles"], (v, ref)
            assert v["output"] == ref["public_output_hex"] == host["output"], (v, ref, host)
            assert v["vk_digest"] == host["vk_digest"], (v, host)
            assert v["verifier_status"] == "exited" and v["verifier_exit_code"] == 0, v
            assert v["verifier_cycles"] > 0 and sum(v["verifier_phases"].values()) == v["verifier_cycles"], v
            assert v["public_output_hex"].startswith(v["vk_digest"]), v
        text = run([gf, "verify", proof, "--vk", key, "--in-vm"], 0).stdout
        assert f"exit code {ref['exit_code']}" in text and "verifier guest" in text, text

        # A changed proof byte: the verifier guest rejects it (exit 1).
        raw = bytearray(open(proof, "rb").read())
        raw[len(raw) // 2] ^= 0x10
        bad = os.path.join(d, "bad.bin")
        open(bad, "wb").write(bytes(raw))
        v = json.loads(run([gf, "verify", bad, "--vk", key, "--in-vm", "--json"], 1).stdout)
        assert v["valid"] is False and v["verifier_exit_code"] == 1 and "exit_code" not in v, v
        assert "proof rejected" in v["console"], v
        # Another program's key.
        v = json.loads(run([gf, "verify", proof, "--vk", other_key, "--in-vm", "--json"], 1).stdout)
        assert v["valid"] is False, v
        # Proofs holding the wide precompile tables (hash_precompiles: Keccak-f and BLAKE3, class
        # matrices of several thousand columns, so the DEEP sums take several Horner spans) and the
        # Horner table itself (fp3_test): accepted inside the VM with the host's verdict and output,
        # and a changed byte rejected.
        msg = os.path.join(d, "msg.bin")
        open(msg, "wb").write(bytes((7 * i + 3) % 251 for i in range(300)))
        for name, inputs in (("hash_precompiles.elf", ["--input", msg]), ("fp3_test.elf", [])):
            elf, wide = os.path.join(bins, name), os.path.join(d, name + ".proof")
            run([gf, "prove", elf, "--single", "-o", wide] + inputs + PRESET, 0)
            host = json.loads(run([gf, "verify", wide, "--elf", elf, "--json"] + PRESET, 0).stdout)
            v = json.loads(run([gf, "verify", wide, "--elf", elf, "--in-vm", "--json"] + PRESET, 0).stdout)
            assert v["valid"] is True and v["output"] == host["output"] and v["cycles"] == host["cycles"], (name, v, host)
            raw = bytearray(open(wide, "rb").read())
            raw[len(raw) // 3] ^= 0x01
            open(bad, "wb").write(bytes(raw))
            v = json.loads(run([gf, "verify", bad, "--elf", elf, "--in-vm", "--json"] + PRESET, 1).stdout)
            assert v["valid"] is False and v["verifier_exit_code"] == 1, (name, v)

        # Receipts are verified on the host for now.
        run([gf, "prove", guest, "--input", inp, "-o", receipt] + PRESET, 0)
        p = run([gf, "verify", receipt, "--vk", key, "--in-vm", "--json"], 2)
        assert "receipts are verified shard by shard on the host" in p.stderr, p.stderr
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
