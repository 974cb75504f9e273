#!/usr/bin/env python3
"""`goldfinch check` end to end: the whole-run trace and the shard circuit shard by shard.

Usage: check_cli_test.py GOLDFINCH_BIN GUEST_BIN_DIR. Exit 77 (skipped) when the SDK guests were
not built. The run's cycles and exit code must be those of `goldfinch run` (the executor, an
independent path); the number of shards ceil(cycles / shard size); every table's cells its
largest height times its widths at most once per shard, their sum the total; the checkers must
pass on the honest traces of both modes; --shapes must not run them; a shard size that is not a
power of two, and a cycle limit below the run, are refused with their documented exit codes.
"""
import json
import os
import subprocess
import sys


def check(gf, args, code=0):
    p = subprocess.run([gf, "check"] + args, capture_output=True, text=True, timeout=600)
    assert p.returncode == code, (args, p.returncode, p.stdout, p.stderr)
    return p


def main():
    gf, guests = sys.argv[1], sys.argv[2]
    elf = os.path.join(guests, "sha256.elf")
    if not os.path.exists(elf):
        print(f"skipped: SDK guests not built in {guests}")
        return 77
    tmp = os.environ.get("TMPDIR", "/tmp")
    inp = os.path.join(tmp, f"gf_check_cli_{os.getpid()}.bin")
    with open(inp, "wb") as f:
        f.write(bytes((7 * i + 3) & 0xFF for i in range(600)))
    try:
        ran = json.loads(subprocess.run([gf, "run", elf, "--input", inp, "--json"], capture_output=True, text=True,
                                        timeout=60).stdout)
        cycles = ran["cycles"]

        whole = json.loads(check(gf, [elf, "--input", inp, "--json"]).stdout)
        assert whole["ok"] is True and whole["checked"] is True and whole["failures"] == 0, whole
        assert whole["cycles"] == cycles and whole["exit_code"] == ran["exit_code"] and whole["shards"] == 1, whole

        shard = 4096
        sharded = json.loads(check(gf, [elf, "--input", inp, "--shard-cycles", str(shard), "--json"]).stdout)
        assert sharded["ok"] is True and sharded["failures"] == 0, sharded
        assert sharded["cycles"] == cycles and sharded["exit_code"] == ran["exit_code"], sharded
        shards = (cycles + shard - 1) // shard
        assert shards > 1 and sharded["shards"] == shards and sharded["shard_cycles"] == shard, (shards, sharded)
        names = [t["name"] for t in sharded["tables"]]
        assert names[:2] == ["program", "cpu"] and "ram_finalize" in names and "poseidon2" in names, names
        for report in (whole, sharded):
            total = 0
            for t in report["tables"]:
                row = t["main_width"] + t["aux_width"] + t["preprocessed_width"]
                assert t["cells"] <= report["shards"] * t["max_height"] * row, t
                assert abs(t["cells_per_cycle"] - t["cells"] / report["cycles"]) < 1e-3 * (1 + t["cells_per_cycle"]), t
                total += t["cells"]
            assert total == report["cells"] > 0, report
        # Every shard but the last is full: the CPU table is the shard size high in each.
        cpu = next(t for t in sharded["tables"] if t["name"] == "cpu")
        assert cpu["max_height"] == shard and cpu["cells"] >= (shards - 1) * shard * (cpu["main_width"] + cpu["aux_width"])

        shapes = json.loads(check(gf, [elf, "--input", inp, "--shard-cycles", str(shard), "--shapes", "--json"]).stdout)
        assert shapes["checked"] is False and shapes["ok"] is None, shapes
        assert shapes["cells"] == sharded["cells"] and shapes["tables"] == sharded["tables"], shapes
        text = check(gf, [elf, "--input", inp, "--shard-cycles", str(shard), "--shapes"]).stdout
        assert f"{shards} shards" in text and "shapes only" in text, text

        assert check(gf, [elf, "--input", inp, "--shard-cycles", "3000"], code=102).stderr.strip()
        assert check(gf, [elf, "--input", inp, "--shard-cycles", "1024", "--max-cycles", "5000"], code=101).stderr
    finally:
        os.unlink(inp)
    print(f"check_cli_test: {cycles} cycles, whole run and {shards} shards checked, shapes agree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
