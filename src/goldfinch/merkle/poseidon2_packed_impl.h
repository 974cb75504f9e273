// The Poseidon2 permutation written once against PackedField (one state per lane) and
// instantiated in each ISA's translation unit (poseidon2_packed_<isa>.cc). Everything here is
// always_inline or mangled with the packing type, so instantiations cannot collide across ISAs.
// The round structure is multiset/poseidon2.cc's, step for step.
#pragma once

#include <cstddef>

#include "goldfinch/field/goldilocks.h"
#include "goldfinch/field/packed.h"
#include "goldfinch/multiset/poseidon2_constants.h"

namespace goldfinch::merkle::detail {

namespace pc = multiset::poseidon2_constants;

template <PackedField P>
GF_INLINE P p2_sbox(P x) {
  const P x2 = x.square();
  const P x3 = x2 * x;
  return x3 * x3 * x;
}

template <PackedField P>
GF_INLINE P p2_dbl(P x) {
  return x + x;
}

template <PackedField P>
GF_INLINE void p2_m4(P* s) {
  const P t0 = s[0] + s[1];
  const P t1 = s[2] + s[3];
  const P t2 = p2_dbl(s[1]) + t1;
  const P t3 = p2_dbl(s[3]) + t0;
  const P t4 = p2_dbl(p2_dbl(t1)) + t3;
  const P t5 = p2_dbl(p2_dbl(t0)) + t2;
  s[0] = t3 + t5;
  s[1] = t5;
  s[2] = t2 + t4;
  s[3] = t4;
}

template <PackedField P>
GF_INLINE void p2_external(P* s) {
  p2_m4(s);
  p2_m4(s + 4);
  for (size_t i = 0; i < 4; ++i) {
    const P sum = s[i] + s[i + 4];
    s[i] = s[i] + sum;
    s[i + 4] = s[i + 4] + sum;
  }
}

template <PackedField P>
GF_INLINE void p2_full_round(P* s, const std::array<uint64_t, 8>& rc) {
  for (size_t i = 0; i < 8; ++i) s[i] = p2_sbox(s[i] + P::broadcast(Fp::from_canonical(rc[i])));
  p2_external(s);
}

template <PackedField P>
GF_INLINE void p2_permute_lanes(P* s) {
  p2_external(s);
  for (size_t r = 0; r < 4; ++r) p2_full_round(s, pc::kExternal[r]);
  for (size_t r = 0; r < pc::kInternal.size(); ++r) {
    s[0] = p2_sbox(s[0] + P::broadcast(Fp::from_canonical(pc::kInternal[r])));
    P sum = s[0];
    for (size_t i = 1; i < 8; ++i) sum = sum + s[i];
    for (size_t i = 0; i < 8; ++i) s[i] = s[i] * P::broadcast(Fp::from_canonical(pc::kInternalDiagMinusOne[i])) + sum;
  }
  for (size_t r = 4; r < 8; ++r) p2_full_round(s, pc::kExternal[r]);
}

// Permutes n states (8 elements each, contiguous): W at a time through a transposed copy, the
// remainder one at a time with PackedScalar.
template <PackedField P>
void p2_permute_batch(Fp* states, size_t n) {
  constexpr size_t W = P::kWidth;
  size_t k = 0;
  if constexpr (W > 1) {
    for (; k + W <= n; k += W) {
      alignas(64) Fp t[8][W];
      Fp* base = states + 8 * k;
      for (size_t lane = 0; lane < W; ++lane)
        for (size_t i = 0; i < 8; ++i) t[i][lane] = base[8 * lane + i];
      P s[8];
      for (size_t i = 0; i < 8; ++i) s[i] = P::load(t[i]);
      p2_permute_lanes(s);
      for (size_t i = 0; i < 8; ++i) s[i].store(t[i]);
      for (size_t lane = 0; lane < W; ++lane)
        for (size_t i = 0; i < 8; ++i) base[8 * lane + i] = t[i][lane];
    }
  }
  for (; k < n; ++k) {
    PackedScalar s[8];
    for (size_t i = 0; i < 8; ++i) s[i] = PackedScalar::load(states + 8 * k + i);
    p2_permute_lanes(s);
    for (size_t i = 0; i < 8; ++i) s[i].store(states + 8 * k + i);
  }
}

}  // namespace goldfinch::merkle::detail
