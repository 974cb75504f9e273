// The SIMD BLAKE3 paths: keyed hashing of many independent equal-length inputs (what Merkle
// leaves and nodes need) and a wide path for one long input (chunks and parents 16 at a time).
// Kernels exist for scalar, AVX2 (8 lanes) and AVX-512 (16 lanes); the default is best_isa(),
// and every entry point also takes an explicit Isa so tests and benchmarks can pin one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "goldfinch/base/cpu_features.h"
#include "goldfinch/hash/blake3.h"
#include "goldfinch/hash/digest.h"

namespace goldfinch::hash {

// How many inputs one kernel step hashes in parallel for `isa` (1, 8 or 16).
size_t lane_count(Isa isa);

// out[i] = blake3_keyed(key, inputs[i][0 .. input_len)) for every i. Any input_len: inputs up to
// one 1024-byte chunk go through the kernel directly; longer ones are hashed chunk by chunk
// across inputs and their trees of chaining values reduced layer by layer, also in the kernel.
// `isa` must be available (isa_available).
void hash_many(std::span<const uint8_t* const> inputs, size_t input_len, const Key& key, Digest* out,
               Isa isa = best_isa());

// The same for inputs laid out at base + i * stride, i < num_inputs (matrix rows, digest pairs).
void hash_many_strided(const uint8_t* base, size_t stride, size_t num_inputs, size_t input_len,
                       const Key& key, Digest* out, Isa isa = best_isa());

// Absorbs `input` into `hasher`, hashing whole aligned subtrees of up to 1024 chunks with the
// SIMD kernel (chunks 16 at a time, then their parents) and the rest with the scalar code.
// Gives exactly the state plain update() would.
void update_wide(Blake3Hasher& hasher, std::span<const uint8_t> input, Isa isa = best_isa());

// BLAKE3 (default mode) of one long input through update_wide: the b3sum-like fast path.
Digest blake3_wide(std::span<const uint8_t> input, Isa isa = best_isa());

}  // namespace goldfinch::hash
