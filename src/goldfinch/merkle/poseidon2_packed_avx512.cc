// The AVX-512 instantiation of the batched Poseidon2 permutation: 8 states per vector (compiled
// with GF_AVX512_FLAGS).
#include "goldfinch/field/packed_avx512.h"
#include "goldfinch/merkle/poseidon2_packed_impl.h"
#include "goldfinch/merkle/poseidon2_packed_isa.h"

namespace goldfinch::merkle::avx512 {
void poseidon2_permute_batch(Fp* states, size_t n) {
  detail::p2_permute_batch<goldfinch::avx512::PackedAvx512>(states, n);
}
void poseidon2_hash_leaves(const Fp* rows, size_t width, size_t count, hash::Digest* out) {
  detail::p2_hash_leaves<goldfinch::avx512::PackedAvx512>(rows, width, count, out);
}
void poseidon2_compress_pairs(const hash::Digest* in, size_t pairs, hash::Digest* out) {
  detail::p2_compress_pairs<goldfinch::avx512::PackedAvx512>(in, pairs, out);
}
}  // namespace goldfinch::merkle::avx512
