#!/usr/bin/env python3
"""`goldfinch prove` + `verify` on the SDK example guests (fibonacci, sha256).

Usage: prove_examples_test.py GOLDFINCH_BIN GUEST_BIN_DIR. Exit 77 when the guests were not built.
TODO(issue 5): these guests commit their public output (gf_commit), which the circuit does not
prove yet, so `prove` must fail cleanly: exit 2 with "not supported" on stderr. Either that or a
proof that verifies with the exit code, cycles and public output of `goldfinch run --json` is
accepted now; once the commit/read tables land, drop the first branch so only success passes.
"""
import json
import os
import subprocess
import sys
import tempfile


def main():
    gf, bins = sys.argv[1], sys.argv[2]
    guests = [os.path.join(bins, g + ".elf") for g in ("fibonacci", "sha256")]
    if not all(os.path.exists(g) for g in guests):
        print(f"skipped: example guests not built in {bins}")
        return 77
    with tempfile.TemporaryDirectory() as d:
        for guest in guests:
            proof = os.path.join(d, "p.bin")
            ref = json.loads(subprocess.run([gf, "run", guest, "--json"], capture_output=True, text=True,
                                            timeout=300).stdout)
            p = subprocess.run([gf, "prove", guest, "-o", proof, "--preset", "testing", "--json"], capture_output=True,
                               text=True, timeout=300)
            if p.returncode == 2:
                assert "not supported" in p.stderr, p.stderr  # TODO(issue 5): remove this branch
                print(f"{os.path.basename(guest)}: not provable yet (exit 2): {p.stderr.strip()}")
                continue
            assert p.returncode == 0, (p.returncode, p.stderr)
            v = subprocess.run([gf, "verify", proof, "--elf", guest, "--preset", "testing", "--json"],
                               capture_output=True, text=True, timeout=300)
            assert v.returncode == 0, (v.returncode, v.stdout, v.stderr)
            got = json.loads(v.stdout)
            assert got["valid"] and got["exit_code"] == ref["exit_code"] and got["cycles"] == ref["cycles"], (got, ref)
            assert got["output"] == ref["public_output_hex"], (got, ref)
    print("prove_examples_test: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
