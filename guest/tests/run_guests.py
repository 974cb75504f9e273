#!/usr/bin/env python3
"""Runs the Goldfinch example guests and per-instruction test programs and checks each result
(exit code, committed public output, console output) against an independent oracle computed here
in Python (hashlib, int, sorted, a separate Keccak implementation, ...), never against a value
produced by the guest or the VM themselves.

Runners:
  qemu       qemu-riscv32 (user mode). The SDK sends GF_COMMIT bytes to fd 3 there (see
             docs/guest_sdk.md), which this script captures. Exit 77 (CTest: skipped) when
             qemu-riscv32 is missing.
  goldfinch  `goldfinch run <elf> --input FILE --json` (the Goldfinch executor; the JSON report
             carries exit code, cycles, public output and the guest's stdout and stderr).
  compare    both of the above, and the two must agree with each other (exit code, public
             output, stdout, stderr) as well as with the oracle.

Usage: run_guests.py --bin-dir DIR --runner qemu --case sha256      (or --case all, --list)
"""
import argparse
import json
import math
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional

import hashlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import keccak_oracle  # noqa: E402

SKIP = 77
if hasattr(sys, "set_int_max_str_digits"):
    sys.set_int_max_str_digits(200_000)  # the bigint oracle prints 3000! in full
TIMEOUT_S = 120


@dataclass
class Check:
    label: str
    elf: str
    stdin: bytes = b""
    exit_code: int = 0
    commit: Optional[bytes] = b""      # None: not checked
    stdout: Optional[bytes] = b""      # None: not checked
    stderr_contains: Optional[bytes] = None


@dataclass
class Result:
    exit_code: int
    stdout: bytes
    stderr: bytes
    commit: bytes
    cycles: Optional[int] = None
    extra: Dict = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# Oracles

def fib_mod64(n: int) -> int:
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a % (1 << 64)


def fibonacci_checks() -> List[Check]:
    out = []
    for n in [0, 1, 2, 10, 90, 93, 94, 1000, 100000]:
        v = fib_mod64(n)
        out.append(Check(f"n={n}", "fibonacci", struct.pack("<I", n), 0, struct.pack("<Q", v),
                         f"fib({n}) mod 2^64 = {v}\n".encode()))
    out.append(Check("empty input", "fibonacci", b"", 2, b"", b"",
                     b"expected a 4-byte n on the input"))
    return out


def hash_inputs() -> List[bytes]:
    rng = random.Random(256)
    msgs = [b"", b"abc", b"a" * 55, b"a" * 56, b"b" * 64, b"c" * 135, b"d" * 136, b"e" * 137]
    msgs.append(bytes(rng.randrange(256) for _ in range(100_003)))
    return msgs


def sha256_checks() -> List[Check]:
    out = []
    for m in hash_inputs():
        d = hashlib.sha256(m).digest()
        out.append(Check(f"len={len(m)}", "sha256", m, 0, d,
                         f"sha256({len(m)} bytes) = {d.hex()}\n".encode()))
    return out


def keccak_checks() -> List[Check]:
    keccak_oracle.self_check()  # the Keccak oracle must agree with hashlib's SHA3 first
    out = []
    for m in hash_inputs():
        k = keccak_oracle.keccak256(m)
        s = hashlib.sha3_256(m).digest()
        out.append(Check(f"len={len(m)}", "keccak", m, 0, k + s,
                         f"keccak256 = {k.hex()}\nsha3-256  = {s.hex()}\n".encode()))
    return out


def b3sum(m: bytes) -> bytes:
    # The b3sum command (scripts/install-deps.sh), not the repo's BLAKE3 nor the guest's.
    out = subprocess.run(["b3sum", "--no-names", "--raw"], input=m, capture_output=True, check=True)
    return out.stdout


def hash_precompiles_checks() -> List[Check]:
    keccak_oracle.self_check()
    rng = random.Random(13)
    msgs = [bytes(rng.randrange(256) for _ in range(n)) for n in (0, 1, 64, 1024, 1025, 3000)]
    msgs += [b"abc", b"d" * 136, b"e" * 2048, bytes(rng.randrange(256) for _ in range(100_003))]
    out = []
    for m in msgs:
        k = keccak_oracle.keccak256(m)
        s = hashlib.sha3_256(m).digest()
        b = b3sum(m)
        out.append(Check(f"len={len(m)}", "hash_precompiles", m, 0, k + s + b,
                         f"keccak256 = {k.hex()}\nsha3-256  = {s.hex()}\nblake3    = {b.hex()}\n".encode()))
    return out


def hash_bench_checks() -> List[Check]:
    """guest/examples/hash_bench.c: message || mode byte; modes 0 and 1 (precompile, software)
    must both give the oracle's Keccak-256, modes 2 and 3 b3sum's BLAKE3."""
    keccak_oracle.self_check()
    rng = random.Random(14)
    msgs = [b"", b"abc", b"d" * 136, bytes(rng.randrange(256) for _ in range(1025)),
            bytes(rng.randrange(256) for _ in range(10240))]
    out = []
    for m in msgs:
        k, b = keccak_oracle.keccak256(m), b3sum(m)
        for mode, d in ((0, k), (1, k), (2, b), (3, b)):
            out.append(Check(f"mode={mode} len={len(m)}", "hash_bench", m + bytes([mode]), 0, d, b""))
    for bad in (b"", b"abc\x04"):
        out.append(Check(f"bad input {bad.hex() or 'empty'}", "hash_bench", bad, 2, b"", b"",
                         b"expected the message, then a mode byte 0..3"))
    return out


def sort_expect(seed: int, count: int) -> (bytes, bytes):
    x = seed
    v = []
    for _ in range(count):
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        v.append(x)
    v.sort()
    weighted = sum((i + 1) * e for i, e in enumerate(v)) % (1 << 64)
    fnv = 0xCBF29CE484222325
    for e in v:
        for b in e.to_bytes(4, "little"):
            fnv = ((fnv ^ b) * 0x100000001B3) % (1 << 64)
    commit = struct.pack("<IIIQQ", count, v[0], v[-1], weighted, fnv)
    text = (f"sorted {count} values: min {v[0]} max {v[-1]} weighted sum {weighted} "
            f"fnv1a64 {fnv:016x}\n").encode()
    return commit, text


def sort_checks() -> List[Check]:
    out = []
    for seed, count in [(1, 100_000), (0xDEADBEEF, 1), (7, 2), (12345, 1000)]:
        commit, text = sort_expect(seed, count)
        out.append(Check(f"seed={seed} count={count}", "sort", struct.pack("<II", seed, count), 0,
                         commit, text))
    out.append(Check("short input", "sort", b"\x01\x02\x03", 2, b"", b"",
                     b"expected 8 input bytes"))
    return out


def bigint_checks() -> List[Check]:
    out = []
    for n in [0, 1, 5, 25, 1000, 3000]:
        digits = str(math.factorial(n)).encode()
        text = (f"{n}! has {len(digits)} digits, digit sum {sum(d - 48 for d in digits)}, "
                f"leading {digits[:12].decode()}\n").encode()
        out.append(Check(f"n={n}", "bigint", struct.pack("<I", n), 0, digits, text))
    return out


def cxx_text() -> bytes:
    rng = random.Random(1914)
    vocab = ["goldfinch", "stark", "field", "proof", "trace", "The", "a", "of", "and", "Merkle",
             "fri", "query", "row", "column", "hash", "guest", "zero", "knowledge"]
    vocab += [f"rare{i}" for i in range(40)]
    weights = [40, 30, 25, 20, 18, 60, 55, 50, 45, 9, 8, 7, 6, 5, 4, 3, 2, 2] + [1] * 40
    words = rng.choices(vocab, weights=weights, k=3000)
    seps = [" ", " ", " ", ", ", ". ", "\n", " -- ", "42 "]
    parts = []
    for w in words:
        parts.append(w)
        parts.append(rng.choice(seps))
    return "".join(parts).encode()


def cxx_expect(text: bytes) -> bytes:
    words, cur = [], []
    for ch in text.decode("ascii").lower():
        if "a" <= ch <= "z":
            cur.append(ch)
        elif cur:
            words.append("".join(cur))
            cur = []
    if cur:
        words.append("".join(cur))
    counts: Dict[str, int] = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    distinct = len(counts)
    once = sum(1 for c in counts.values() if c == 1)
    ranked = sorted(((w, c) for w, c in counts.items() if c > 1), key=lambda wc: (-wc[1], wc[0]))
    lines = [f"{c} {w}\n" for w, c in ranked[:10]]
    lines.append(f"distinct {distinct} once {once}\n")
    x, values = 12345, set()
    for _ in range(20000):
        x = (x * 1103515245 + 12345) % (1 << 32)
        values.add((x >> 8) % 100000)
    values = {v for v in values if v % 3}
    lines.append(f"set {len(values)} {sum(values)} {min(values)} {max(values)}\n")
    return "".join(lines).encode()


def cxx_checks() -> List[Check]:
    out = []
    for label, text in [("generated text", cxx_text()), ("empty", b""),
                        ("one word", b"Hello hello HELLO world")]:
        report = cxx_expect(text)
        out.append(Check(label, "cxx_stl", text, 0, report, report))
    return out


class _JsonObject(list):
    """Key/value pairs of one JSON object, in document order."""


def json_stats(text: bytes) -> Optional[bytes]:
    """The json guest's summary line computed with Python's json module, or None when the text
    is not valid JSON (RFC 8259: Python's extensions NaN/Infinity and lone surrogates rejected)."""
    def no_constants(name):
        raise ValueError(name)
    try:
        doc = json.loads(text.decode("utf-8"), object_pairs_hook=_JsonObject,
                         parse_constant=no_constants)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    st = dict(objects=0, arrays=0, strings=0, numbers=0, ints=0, true=0, false=0, null=0,
              string_bytes=0, int_sum=0, max_depth=0)
    key_hash = [0xCBF29CE484222325]

    def feed(b: bytes):
        h = key_hash[0]
        for x in b:
            h = ((h ^ x) * 0x100000001B3) % (1 << 64)
        key_hash[0] = h

    def walk(v, depth):
        if isinstance(v, _JsonObject):
            st["objects"] += 1
            st["max_depth"] = max(st["max_depth"], depth + 1)
            for k, item in v:
                feed(k.encode("utf-8") + b"\0")
                walk(item, depth + 1)
        elif isinstance(v, list):
            st["arrays"] += 1
            st["max_depth"] = max(st["max_depth"], depth + 1)
            for item in v:
                walk(item, depth + 1)
        elif isinstance(v, str):
            st["strings"] += 1
            st["string_bytes"] += len(v.encode("utf-8"))
        elif v is True:
            st["true"] += 1
        elif v is False:
            st["false"] += 1
        elif v is None:
            st["null"] += 1
        elif isinstance(v, int):
            st["numbers"] += 1
            st["ints"] += 1
            st["int_sum"] = (st["int_sum"] + v) % (1 << 64)
        else:
            st["numbers"] += 1

    try:
        walk(doc, 0)
    except UnicodeEncodeError:  # a lone surrogate from a \u escape
        return None
    return (f"objects {st['objects']} arrays {st['arrays']} strings {st['strings']} "
            f"numbers {st['numbers']} ints {st['ints']} true {st['true']} false {st['false']} "
            f"null {st['null']} string_bytes {st['string_bytes']} int_sum {st['int_sum']} "
            f"max_depth {st['max_depth']} key_hash {key_hash[0]:016x}\n").encode()


def random_json(rng: random.Random, depth: int = 0):
    kind = rng.randrange(10 if depth < 6 else 6)
    if kind == 0:
        return rng.randrange(-10**25, 10**25)
    if kind == 1:
        return rng.choice([0.5, -1.25e-7, 3.0, 6.02e23, -0.0])
    if kind == 2:
        return rng.choice([True, False, None])
    if kind in (3, 4, 5):
        alphabet = "abc xyz\"\\/\b\f\n\r\t\u00e9\u4e2d\U0001F600\x01\x1f~"
        return "".join(rng.choice(alphabet) for _ in range(rng.randrange(12)))
    if kind in (6, 7):
        return [random_json(rng, depth + 1) for _ in range(rng.randrange(6))]
    return {f"k{rng.randrange(100)}\u00fc": random_json(rng, depth + 1) for _ in range(rng.randrange(6))}


def json_checks() -> List[Check]:
    rng = random.Random(8259)
    texts = [
        ("generated, ASCII escapes",
         json.dumps({"items": [random_json(rng) for _ in range(300)]}, ensure_ascii=True).encode()),
        ("generated, raw UTF-8, indented",
         json.dumps([random_json(rng) for _ in range(300)], ensure_ascii=False, indent=2).encode()),
        ("scalars and escapes", b' {"a":[1,-2,3.5e2,true,false,null,"x\\u00e9\\ud83d\\ude00\\n"], "b": {}} '),
        ("big and negative integers", b"[18446744073709551615, -1, 123456789012345678901234567890, -0, 0]"),
        ("nested", b"[" * 100 + b"]" * 100),
        ("top-level string", b'"\\/\\b\\f\\t"'),
    ]
    invalid = [b"", b"[1,]", b"{\"a\":1,}", b"[1 2]", b'"abc', b"01", b'{"a" 1}', b"tru", b'"\x01"',
               b"1.", b"-", b"[", b"NaN", b"[Infinity]", b'"\\ud800"', b'"\\udc00x"', b"\xef\xbb\xbf[]",
               b'"\xc0\xaf"', b'"\xed\xa0\x80"', b"{} {}", b'{"a":1 "b":2}', b"[1e]", b"[.5]", b"[+1]"]
    out = []
    for label, t in texts:
        line = json_stats(t)
        if line is None:
            raise AssertionError(f"json oracle rejects its own valid case {label!r}")
        out.append(Check(label, "json", t, 0, line, line))
    for t in invalid:
        if json_stats(t) is not None:
            raise AssertionError(f"json oracle accepts the invalid case {t!r}")
        out.append(Check(f"invalid {t[:20]!r}", "json", t, 3, b"", b"", b"json: invalid at byte"))
    return out


class _Lcg:
    def __init__(self, seed: int):
        self.state = seed

    def next(self) -> int:
        self.state = (self.state * 1664525 + 1013904223) % (1 << 32)
        return self.state >> 8


def _fnv(values) -> int:
    h = 0xCBF29CE484222325
    for v in values:
        for b in (v % (1 << 32)).to_bytes(4, "little"):
            h = ((h ^ b) * 0x100000001B3) % (1 << 64)
    return h


def cxx_containers_expect() -> bytes:
    import bisect
    import collections
    rng = _Lcg(1)
    ms, m = [], {}
    for _ in range(30000):
        r = rng.next()
        v = (r >> 2) % 5000
        if r % 4 != 3:
            bisect.insort(ms, v)
            m[v] = m.get(v, 0) + 1
        else:
            i = bisect.bisect_left(ms, v)
            if i < len(ms) and ms[i] == v:
                del ms[i]
            m.pop(v, None)
    pairs = [x for k in sorted(m) for x in (k, m[k])]
    out = f"multiset {len(ms)} {sum(ms)} {_fnv(ms):016x}\n"
    out += f"multiset-reverse {_fnv(reversed(ms)):016x} map {len(m)} {_fnv(pairs):016x}\n"

    a = list(range(1000))[::-1]
    b, a = a[:300], a[300:]
    a = [b[-1]] + a
    b = b[:-1]
    a = [v for v in a if v % 3 != 0]
    a.sort(key=lambda x: (x % 100, x))
    for i in range(50):
        b.insert(0, i % 7)
    b.sort()
    b = [v for j, v in enumerate(b) if j == 0 or b[j - 1] != v]
    b = sorted(b + [5, 6, 2000, 3000])
    a, b = b, a
    out += f"list {len(a) * 100000 + len(b)} {_fnv(a):016x} {_fnv(b):016x}\n"

    rng = _Lcg(7)
    counts: Dict[str, int] = {}
    for _ in range(5000):
        k = f"k{rng.next() % 3000}"
        counts[k] = counts.get(k, 0) + 1
    counts = {k: c for k, c in counts.items() if c % 2 != 0}
    out += (f"unordered_map {len(counts)} {sum(int(k[1:]) for k in counts)} "
            f"{sum(counts.values())}\n")

    rng = _Lcg(3)
    d = collections.deque()
    for _ in range(20000):
        r = rng.next()
        op = r % 5
        if op in (0, 1):
            d.append(r % 1000)
        elif op == 2:
            d.appendleft(r % 1000)
        elif op == 3 and d:
            d.popleft()
        elif op == 4 and d:
            d.pop()
    out += f"deque {len(d)} {_fnv(d):016x} {d[len(d) // 2] if d else 0}\n"
    return out.encode()


def cxx_containers_checks() -> List[Check]:
    text = cxx_containers_expect()
    return [Check("seeded operations", "cxx_containers", b"", 0, text, text)]


def wx_segment_checks() -> List[Check]:
    """tests/wx/wx_segment.S: code and data in one RWX segment. Exit code: the sum of the prefix
    sums of the first 8 input bytes (missing bytes are 0), mod 256."""
    out = []
    rng = random.Random(11)
    for data in [b"", bytes(range(1, 9)), b"\xff" * 8, b"abc", bytes(rng.randrange(256) for _ in range(12))]:
        head = data[:8] + bytes(8 - min(len(data), 8))
        code = sum(sum(head[: i + 1]) for i in range(8)) & 0xFF
        out.append(Check(f"input {data.hex() or 'empty'}", "wx_segment", data, code, b"", b"wx ok\n"))
    return out


ISA_TESTS = ["rv32i_alu", "rv32i_shift", "rv32i_branch_jump", "rv32i_mem", "rv32m"]


def isa_checks(name: str) -> Callable[[], List[Check]]:
    return lambda: [Check("all cases", f"isa_{name}", b"", 0, b"", b"")]


def fp3_expected() -> bytes:
    """fp3_test's lines recomputed with Python integers (its xorshift stream, F_p^3 = F_p[t]/(t^3-t-1))."""
    P = 2**64 - 2**32 + 1
    M = 2**64 - 1
    st = [0x9E3779B97F4A7C15]

    def nxt() -> int:
        s = st[0]
        s ^= (s << 13) & M
        s ^= s >> 7
        s ^= (s << 17) & M
        st[0] = s
        return {0: P, 1: M, 2: P - 1}.get(s % 11, s)

    def mul(a, b):
        d = [0] * 5
        for i in range(3):
            for j in range(3):
                d[i + j] += a[i] * b[j]
        return [(d[0] + d[3]) % P, (d[1] + d[3] + d[4]) % P, (d[2] + d[4]) % P]

    lines = []
    for kind, n in [(1, 1), (3, 1), (1, 2), (3, 5), (1, 64), (1, 300), (3, 300)]:
        x = [nxt() % P for _ in range(3)]
        c = [nxt() for _ in range(n * kind)]
        acc = [0, 0, 0]
        for i in range(n):
            for j in range(kind):
                acc[j] = (acc[j] + c[i * kind + j]) % P
            acc = mul(acc, x)
        lines.append(f"{kind} {n} {acc[0]:016x} {acc[1]:016x} {acc[2]:016x}")
    y = [nxt() % P for _ in range(3)]
    sq = mul(y, y)
    lines.append(f"square {sq[0]:016x} {sq[1]:016x} {sq[2]:016x}")
    return ("\n".join(lines) + "\n").encode()


def poseidon2_expected() -> bytes:
    """poseidon2_test's last line recomputed in Python: Poseidon2 (Goldilocks, width 8) from the
    constants in src/goldfinch/multiset/poseidon2_constants.h, checked first against the published
    Plonky3 "range" vector, then run 20 times from p - 1 - i."""
    import re

    P = 2**64 - 2**32 + 1
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "..", "src", "goldfinch", "multiset", "poseidon2_constants.h")) as f:
        text = f.read()

    def grab(name: str) -> List[int]:
        at = text.index(name + " = ")
        return [int(v, 16) for v in re.findall(r"0x[0-9a-fA-F]+", text[at : text.index(";", at)])]

    diag, ext, internal = grab("kInternalDiagMinusOne"), grab("kExternal"), grab("kInternal")

    def external(s: List[int]) -> List[int]:
        m4 = [[5, 7, 1, 3], [4, 6, 1, 1], [1, 3, 5, 7], [1, 1, 4, 6]]
        t = [sum(m4[r][c] * s[h + c] for c in range(4)) for h in (0, 4) for r in range(4)]
        return [(t[i] + t[i % 4] + t[i % 4 + 4]) % P for i in range(8)]

    def permute(s: List[int]) -> List[int]:
        s = external(s)
        for r in range(8):
            if r == 4:
                for c in internal:
                    s[0] = pow((s[0] + c) % P, 7, P)
                    total = sum(s)
                    s = [(s[i] * diag[i] + total) % P for i in range(8)]
            s = external([pow((s[i] + ext[8 * r + i]) % P, 7, P) for i in range(8)])
        return s

    assert permute(list(range(8)))[0] == 14266028122062624699
    s = [P - 1 - i for i in range(8)]
    for _ in range(20):
        s = permute(s)
    return (" ".join(f"{v:016x}" for v in s) + "\n").encode()


CASES: Dict[str, Callable[[], List[Check]]] = {
    "fibonacci": fibonacci_checks,
    "sha256": sha256_checks,
    "keccak": keccak_checks,
    "hash_precompiles": hash_precompiles_checks,
    "hash_bench": hash_bench_checks,
    "sort": sort_checks,
    "bigint": bigint_checks,
    "json": json_checks,
    "cxx_stl": cxx_checks,
    "cxx_containers": cxx_containers_checks,
    "heap_test": lambda: [Check("allocator properties", "heap_test", b"", 0, b"", b"heap_test: ok\n")],
    "hashers_test": lambda: [Check("incremental = one-shot", "hashers_test", b"", 0, b"", b"hashers_test: ok\n")],
    "fp3_test": lambda: [Check("Horner sums = Python", "fp3_test", b"", 0, b"", fp3_expected())],
    "poseidon2_test": lambda: [Check("Poseidon2 = published vectors and Python", "poseidon2_test", b"", 0, b"", poseidon2_expected())],
    "wx_segment": wx_segment_checks,
}
# Guests linked on purpose with one writable and executable segment (not with the SDK's script).
WX_GUESTS = {"wx_segment"}
for _t in ISA_TESTS:
    CASES[f"isa_{_t}"] = isa_checks(_t)


# ---------------------------------------------------------------------------------------------
# Runners

def run_qemu(qemu: str, elf: str, stdin: bytes) -> Result:
    with tempfile.TemporaryFile() as commit_file:
        fd = commit_file.fileno()

        def to_fd3():
            if fd == 3:
                os.set_inheritable(3, True)  # dup2(3, 3) would leave close-on-exec set
            else:
                os.dup2(fd, 3, inheritable=True)

        p = subprocess.run([qemu, elf], input=stdin, capture_output=True, timeout=TIMEOUT_S,
                           preexec_fn=to_fd3, close_fds=False)
        commit_file.seek(0)
        commit = commit_file.read()
    return Result(p.returncode, p.stdout, p.stderr, commit)


def run_goldfinch(goldfinch: str, elf: str, stdin: bytes) -> Result:
    """`goldfinch run --json`: stdout is one JSON object {status, cycles, exit_code,
    public_output_hex, stdout_hex, stderr_hex, error...} (the guest's console is captured)."""
    with tempfile.NamedTemporaryFile(suffix=".bin") as f:
        f.write(stdin)
        f.flush()
        p = subprocess.run([goldfinch, "run", elf, "--input", f.name, "--json"], capture_output=True,
                           timeout=TIMEOUT_S)
    try:
        report = json.loads(p.stdout.decode())
        out = bytes.fromhex(report["stdout_hex"])
        err = bytes.fromhex(report["stderr_hex"])
        public = bytes.fromhex(report["public_output_hex"])
    except (ValueError, UnicodeDecodeError, KeyError, TypeError):
        return Result(-1, b"", p.stderr, b"",
                      extra={"error": f"no usable JSON on stdout (exit {p.returncode}): {p.stdout[:200]!r}"})
    if report.get("status") != "exited":
        return Result(-1, out, err, public, report.get("cycles"),
                      extra={"error": f"status {report.get('status')}: {report.get('error', '')}"})
    if p.returncode != report["exit_code"] & 0xFF:
        return Result(-1, out, err, public,
                      extra={"error": f"process exit {p.returncode} != JSON exit_code {report['exit_code']}"})
    return Result(report["exit_code"], out, err, public, report.get("cycles"), extra=report)


def elf_layout_errors(path: str, allow_wx: bool = False) -> List[str]:
    """The ABI's promises about an SDK-linked image, read from the ELF program headers with
    struct (not with the code under test): every PT_LOAD in [0x10000, 0x20000000), page-aligned
    in memory and in the file (what qemu-user needs), none both writable and executable (unless
    allow_wx: guests linked without the SDK's script), no overlaps, the entry in an executable
    segment, RV32 without RVC/float-ABI flags."""
    data = open(path, "rb").read()
    name = os.path.basename(path)
    if data[:4] != b"\x7fELF" or data[4] != 1 or data[5] != 1:
        return [f"[elf] {name}: not a little-endian ELF32"]
    e_type, e_machine, _, e_entry, e_phoff, _, e_flags, _, e_phentsize, e_phnum = \
        struct.unpack_from("<HHIIIIIHHH", data, 16)
    errors = []
    if e_type != 2 or e_machine != 243:
        errors.append(f"[elf] {name}: e_type {e_type}, e_machine {e_machine} (want ET_EXEC, EM_RISCV)")
    if e_flags & 0x1F:
        errors.append(f"[elf] {name}: e_flags {e_flags:#x} ask for RVC, a float ABI, RVE or TSO")
    loads = []
    for i in range(e_phnum):
        p_type, p_offset, p_vaddr, _, p_filesz, p_memsz, p_flags, _ = \
            struct.unpack_from("<IIIIIIII", data, e_phoff + i * e_phentsize)
        if p_type != 1:
            continue
        loads.append((p_vaddr, p_memsz, p_flags))
        where = f"[elf] {name}: PT_LOAD at {p_vaddr:#x}"
        if p_vaddr < 0x10000 or p_vaddr + p_memsz > 0x20000000:
            errors.append(f"{where} leaves [0x10000, 0x20000000)")
        if p_vaddr % 4096 or p_offset % 4096:
            errors.append(f"{where}: vaddr/offset not page-aligned ({p_offset:#x})")
        if (p_flags & 2) and (p_flags & 1) and not allow_wx:
            errors.append(f"{where}: writable and executable")
        if p_filesz > p_memsz:
            errors.append(f"{where}: filesz > memsz")
    loads.sort()
    for (a, an, _), (b, _, _) in zip(loads, loads[1:]):
        if a + an > b:
            errors.append(f"[elf] {name}: segments at {a:#x} and {b:#x} overlap")
    if not any(v <= e_entry < v + n and f & 1 for v, n, f in loads):
        errors.append(f"[elf] {name}: entry {e_entry:#x} not in an executable segment")
    if not loads or loads[0][0] != 0x10000 or not loads[0][2] & 1:
        errors.append(f"[elf] {name}: the first segment is not the code at 0x10000")
    return errors


def profile_check(goldfinch: str, bin_dir: str) -> List[str]:
    """`goldfinch profile --json` on the sha256 guest: the GF_STEP(1)/GF_STEP(2) markers split the
    run into steps 0, 1, 2 whose cycles add up to the total; the hashing step is dominated by
    compress(); DWARF gives file:line for guest functions (the toolchain's -gdwarf-aranges)."""
    elf = os.path.join(bin_dir, "sha256.elf")
    msg = bytes(random.Random(5).randrange(256) for _ in range(4096))
    with tempfile.NamedTemporaryFile(suffix=".bin") as f:
        f.write(msg)
        f.flush()
        p = subprocess.run([goldfinch, "profile", elf, "--input", f.name, "--json", "--top", "50"],
                           capture_output=True, timeout=TIMEOUT_S)
    try:
        report = json.loads(p.stdout.decode())
    except (ValueError, UnicodeDecodeError):
        return [f"[profile] no JSON report (exit {p.returncode}): {p.stderr[-300:]!r}"]
    errors = []
    steps = {s["step"]: s for s in report.get("steps", [])}
    if sorted(steps) != [0, 1, 2]:
        errors.append(f"[profile] steps {sorted(steps)}, expected [0, 1, 2] (GF_STEP markers)")
        return errors
    if sum(s["cycles"] for s in steps.values()) != report.get("cycles"):
        errors.append("[profile] step cycles do not add up to the total")
    top = steps[1]["functions"][0]
    if top["name"] != "compress" or top["percent"] < 90:
        errors.append(f"[profile] step 1 is led by {top['name']} ({top['percent']}%), expected compress")
    locs = {f["name"]: f["location"] for f in report["global"]["functions"]}
    if not locs.get("main", "").startswith("sha256.c:"):
        errors.append(f"[profile] main's location is {locs.get('main')!r}, expected sha256.c:<line>")
    print(f"profile: total {report.get('cycles')} cycles, steps "
          + ", ".join(f"{k}: {v['cycles']}" for k, v in sorted(steps.items())))
    return errors


def describe(b: Optional[bytes]) -> str:
    if b is None:
        return "(unchecked)"
    if len(b) > 120:
        return f"{len(b)} bytes, starting {b[:60]!r}"
    return repr(b)


def check_one(runner_name: str, check: Check, r: Result) -> List[str]:
    errors = []
    where = f"[{runner_name}] {check.elf} {check.label}"
    if r.exit_code != check.exit_code:
        errors.append(f"{where}: exit code {r.exit_code}, expected {check.exit_code}; "
                      f"stderr: {r.stderr[-400:]!r} {r.extra.get('error', '')}")
    if check.commit is not None and r.commit != check.commit:
        errors.append(f"{where}: committed {describe(r.commit)}, expected {describe(check.commit)}")
    if check.stdout is not None and r.stdout != check.stdout:
        errors.append(f"{where}: stdout {describe(r.stdout)}, expected {describe(check.stdout)}")
    if check.stderr_contains is not None and check.stderr_contains not in r.stderr:
        errors.append(f"{where}: stderr {r.stderr!r} lacks {check.stderr_contains!r}")
    return errors


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin-dir", help="directory holding <guest>.elf")
    ap.add_argument("--runner", choices=["qemu", "goldfinch", "compare"], default="qemu")
    ap.add_argument("--goldfinch", help="path of the goldfinch executable")
    ap.add_argument("--qemu", default="qemu-riscv32")
    ap.add_argument("--case", default="all", help="a guest name from --list, or all")
    ap.add_argument("--list", action="store_true", help="print the case names and exit")
    ap.add_argument("--profile-check", action="store_true",
                    help="check `goldfinch profile` on the sha256 guest (steps, DWARF) and exit")
    args = ap.parse_args()

    if args.list:
        print("\n".join(CASES))
        return 0
    if not args.bin_dir:
        ap.error("--bin-dir is required")
    if args.profile_check:
        if not args.goldfinch or not os.access(args.goldfinch, os.X_OK):
            ap.error("--profile-check needs --goldfinch")
        errs = profile_check(args.goldfinch, args.bin_dir)
        for e in errs:
            print("FAIL " + e)
        return 1 if errs else 0
    names = list(CASES) if args.case == "all" else [args.case]
    for n in names:
        if n not in CASES:
            ap.error(f"unknown case {n!r}; known: {', '.join(CASES)}")

    runners = {}
    if args.runner in ("qemu", "compare"):
        qemu = shutil.which(args.qemu)
        if qemu is None:
            print(f"SKIPPED: {args.qemu} not found (apt-get install qemu-user)")
            return SKIP
        runners["qemu"] = lambda elf, data: run_qemu(qemu, elf, data)
    if args.runner in ("goldfinch", "compare"):
        if not args.goldfinch or not os.access(args.goldfinch, os.X_OK):
            print(f"error: --goldfinch {args.goldfinch!r} is not an executable", file=sys.stderr)
            return 2
        runners["goldfinch"] = lambda elf, data: run_goldfinch(args.goldfinch, elf, data)

    errors: List[str] = []
    total = 0
    checked_layout = set()
    for name in names:
        for check in CASES[name]():
            elf = os.path.join(args.bin_dir, check.elf + ".elf")
            if not os.path.exists(elf):
                errors.append(f"{elf}: missing (was the guest build skipped?)")
                continue
            if elf not in checked_layout:
                checked_layout.add(elf)
                errors += elf_layout_errors(elf, allow_wx=check.elf in WX_GUESTS)
            results = {}
            for rname, run in runners.items():
                r = run(elf, check.stdin)
                results[rname] = r
                errors += check_one(rname, check, r)
                total += 1
            if len(results) == 2:
                q, g = results["qemu"], results["goldfinch"]
                for what in ("exit_code", "commit", "stdout", "stderr"):
                    if getattr(q, what) != getattr(g, what):
                        errors.append(f"[compare] {check.elf} {check.label}: {what} differs between "
                                      f"qemu ({describe(getattr(q, what))}) and goldfinch "
                                      f"({describe(getattr(g, what))})")
            cyc = "".join(f" {k}:{v.cycles} cycles" for k, v in results.items() if v.cycles is not None)
            print(f"ran {check.elf} [{check.label}]{cyc}")
    for e in errors:
        print("FAIL " + e)
    print(f"{total}/{total} runs passed" if not errors else f"{len(errors)} failure(s) in {total} runs")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
