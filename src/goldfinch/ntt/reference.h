// The textbook radix-2 NTT (bit-reversal permutation, then log n Cooley-Tukey layers with
// twiddles computed on the fly, scalar): the reference the benchmarks print beside the fast
// path and an independent oracle for the tests at sizes where an O(n^2) DFT is too slow.
#pragma once

#include <span>

#include "goldfinch/field/goldilocks.h"

namespace goldfinch::ntt {

// Natural order in and out; v.size() must be a power of two (internal check).
void reference_forward(std::span<Fp> v);
void reference_inverse(std::span<Fp> v);

}  // namespace goldfinch::ntt
