#!/usr/bin/env python3
"""Builds guest/tests/sdk_usage the way docs/guest_sdk.md tells a user to (a separate CMake
project with the toolchain file and add_subdirectory of the SDK), runs it under qemu-riscv32 and
checks its output against Python: the sum of the input bytes. Exit 77 (skipped) without qemu.

Usage: sdk_usage_test.py BUILD_DIR
"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
GUEST = os.path.dirname(HERE)


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    if shutil.which("qemu-riscv32") is None:
        print("SKIPPED: qemu-riscv32 not found (apt-get install qemu-user)")
        return 77
    build = sys.argv[1]
    cfg = subprocess.run(["cmake", "-S", os.path.join(HERE, "sdk_usage"), "-B", build, "-G", "Ninja",
                          f"-DCMAKE_TOOLCHAIN_FILE={GUEST}/cmake/riscv32-goldfinch.cmake",
                          f"-DGF_SDK_DIR={GUEST}/sdk", "-DCMAKE_BUILD_TYPE=RelWithDebInfo"],
                         capture_output=True, text=True)
    if cfg.returncode != 0:
        print(cfg.stdout + cfg.stderr)
        return 1
    bld = subprocess.run(["cmake", "--build", build], capture_output=True, text=True)
    if bld.returncode != 0:
        print(bld.stdout + bld.stderr)
        return 1
    data = bytes(range(256)) * 3 + b"goldfinch"
    expected_sum = sum(data)
    with tempfile.TemporaryFile() as commit:
        fd = commit.fileno()

        def to_fd3():
            if fd == 3:
                os.set_inheritable(3, True)
            else:
                os.dup2(fd, 3, inheritable=True)

        run = subprocess.run(["qemu-riscv32", os.path.join(build, "my_guest")], input=data,
                             capture_output=True, preexec_fn=to_fd3, close_fds=False, timeout=60)
        commit.seek(0)
        public = commit.read()
    want_out = f"sum of {len(data)} bytes = {expected_sum}\n".encode()
    ok = run.returncode == 0 and run.stdout == want_out and public == struct.pack("<I", expected_sum)
    print(f"exit {run.returncode}, stdout {run.stdout!r}, public {public.hex()}")
    if not ok:
        print(f"FAIL: expected exit 0, stdout {want_out!r}, public {struct.pack('<I', expected_sum).hex()}")
        return 1
    print("user-style guest project builds and runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
