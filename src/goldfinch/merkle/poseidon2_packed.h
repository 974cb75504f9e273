// Many Poseidon2 permutations at once (the prover's Merkle hashing): W states in the W lanes of a
// packed vector (AVX-512: 8, AVX2: 4, scalar: 1), the ISA picked at run time from cpuid like the
// field's packed kernels. Same results as multiset::poseidon2_permute, state by state
// (poseidon2_packed_test checks every ISA against it).
#pragma once

#include <cstddef>

#include "goldfinch/base/cpu_features.h"
#include "goldfinch/field/goldilocks.h"

namespace goldfinch::merkle {

// Permutes n states in place; state k is states[8k .. 8k + 8).
void poseidon2_permute_batch(Fp* states, size_t n, Isa isa = best_isa());

}  // namespace goldfinch::merkle
