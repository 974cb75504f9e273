// The per-ISA entry points of poseidon2_packed.h (defined in poseidon2_packed_<isa>.cc).
#pragma once

#include <cstddef>

#include "goldfinch/field/goldilocks.h"

namespace goldfinch::merkle {
namespace avx2 {
void poseidon2_permute_batch(Fp* states, size_t n);
}
namespace avx512 {
void poseidon2_permute_batch(Fp* states, size_t n);
}
}  // namespace goldfinch::merkle
