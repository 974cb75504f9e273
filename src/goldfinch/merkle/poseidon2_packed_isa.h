// The per-ISA entry points of poseidon2_packed.h (defined in poseidon2_packed_<isa>.cc).
#pragma once

#include <cstddef>

#include "goldfinch/field/goldilocks.h"
#include "goldfinch/hash/digest.h"

namespace goldfinch::merkle {
namespace avx2 {
void poseidon2_permute_batch(Fp* states, size_t n);
void poseidon2_hash_leaves(const Fp* rows, size_t width, size_t count, hash::Digest* out);
void poseidon2_compress_pairs(const hash::Digest* in, size_t pairs, hash::Digest* out);
}  // namespace avx2
namespace avx512 {
void poseidon2_permute_batch(Fp* states, size_t n);
void poseidon2_hash_leaves(const Fp* rows, size_t width, size_t count, hash::Digest* out);
void poseidon2_compress_pairs(const hash::Digest* in, size_t pairs, hash::Digest* out);
}  // namespace avx512
}  // namespace goldfinch::merkle
