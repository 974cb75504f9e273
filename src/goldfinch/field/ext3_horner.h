// Horner sums in F_p^3, the sum the GF_FP3_HORNER precompile computes: with acc = 0 and
// acc = (acc + c_i) * x for i = 0..n-1, the result is sum_i c_i x^(n - i). Inside the VM (the
// verifier guest, GF_VERIFIER_IN_GUEST) it is one precompile call per kMaxHornerTerms terms, one
// cycle each however many terms; elsewhere the same loop in software. Field arithmetic is exact,
// so both give the same value as any other order of the same products and sums.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "goldfinch/field/ext3.h"

namespace goldfinch {

inline constexpr size_t kMaxHornerTerms = 4096;  // GF_FP3_HORNER_MAX_TERMS, vm::kMaxFp3HornerTerms

// sum_{i < n} c[i] x^(n - i); zero for n = 0. c is scratch: past the first kMaxHornerTerms terms
// the sum so far is added into the next chunk's first coefficient (Horner's own continuation).
inline Fp3 fp3_horner(const Fp3& x, Fp3* c, size_t n) {
  Fp3 acc = Fp3::zero();
#if defined(GF_VERIFIER_IN_GUEST)
  static_assert(sizeof(Fp3) == 3 * sizeof(uint64_t));
  for (size_t at = 0; at < n;) {
    const size_t m = std::min(n - at, kMaxHornerTerms);
    if (at != 0) c[at] += acc;
    gf_fp3_horner_inline(reinterpret_cast<const uint64_t*>(&x), reinterpret_cast<const uint64_t*>(&c[at]),
                         static_cast<uint32_t>(m), 3, reinterpret_cast<uint64_t*>(&acc));
    at += m;
  }
#else
  for (size_t i = 0; i < n; ++i) acc = (acc + c[i]) * x;
#endif
  return acc;
}

// The same sum with coefficients in F_p (the precompile's kind 1), for n <= kMaxHornerTerms.
inline Fp3 fp3_horner_base(const Fp3& x, const Fp* c, size_t n) {
  Fp3 acc = Fp3::zero();
  if (n == 0) return acc;
#if defined(GF_VERIFIER_IN_GUEST)
  static_assert(sizeof(Fp) == sizeof(uint64_t));
  GF_CHECK(n <= kMaxHornerTerms, "too many terms for one Horner call");
  gf_fp3_horner_inline(reinterpret_cast<const uint64_t*>(&x), reinterpret_cast<const uint64_t*>(c),
                       static_cast<uint32_t>(n), 1, reinterpret_cast<uint64_t*>(&acc));
#else
  for (size_t i = 0; i < n; ++i) acc = (acc + c[i]) * x;
#endif
  return acc;
}

}  // namespace goldfinch
