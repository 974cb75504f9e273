#!/usr/bin/env python3
"""`goldfinch prove-example` and `goldfinch verify` (host and --in-vm) end to end.

Usage: verify_cli_test.py GOLDFINCH_BIN VERIFIER_ELF. Exit 77 (skipped) when the verifier guest
was not built. Checks exit codes, the JSON report's keys (valid, cycles, phases), that the phases
add up to the cycles, that the committed output starts with the key digest printed by
prove-example, and that a tampered proof and a key of another statement are rejected.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile


def run(args, expect_rc):
    p = subprocess.run(args, capture_output=True, text=True, timeout=300)
    if p.returncode != expect_rc:
        sys.exit(f"FAIL: {' '.join(args)} exited {p.returncode}, expected {expect_rc}\n{p.stdout}\n{p.stderr}")
    return p


def main():
    gf, elf = sys.argv[1], sys.argv[2]
    if not os.path.exists(elf):
        print(f"skipped: {elf} not built")
        return 77
    with tempfile.TemporaryDirectory() as d:
        proof, vk = os.path.join(d, "p.bin"), os.path.join(d, "k.vk")
        p = run([gf, "prove-example", "fibonacci", "--log-rows", "6", "--preset", "testing", "-o", proof,
                 "--vk-out", vk], 0)
        digest = re.search(r"key digest ([0-9a-f]{64})", p.stderr).group(1)
        host = json.loads(run([gf, "verify", proof, "--vk", vk, "--json"], 0).stdout)
        assert host == {"valid": True, "in_vm": False}, host
        packed = os.path.join(d, "packed.bin")
        vmr = json.loads(run([gf, "verify", proof, "--vk", vk, "--in-vm", "--verifier-elf", elf, "--json",
                              "--pack-out", packed], 0).stdout)
        assert vmr["valid"] is True and vmr["exit_code"] == 0, vmr
        assert vmr["cycles"] == sum(vmr["phases"].values()), vmr
        for phase in ("setup", "commitments", "ood_check", "fri_commit", "trace_openings", "fri_openings", "deep",
                      "fri_fold"):
            assert vmr["phases"][phase] > 0, phase
        out = bytes.fromhex(vmr["public_output_hex"])
        assert out[:32].hex() == digest, (out[:32].hex(), digest)
        # Fibonacci from (1, 1) over 64 rows: public values (1, 1, F(65) mod p).
        a, b = 1, 1
        for _ in range(63):
            a, b = b, (a + b) % (2**64 - 2**32 + 1)
        assert [int.from_bytes(out[32 + 8 * i:40 + 8 * i], "little") for i in range(3)] == [1, 1, b]

        # The same ELF under qemu-riscv32 (another emulator; public output on fd 3) agrees.
        qemu = shutil.which("qemu-riscv32")
        if qemu:
            with open(packed, "rb") as stdin, tempfile.TemporaryFile() as pub:
                fd = pub.fileno()

                def to_fd3():
                    if fd == 3:
                        os.set_inheritable(3, True)
                    else:
                        os.dup2(fd, 3, inheritable=True)

                q = subprocess.run([qemu, elf], stdin=stdin, capture_output=True, timeout=300, preexec_fn=to_fd3,
                                   close_fds=False)
                pub.seek(0)
                assert q.returncode == 0, (q.returncode, q.stderr)
                assert pub.read() == out, "qemu's public output differs"

        # A flipped bit in the proof: rejected on the host and inside the guest (exit code 1).
        data = bytearray(open(proof, "rb").read())
        data[len(data) // 2] ^= 4
        bad = os.path.join(d, "bad.bin")
        open(bad, "wb").write(data)
        assert json.loads(run([gf, "verify", bad, "--vk", vk, "--json"], 1).stdout)["valid"] is False
        vmr = json.loads(run([gf, "verify", bad, "--vk", vk, "--in-vm", "--verifier-elf", elf, "--json"], 1).stdout)
        assert vmr["valid"] is False and vmr["exit_code"] == 1 and "proof rejected" in vmr["console"], vmr

        # The key of another statement, named as the proof's statement.
        vk2 = os.path.join(d, "k2.vk")
        run([gf, "prove-example", "bus", "--log-rows", "5", "--preset", "testing", "-o", os.path.join(d, "p2.bin"),
             "--vk-out", vk2], 0)
        run([gf, "verify", proof, "--vk", vk2, "--statement", "fibonacci", "--in-vm", "--verifier-elf", elf], 1)
        run([gf, "verify", proof, "--vk", vk2], 1)
    print("verify_cli_test: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
