// The portable scalar BLAKE3 compression function: the reference every SIMD kernel is tested
// against, and the only BLAKE3 code the verifier needs (no SIMD, no threads, no dispatch).
#pragma once

#include <cstddef>
#include <cstdint>

namespace goldfinch::hash {

// Compresses one 64-byte block into the chaining value `cv` (8 words, updated in place).
void compress_in_place(uint32_t cv[8], const uint8_t block[64], uint8_t block_len, uint64_t counter,
                       uint8_t flags);

// The same on a block given as 16 little-endian words (no byte loads: the Merkle hasher's path).
void compress_words_in_place(uint32_t cv[8], const uint32_t block[16], uint8_t block_len, uint64_t counter,
                             uint8_t flags);

// Full 64-byte output of one compression (the extendable-output form used for root blocks).
void compress_xof(const uint32_t cv[8], const uint8_t block[64], uint8_t block_len, uint64_t counter,
                  uint8_t flags, uint8_t out[64]);

}  // namespace goldfinch::hash
