// The hash permutations behind the executor's precompile system calls (kSysKeccakF,
// kSysBlake3Compress, kSysFp3Horner; docs/guest_abi.md): plain scalar code on host words, no guest memory.
// Written from FIPS 202 and the BLAKE3 spec, apart from src/goldfinch/hash (the tests' oracle).
#pragma once

#include <cstdint>

namespace goldfinch::vm {

// The F_p^3 Horner sum behind kSysFp3Horner: every u64 is an integer below 2^64 taken mod p;
// coefficient i is coeffs[i] (kind 1: in F_p) or coeffs[3i..3i+2] (kind 3: in F_p^3, as x);
// acc = 0, acc = (acc + c_i) * x for i = 0..n-1, so out = sum_i c_i x^(n-i); out canonical (< p).
// F_p^3 = F_p[t] / (t^3 - t - 1), the verifier's extension (field/ext3.h).
void fp3_horner(const uint64_t x[3], const uint64_t* coeffs, uint32_t n, uint32_t kind, uint64_t out[3]);

// Keccak-f[1600], 24 rounds, in place; lane i is A[x, y] with i = x + 5y.
void keccak_f1600(uint64_t state[25]);

// The BLAKE3 compression function's full 64-byte output: the 16-word state after the 7 rounds
// with the spec's feed-forward (out[i] = v[i] ^ v[i + 8], out[i + 8] = v[i + 8] ^ cv[i]).
void blake3_compress_xof(const uint32_t cv[8], const uint32_t block[16], uint64_t counter, uint32_t block_len,
                         uint32_t flags, uint32_t out[16]);

}  // namespace goldfinch::vm
