// Evaluation domains. A trace of height n lives on H = <w_n>; its LDE on the coset g * <w_N>,
// N = n * blowup, g = 7, stored in bit-reversed row order: row r holds the point
// g * w_N^rev(r). Selector polynomials at a point x outside H (unnormalised Lagrange):
//   first = (x^n - 1) / (x - 1), last = (x^n - 1) / (x - w_n^-1), transition = x - w_n^-1.
#pragma once

#include "goldfinch/air/builders.h"
#include "goldfinch/base/bits.h"
#include "goldfinch/field/ext3.h"

namespace goldfinch::stark {

inline constexpr Fp kCosetShift = Fp::from_canonical(Fp::kGenerator);

// g * w_N^rev(r) for row r of an LDE of 2^log_n rows.
inline Fp lde_point(unsigned log_n, uint64_t row) {
  return kCosetShift * Fp::two_adic_root(log_n).pow(reverse_bits(row, log_n));
}

// Selector values at x (F_p or F_p^3) for a trace of 2^log_n rows. x must lie outside H.
template <class V>
air::SelectorValues<V> selectors_at(const V& x, unsigned log_n) {
  const Fp w_inv = Fp::two_adic_root_inverse(log_n);
  V xn = x;
  for (unsigned i = 0; i < log_n; ++i) xn = xn * xn;
  const V zh = xn - Fp::one();
  const V transition = x - w_inv, x_minus_one = x - Fp::one();
  const V inv = (x_minus_one * transition).inverse();  // one inversion for both denominators
  return {zh * transition * inv, zh * x_minus_one * inv, transition};
}

}  // namespace goldfinch::stark
