// The cubic extension F_p^3 = F_p[x] / (x^3 - x - 1), used for every verifier challenge and
// every out-of-domain value. Why degree 3: FRI, DEEP and LogUp soundness errors scale with
// (number of evaluation points) / |F|; with |F_p| ~ 2^64 and domains up to 2^28 the base field
// alone would leave ~36 bits for some terms, while |F_p^3| ~ 2^192 keeps the extension far from
// the weak term at 100+ bits (ZisK and lambda_vm make the same choice for Goldilocks).
// x^3 - x - 1 is irreducible over F_p (it has no root; checked in field_test.cc).
#pragma once

#include <array>
#include <type_traits>

#include "goldfinch/field/goldilocks.h"

#if defined(GF_VERIFIER_IN_GUEST)
#include "goldfinch/guest.h"  // gf_fp3_horner_inline
#endif

namespace goldfinch {

class Fp3 {
 public:
  static constexpr size_t kDegree = 3;
  static constexpr size_t kBytes = 24;

  constexpr Fp3() = default;
  constexpr Fp3(Fp c0, Fp c1, Fp c2) : c_{c0, c1, c2} {}
  constexpr explicit Fp3(Fp base) : c_{base, Fp::zero(), Fp::zero()} {}
  static constexpr Fp3 zero() { return Fp3(); }
  static constexpr Fp3 one() { return Fp3(Fp::one()); }

  constexpr const Fp& operator[](size_t i) const { return c_[i]; }
  constexpr Fp& operator[](size_t i) { return c_[i]; }
  constexpr const std::array<Fp, 3>& coeffs() const { return c_; }
  constexpr bool is_zero() const { return c_[0].is_zero() && c_[1].is_zero() && c_[2].is_zero(); }
  constexpr bool is_base() const { return c_[1].is_zero() && c_[2].is_zero(); }

  GF_INLINE constexpr Fp3 operator+(const Fp3& o) const { return {c_[0] + o.c_[0], c_[1] + o.c_[1], c_[2] + o.c_[2]}; }
  GF_INLINE constexpr Fp3 operator-(const Fp3& o) const { return {c_[0] - o.c_[0], c_[1] - o.c_[1], c_[2] - o.c_[2]}; }
  GF_INLINE constexpr Fp3 operator-() const { return {-c_[0], -c_[1], -c_[2]}; }
  GF_INLINE constexpr Fp3 operator*(Fp s) const {
#if defined(GF_VERIFIER_IN_GUEST)
    // In the VM a product by a base element is one GF_FP3_HORNER call too (n = 1, kind 1: the
    // coefficient s in F_p times x = this), ~20 instructions instead of three RV32 products.
    if (!std::is_constant_evaluated()) {
      Fp3 r;
      gf_fp3_horner_inline(reinterpret_cast<const uint64_t*>(this), reinterpret_cast<const uint64_t*>(&s), 1, 1,
                           reinterpret_cast<uint64_t*>(&r));
      return r;
    }
#endif
    return {c_[0] * s, c_[1] * s, c_[2] * s};
  }
  GF_INLINE constexpr Fp3 operator+(Fp s) const { return {c_[0] + s, c_[1], c_[2]}; }
  GF_INLINE constexpr Fp3 operator-(Fp s) const { return {c_[0] - s, c_[1], c_[2]}; }

  GF_INLINE constexpr Fp3 operator*(const Fp3& o) const {
#if defined(GF_VERIFIER_IN_GUEST)
    // Inside the VM (the verifier guest, docs/recursion.md) a product is one GF_FP3_HORNER call
    // (n = 1, kind 3: c_0 * x), ~30 instructions instead of ~450.
    if (!std::is_constant_evaluated()) {
      Fp3 r;
      gf_fp3_horner_inline(reinterpret_cast<const uint64_t*>(&o), reinterpret_cast<const uint64_t*>(this), 1, 3,
                          reinterpret_cast<uint64_t*>(&r));
      return r;
    }
#endif
    // Schoolbook product c0..c4, then x^3 = x + 1 and x^4 = x^2 + x.
    const Fp a0 = c_[0], a1 = c_[1], a2 = c_[2];
    const Fp b0 = o.c_[0], b1 = o.c_[1], b2 = o.c_[2];
    const Fp d0 = a0 * b0;
    const Fp d1 = a0 * b1 + a1 * b0;
    const Fp d2 = a0 * b2 + a1 * b1 + a2 * b0;
    const Fp d3 = a1 * b2 + a2 * b1;
    const Fp d4 = a2 * b2;
    return {d0 + d3, d1 + d3 + d4, d2 + d4};
  }
  constexpr Fp3& operator+=(const Fp3& o) { return *this = *this + o; }
  constexpr Fp3& operator-=(const Fp3& o) { return *this = *this - o; }
  constexpr Fp3& operator*=(const Fp3& o) { return *this = *this * o; }
  constexpr Fp3& operator*=(Fp s) { return *this = *this * s; }
  constexpr bool operator==(const Fp3&) const = default;

  constexpr Fp3 square() const { return *this * *this; }

  constexpr Fp3 pow(uint64_t e) const {
    Fp3 base = *this, acc = one();
    while (e) {
      if (e & 1) acc *= base;
      base = base.square();
      e >>= 1;
    }
    return acc;
  }

  // Inverse via the adjugate of the multiplication-by-a matrix; zero maps to zero.
  constexpr Fp3 inverse() const {
    // Column j of M is a * x^j. With a = a0 + a1 x + a2 x^2:
    //   a*1   = (a0, a1, a2)
    //   a*x   = (a2, a0 + a2, a1)
    //   a*x^2 = (a1, a1 + a2, a0 + a2)
    const Fp a0 = c_[0], a1 = c_[1], a2 = c_[2];
    const Fp m00 = a0, m01 = a2, m02 = a1;
    const Fp m10 = a1, m11 = a0 + a2, m12 = a1 + a2;
    const Fp m20 = a2, m21 = a1, m22 = a0 + a2;
    // Solve M b = e0: b = adj(M) e0 / det(M) = first column of adj(M) / det.
    const Fp k0 = m11 * m22 - m12 * m21;
    const Fp k1 = m12 * m20 - m10 * m22;
    const Fp k2 = m10 * m21 - m11 * m20;
    const Fp det = m00 * k0 + m01 * k1 + m02 * k2;
    const Fp inv_det = det.inverse();
    return {k0 * inv_det, k1 * inv_det, k2 * inv_det};
  }

  // Canonical encoding: three little-endian u64 coefficients, c0 first.
  void to_bytes(uint8_t out[24]) const {
    for (int i = 0; i < 3; ++i) c_[i].to_bytes(out + 8 * i);
  }
  static Result<Fp3> from_bytes(const uint8_t in[24]) {
    Fp3 r;
    for (int i = 0; i < 3; ++i) {
      Result<Fp> c = Fp::from_bytes(in + 8 * i);
      if (!c.ok()) return c.error();
      r.c_[i] = *c;
    }
    return r;
  }

 private:
  std::array<Fp, 3> c_{};
};

GF_INLINE constexpr Fp3 operator*(Fp s, const Fp3& a) { return a * s; }

}  // namespace goldfinch
