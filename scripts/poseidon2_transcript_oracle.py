#!/usr/bin/env python3
"""The Poseidon2 transcript (docs/transcript.md, "Poseidon2 transcript") in plain Python: an
independent oracle for src/goldfinch/transcript/poseidon2_transcript.h.

Written from the documented element stream, not from the C++ code: the records are built as one
Python list of integers, cut into blocks of 4 at the squeezes, and run through the Poseidon2
permutation of src/goldfinch/multiset/hash_to_curve_oracle.py (itself checked against the
published Poseidon2 vectors). Prints the known answers transcript_test.cc compares against:

  poseidon2_transcript_oracle.py   print the values (hex u64, one line each)
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src", "goldfinch", "multiset"))
from hash_to_curve_oracle import P, poseidon2, self_check  # noqa: E402

TAG = int.from_bytes(b"transcpt", "little")
BYTES, DIGEST, BASE, EXT, U64, SQUEEZE, POW, INIT = 1, 2, 3, 4, 5, 0x80, 0x81, 0x82


def pack7(b):
    return [int.from_bytes(b[i:i + 7], "little") for i in range(0, len(b), 7)]


def header(tag, label):
    return [tag + 256 * len(label)] + pack7(label.encode())


class Sponge:
    def __init__(self, label):
        self.state = [0, 0, 0, 0, TAG, 1, 0, 0]
        self.stream = header(INIT, label)  # elements not yet absorbed

    def squeeze(self, label, n):
        self.stream += header(SQUEEZE, label) + [n]
        while len(self.stream) % 4:
            self.stream.append(0)
        for i in range(0, len(self.stream), 4):
            self.state = poseidon2(self.stream[i:i + 4] + self.state[4:])
        self.stream = []
        out = []
        while True:
            out += self.state[:4]
            if len(out) >= n:
                return out[:n]
            self.state = poseidon2(self.state)

    def absorb(self, elems):
        self.stream += elems


def digest_elems(d):
    words = [int.from_bytes(d[8 * i:8 * i + 8], "little") for i in range(4)]
    return [w % P for w in words] + [sum(1 << i for i, w in enumerate(words) if w >= P)]


def main():
    self_check()
    t = Sponge("kat")
    t.absorb(header(BYTES, "msg") + [5] + pack7(b"hello"))
    t.absorb(header(BASE, "xs") + [2, 1, P - 1])
    t.absorb(header(EXT, "e") + [1, 5, 6, 7])
    t.absorb(header(DIGEST, "root") + digest_elems(bytes(3 * i + 1 for i in range(32))))
    t.absorb(header(DIGEST, "nc") + digest_elems(bytes([0xFF] * 32)))
    t.absorb(header(U64, "n") + [0x05060708, 0x01020304])
    t.absorb(header(BYTES, "long") + [20] + pack7(bytes(range(20))))
    out = t.squeeze("chal", 10)
    seed = t.squeeze("pow", 4)
    pow_word = poseidon2(seed + [POW, 12345, 0, 0])[0]
    t.absorb(header(U64, "pow nonce") + [12345, 0])
    after = t.squeeze("after", 3)
    v = Sponge("goldfinch verifying key v1")
    v.absorb(header(BYTES, "bytes") + [40] + pack7(bytes(range(40))))
    key = v.squeeze("digest", 4)
    for name, vals in (("chal", out), ("pow_seed", seed), ("pow_word", [pow_word]), ("after", after),
                       ("bytes_digest", key)):
        print(name, " ".join("%016x" % x for x in vals))


if __name__ == "__main__":
    main()
