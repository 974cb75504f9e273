"""Keccak-f[1600] sponge in plain Python: the test oracle for the keccak guest.

Written from FIPS 202 independently of the guest's C code. Python's hashlib has SHA3-256 (domain
byte 0x06) but not the original Keccak-256 (0x01); both use the same permutation and sponge, so
`self_check()` validates this code against hashlib's SHA3-256 before it is trusted for Keccak-256.
"""
import hashlib
import random

_MASK = (1 << 64) - 1


def _rc_bit(t: int) -> int:
    # rc(t) from FIPS 202 algorithm 5 (an LFSR), rather than a table of round constants.
    # Bit i of r is R[i]; R = 0 || R shifts up; R[8] feeds back into R[0], R[4], R[5], R[6].
    r = 1
    for _ in range(t % 255):
        r <<= 1
        if r & 0x100:
            r ^= 0x171
    return r & 1


def _round_constants():
    out = []
    for ir in range(24):
        rc = 0
        for j in range(7):
            if _rc_bit(j + 7 * ir):
                rc |= 1 << ((1 << j) - 1)
        out.append(rc)
    return out


def _rotation_offsets():
    # FIPS 202 algorithm 2 (rho): walk (x, y) -> (y, 2x + 3y) from (1, 0).
    r = [[0] * 5 for _ in range(5)]
    x, y = 1, 0
    for t in range(24):
        r[x][y] = ((t + 1) * (t + 2) // 2) % 64
        x, y = y, (2 * x + 3 * y) % 5
    return r


_RC = _round_constants()
_R = _rotation_offsets()


def _rotl(v: int, n: int) -> int:
    n %= 64
    return ((v << n) | (v >> (64 - n))) & _MASK if n else v


def keccak_f(a):
    """a[x][y] lanes, permuted in place."""
    for rnd in range(24):
        c = [a[x][0] ^ a[x][1] ^ a[x][2] ^ a[x][3] ^ a[x][4] for x in range(5)]
        d = [c[(x - 1) % 5] ^ _rotl(c[(x + 1) % 5], 1) for x in range(5)]
        for x in range(5):
            for y in range(5):
                a[x][y] ^= d[x]
        b = [[0] * 5 for _ in range(5)]
        for x in range(5):
            for y in range(5):
                b[y][(2 * x + 3 * y) % 5] = _rotl(a[x][y], _R[x][y])
        for x in range(5):
            for y in range(5):
                a[x][y] = b[x][y] ^ ((~b[(x + 1) % 5][y]) & b[(x + 2) % 5][y]) & _MASK
        a[0][0] ^= _RC[rnd]


def sponge256(msg: bytes, domain: int) -> bytes:
    rate = 136
    padded = bytearray(msg)
    padded.append(domain)
    while len(padded) % rate:
        padded.append(0)
    padded[-1] |= 0x80
    a = [[0] * 5 for _ in range(5)]
    for off in range(0, len(padded), rate):
        block = padded[off:off + rate]
        for i in range(rate // 8):
            a[i % 5][i // 5] ^= int.from_bytes(block[8 * i:8 * i + 8], "little")
        keccak_f(a)
    out = b"".join(a[i % 5][i // 5].to_bytes(8, "little") for i in range(4))
    return out


def keccak256(msg: bytes) -> bytes:
    return sponge256(msg, 0x01)


def sha3_256(msg: bytes) -> bytes:
    return sponge256(msg, 0x06)


def self_check():
    rng = random.Random(202)
    for n in [0, 1, 135, 136, 137, 271, 272, 1000]:
        m = bytes(rng.randrange(256) for _ in range(n))
        if sha3_256(m) != hashlib.sha3_256(m).digest():
            raise AssertionError(f"keccak oracle disagrees with hashlib.sha3_256 at length {n}")
    # Published Keccak-256 of the empty string (as used by Ethereum).
    if keccak256(b"").hex() != "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470":
        raise AssertionError("keccak oracle: wrong Keccak-256 of the empty string")


if __name__ == "__main__":
    self_check()
    print("keccak oracle agrees with hashlib.sha3_256 and the published empty-string digest")
