// The AVX2 instantiation of the batched Poseidon2 permutation: 4 states per vector (compiled with
// GF_AVX2_FLAGS).
#include "goldfinch/field/packed_avx2.h"
#include "goldfinch/merkle/poseidon2_packed_impl.h"
#include "goldfinch/merkle/poseidon2_packed_isa.h"

namespace goldfinch::merkle::avx2 {
void poseidon2_permute_batch(Fp* states, size_t n) { detail::p2_permute_batch<goldfinch::avx2::PackedAvx2>(states, n); }
}  // namespace goldfinch::merkle::avx2
