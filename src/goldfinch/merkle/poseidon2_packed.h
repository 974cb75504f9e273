// Many Poseidon2 permutations at once (the prover's Merkle hashing): W states in the W lanes of a
// packed vector (AVX-512: 8, AVX2: 4, scalar: 1), the ISA picked at run time from cpuid like the
// field's packed kernels. Same results as multiset::poseidon2_permute, state by state
// (poseidon2_packed_test checks every ISA against it).
#pragma once

#include <cstddef>

#include "goldfinch/base/cpu_features.h"
#include "goldfinch/field/goldilocks.h"
#include "goldfinch/hash/digest.h"

namespace goldfinch::merkle {

// Permutes n states in place; state k is states[8k .. 8k + 8).
void poseidon2_permute_batch(Fp* states, size_t n, Isa isa = best_isa());

// The Merkle hash of poseidon2_merkle.h, one leaf or node per lane (the same digests as
// Poseidon2MerkleScalar): out[k] = hash_leaf of the row rows[k * width .. (k + 1) * width), each
// lane absorbing its row block by block with the state kept in registers, for k < count; and
// out[k] = compress(in[2k], in[2k + 1]) for k < pairs.
void poseidon2_hash_leaves(const Fp* rows, size_t width, size_t count, hash::Digest* out, Isa isa = best_isa());
void poseidon2_compress_pairs(const hash::Digest* in, size_t pairs, hash::Digest* out, Isa isa = best_isa());

}  // namespace goldfinch::merkle
