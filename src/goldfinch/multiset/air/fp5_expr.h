// GF(p^5) arithmetic on constraint expressions: the five coordinates of an element of
// F_p[z]/(z^5 - 3) as five builder expressions, so a table can state an F_p^5 identity as five
// base-field constraints (the degree of a product is the sum of its factors' degrees).
#pragma once

#include <array>

#include "goldfinch/multiset/gfp5.h"

namespace goldfinch::multiset {

template <class E>
using Fp5Expr = std::array<E, Fp5::kDegree>;

// Five consecutive main columns starting at `first`.
template <class B>
Fp5Expr<typename B::Expr> fp5_main(B& b, uint32_t first) {
  return {b.main(first), b.main(first + 1), b.main(first + 2), b.main(first + 3), b.main(first + 4)};
}
template <class B>
Fp5Expr<typename B::Expr> fp5_next(B& b, uint32_t first) {
  return {b.main_next(first), b.main_next(first + 1), b.main_next(first + 2), b.main_next(first + 3),
          b.main_next(first + 4)};
}
template <class B>
Fp5Expr<typename B::Expr> fp5_const(B& b, const Fp5& c) {
  return {b.constant(c[0]), b.constant(c[1]), b.constant(c[2]), b.constant(c[3]), b.constant(c[4])};
}

template <class E>
Fp5Expr<E> fp5_add(const Fp5Expr<E>& a, const Fp5Expr<E>& c) {
  return {a[0] + c[0], a[1] + c[1], a[2] + c[2], a[3] + c[3], a[4] + c[4]};
}
template <class E>
Fp5Expr<E> fp5_sub(const Fp5Expr<E>& a, const Fp5Expr<E>& c) {
  return {a[0] - c[0], a[1] - c[1], a[2] - c[2], a[3] - c[3], a[4] - c[4]};
}
// Schoolbook product with z^(5+i) = 3 z^i, as Fp5::operator*.
template <class B, class E = typename B::Expr>
Fp5Expr<E> fp5_mul(B& b, const Fp5Expr<E>& a, const Fp5Expr<E>& c) {
  const E w = b.constant(Fp::from_canonical(Fp5::kNonResidue));
  const E d0 = a[0] * c[0];
  const E d1 = a[0] * c[1] + a[1] * c[0];
  const E d2 = a[0] * c[2] + a[1] * c[1] + a[2] * c[0];
  const E d3 = a[0] * c[3] + a[1] * c[2] + a[2] * c[1] + a[3] * c[0];
  const E d4 = a[0] * c[4] + a[1] * c[3] + a[2] * c[2] + a[3] * c[1] + a[4] * c[0];
  const E d5 = a[1] * c[4] + a[2] * c[3] + a[3] * c[2] + a[4] * c[1];
  const E d6 = a[2] * c[4] + a[3] * c[3] + a[4] * c[2];
  const E d7 = a[3] * c[4] + a[4] * c[3];
  const E d8 = a[4] * c[4];
  return {d0 + w * d5, d1 + w * d6, d2 + w * d7, d3 + w * d8, d4};
}
template <class E>
Fp5Expr<E> fp5_scale(const Fp5Expr<E>& a, const E& s) {
  return {a[0] * s, a[1] * s, a[2] * s, a[3] * s, a[4] * s};
}

}  // namespace goldfinch::multiset
