// Run-time dispatch of the batched Poseidon2 permutation, and its scalar instantiation.
#include "goldfinch/merkle/poseidon2_packed.h"

#include "goldfinch/base/check.h"
#include "goldfinch/merkle/poseidon2_packed_impl.h"
#include "goldfinch/merkle/poseidon2_packed_isa.h"

namespace goldfinch::merkle {

void poseidon2_permute_batch(Fp* states, size_t n, Isa isa) {
  GF_CHECK(isa_available(isa), "Poseidon2 kernel requested for an ISA this build or CPU lacks");
#if defined(GF_HAVE_AVX512)
  if (isa == Isa::kAvx512) return avx512::poseidon2_permute_batch(states, n);
#endif
#if defined(GF_HAVE_AVX2)
  if (isa == Isa::kAvx2) return avx2::poseidon2_permute_batch(states, n);
#endif
  detail::p2_permute_batch<PackedScalar>(states, n);
}

void poseidon2_hash_leaves(const Fp* rows, size_t width, size_t count, hash::Digest* out, Isa isa) {
  GF_CHECK(isa_available(isa), "Poseidon2 kernel requested for an ISA this build or CPU lacks");
#if defined(GF_HAVE_AVX512)
  if (isa == Isa::kAvx512) return avx512::poseidon2_hash_leaves(rows, width, count, out);
#endif
#if defined(GF_HAVE_AVX2)
  if (isa == Isa::kAvx2) return avx2::poseidon2_hash_leaves(rows, width, count, out);
#endif
  detail::p2_hash_leaves<PackedScalar>(rows, width, count, out);
}

void poseidon2_compress_pairs(const hash::Digest* in, size_t pairs, hash::Digest* out, Isa isa) {
  GF_CHECK(isa_available(isa), "Poseidon2 kernel requested for an ISA this build or CPU lacks");
#if defined(GF_HAVE_AVX512)
  if (isa == Isa::kAvx512) return avx512::poseidon2_compress_pairs(in, pairs, out);
#endif
#if defined(GF_HAVE_AVX2)
  if (isa == Isa::kAvx2) return avx2::poseidon2_compress_pairs(in, pairs, out);
#endif
  detail::p2_compress_pairs<PackedScalar>(in, pairs, out);
}

}  // namespace goldfinch::merkle
