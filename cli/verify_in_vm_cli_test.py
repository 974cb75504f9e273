#!/usr/bin/env python3
"""`goldfinch verify --elf/--vk --in-vm --json` on a whole-run proof of the fibonacci example guest.

Usage: verify_in_vm_cli_test.py GOLDFINCH_BIN GUEST_BIN_DIR DATA_DIR. Exit 77 (skipped) when the
guests (verifier.elf, fibonacci.elf) were not built. The proof (`prove --single`, testing preset)
is verified on the host and inside the VM (the verifier guest, statement rv32im), with the key
from --elf and from a key file: the in-VM verdict, exit code, cycles and output equal the host's
and `goldfinch run`'s, the verifier's phases add up to verifier_cycles; a changed proof byte and
another program's key are rejected with exit 1; proofs holding the Keccak-f and BLAKE3 tables
(hash_precompiles), the F_p^3 Horner table (fp3_test) and the Poseidon2 table (poseidon2_test) verify
inside the VM and a changed byte in them is rejected. A receipt of two shards (--shard-cycles 2048) is
verified with --in-vm, one
verifier guest run per shard (statement rv32im_shard) and the chain checked on the host: the verdict,
exit code, cycles and output equal the host's, per-shard verifier cycles and phases add up; a changed
byte in a shard proof, a shard of another program, shards swapped and shards dropped are rejected
with exit 1 and an error naming the shard or the chain check.
"""
import json
import os
import struct
import subprocess
import sys
import tempfile

PRESET = ["--preset", "testing"]  # one query, no grinding: fast (not secure)


def run(args, expect_rc):
    p = subprocess.run(args, capture_output=True, text=True, timeout=300)
    if p.returncode != expect_rc:
        sys.exit(f"FAIL: {' '.join(args)} exited {p.returncode}, expected {expect_rc}\n{p.stdout}\n{p.stderr}")
    return p


def read_receipt(raw):
    """The header fields and the shard proofs of a receipt (docs/receipt_format.md)."""
    magic, version, n, shard_cycles = struct.unpack_from("<8sIIQ", raw, 0)
    assert magic == b"GFRECPT\0" and version == 1, (magic, version)
    digest = raw[24:56]
    proofs = []
    for k in range(n):
        off, length = struct.unpack_from("<QQ", raw, 64 + 16 * k)
        proofs.append(raw[off:off + length])
    return shard_cycles, digest, proofs


def write_receipt(path, shard_cycles, digest, proofs):
    """The one encoding of a receipt holding these proofs (offsets canonical, padding to 8)."""
    pad8 = lambda x: (x + 7) // 8 * 8
    offsets, at = [], 64 + 16 * len(proofs)
    for p in proofs:
        offsets.append(at)
        at = pad8(at + len(p))
    out = bytearray(struct.pack("<8sIIQ", b"GFRECPT\0", 1, len(proofs), shard_cycles) + digest + struct.pack("<Q", at))
    for off, p in zip(offsets, proofs):
        out += struct.pack("<QQ", off, len(p))
    for off, p in zip(offsets, proofs):
        out += b"\0" * (off - len(out)) + p
    out += b"\0" * (at - len(out))
    open(path, "wb").write(bytes(out))


def main():
    gf, bins, data = sys.argv[1], sys.argv[2], sys.argv[3]
    guest, other = os.path.join(bins, "fibonacci.elf"), os.path.join(bins, "isa_rv32i_alu.elf")
    verifier = os.path.join(bins, "verifier.elf")
    inp = os.path.join(data, "fib30.bin")
    wide = [os.path.join(bins, n) for n in ("hash_precompiles.elf", "fp3_test.elf", "poseidon2_test.elf")]
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
        # Horner table itself (fp3_test), and the Poseidon2 precompile table (poseidon2_test): accepted inside the VM with the host's verdict and output,
        # and a changed byte rejected.
        msg = os.path.join(d, "msg.bin")
        open(msg, "wb").write(bytes((7 * i + 3) % 251 for i in range(300)))
        for name, inputs in (("hash_precompiles.elf", ["--input", msg]), ("fp3_test.elf", []), ("poseidon2_test.elf", [])):
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

        # Receipts: every shard verified by the verifier guest, the chain checked on the host.
        run([gf, "prove", guest, "--input", inp, "--shard-cycles", "2048", "-o", receipt] + PRESET, 0)
        host = json.loads(run([gf, "verify", receipt, "--vk", key, "--json"], 0).stdout)
        assert host["valid"] and host["receipt"] and host["shards"] == 2, host
        for how in (["--elf", guest] + PRESET, ["--vk", key]):
            v = json.loads(run([gf, "verify", receipt, "--in-vm", "--json", "--verifier-elf", verifier] + how, 0).stdout)
            assert v["valid"] is True and v["in_vm"] is True and v["statement"] == "rv32im_shard", v
            assert v["receipt"] is True and v["shards"] == 2 and len(v["shard_verifiers"]) == 2, v
            assert v["exit_code"] == ref["exit_code"] == host["exit_code"] and v["cycles"] == ref["cycles"], (v, ref)
            assert v["output"] == ref["public_output_hex"] == host["output"], (v, ref, host)
            assert v["vk_digest"] == host["vk_digest"], (v, host)
            for k, s in enumerate(v["shard_verifiers"]):
                assert s["shard"] == k and s["verifier_status"] == "exited" and s["verifier_exit_code"] == 0, s
                assert s["verifier_cycles"] > 0 and sum(s["verifier_phases"].values()) == s["verifier_cycles"], s
                assert s["public_output_hex"].startswith(v["shard_vk_digest"]), (s, v["shard_vk_digest"])
            assert v["verifier_cycles"] == sum(s["verifier_cycles"] for s in v["shard_verifiers"]), v
            assert sum(v["verifier_phases"].values()) == v["verifier_cycles"], v
        text = run([gf, "verify", receipt, "--vk", key, "--in-vm"], 0).stdout
        assert "valid (verifier guest, 2 shards" in text and f"exit code {ref['exit_code']}" in text, text

        shard_cycles, digest, proofs = read_receipt(open(receipt, "rb").read())
        other_receipt = os.path.join(d, "other.receipt")
        run([gf, "prove", other, "--shard-cycles", "2048", "-o", other_receipt] + PRESET, 0)
        _, _, other_proofs = read_receipt(open(other_receipt, "rb").read())

        def rejected(proofs, *needles):
            path = os.path.join(d, "attack.receipt")
            write_receipt(path, shard_cycles, digest, proofs)
            v = json.loads(run([gf, "verify", path, "--vk", key, "--in-vm", "--json"], 1).stdout)
            assert v["valid"] is False and "exit_code" not in v, v
            for needle in needles:
                assert needle in v["error"], (needle, v["error"])
            return v

        # The encoding above is the receipt's own: the untouched proofs are accepted.
        write_receipt(os.path.join(d, "same.receipt"), shard_cycles, digest, proofs)
        assert open(os.path.join(d, "same.receipt"), "rb").read() == open(receipt, "rb").read()
        # A changed byte in shard 1's proof: the verifier guest rejects shard 1.
        tampered = bytearray(proofs[1])
        tampered[len(tampered) // 2] ^= 0x08
        v = rejected([proofs[0], bytes(tampered)], "shard 1", "rejected by the verifier guest", "proof rejected")
        assert len(v["shard_verifiers"]) == 2 and v["shard_verifiers"][1]["verifier_exit_code"] == 1, v
        # A shard of another program in this program's receipt.
        rejected([other_proofs[0], proofs[1]], "shard 0", "rejected by the verifier guest")
        # Shards swapped: each verifies, the chain does not.
        rejected([proofs[1], proofs[0]], "shard 0 starts at cycle 2048", "reordered")
        # Shards dropped.
        rejected([proofs[1]], "shard 0 starts at cycle 2048")
        rejected([proofs[0]], "ends before the exit shard")
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
