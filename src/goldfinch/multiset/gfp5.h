// The quintic extension F_p^5 = F_p[z] / (z^5 - 3), the field of the EcGFp5 curve that the
// cross-shard memory argument sums points on (docs/continuations.md). z^5 - 3 is irreducible
// because p = 1 mod 5 and 3 is not a fifth power in F_p (checked in gfp5_test.cc). Inversion,
// the Legendre symbol and square roots go through the norm to F_p, as in the EcGFp5 paper.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "goldfinch/field/goldilocks.h"

namespace goldfinch::multiset {

class Fp5 {
 public:
  static constexpr size_t kDegree = 5;
  static constexpr size_t kBytes = 40;
  static constexpr uint64_t kNonResidue = 3;  // z^5 = 3

  constexpr Fp5() = default;
  constexpr Fp5(Fp c0, Fp c1, Fp c2, Fp c3, Fp c4) : c_{c0, c1, c2, c3, c4} {}
  constexpr explicit Fp5(Fp base) : c_{base, Fp::zero(), Fp::zero(), Fp::zero(), Fp::zero()} {}
  // Coefficients given as canonical u64s (< p); for constants and test vectors.
  static constexpr Fp5 from_canonical(const std::array<uint64_t, 5>& v) {
    return {Fp::from_canonical(v[0]), Fp::from_canonical(v[1]), Fp::from_canonical(v[2]),
            Fp::from_canonical(v[3]), Fp::from_canonical(v[4])};
  }
  static constexpr Fp5 zero() { return Fp5(); }
  static constexpr Fp5 one() { return Fp5(Fp::one()); }
  static constexpr Fp5 z() { return {Fp::zero(), Fp::one(), Fp::zero(), Fp::zero(), Fp::zero()}; }

  constexpr const Fp& operator[](size_t i) const { return c_[i]; }
  constexpr Fp& operator[](size_t i) { return c_[i]; }
  constexpr const std::array<Fp, 5>& coeffs() const { return c_; }
  constexpr bool is_zero() const {
    return c_[0].is_zero() && c_[1].is_zero() && c_[2].is_zero() && c_[3].is_zero() && c_[4].is_zero();
  }
  constexpr bool operator==(const Fp5&) const = default;

  constexpr Fp5 operator+(const Fp5& o) const {
    return {c_[0] + o.c_[0], c_[1] + o.c_[1], c_[2] + o.c_[2], c_[3] + o.c_[3], c_[4] + o.c_[4]};
  }
  constexpr Fp5 operator-(const Fp5& o) const {
    return {c_[0] - o.c_[0], c_[1] - o.c_[1], c_[2] - o.c_[2], c_[3] - o.c_[3], c_[4] - o.c_[4]};
  }
  constexpr Fp5 operator-() const { return {-c_[0], -c_[1], -c_[2], -c_[3], -c_[4]}; }
  constexpr Fp5 operator*(Fp s) const { return {c_[0] * s, c_[1] * s, c_[2] * s, c_[3] * s, c_[4] * s}; }

  // Schoolbook product, then z^(5+i) = 3 z^i folds the high half back.
  constexpr Fp5 operator*(const Fp5& o) const {
    const auto& a = c_;
    const auto& b = o.c_;
    const Fp w = Fp::from_canonical(kNonResidue);
    const Fp d0 = a[0] * b[0];
    const Fp d1 = a[0] * b[1] + a[1] * b[0];
    const Fp d2 = a[0] * b[2] + a[1] * b[1] + a[2] * b[0];
    const Fp d3 = a[0] * b[3] + a[1] * b[2] + a[2] * b[1] + a[3] * b[0];
    const Fp d4 = a[0] * b[4] + a[1] * b[3] + a[2] * b[2] + a[3] * b[1] + a[4] * b[0];
    const Fp d5 = a[1] * b[4] + a[2] * b[3] + a[3] * b[2] + a[4] * b[1];
    const Fp d6 = a[2] * b[4] + a[3] * b[3] + a[4] * b[2];
    const Fp d7 = a[3] * b[4] + a[4] * b[3];
    const Fp d8 = a[4] * b[4];
    return {d0 + w * d5, d1 + w * d6, d2 + w * d7, d3 + w * d8, d4};
  }
  constexpr Fp5& operator+=(const Fp5& o) { return *this = *this + o; }
  constexpr Fp5& operator-=(const Fp5& o) { return *this = *this - o; }
  constexpr Fp5& operator*=(const Fp5& o) { return *this = *this * o; }
  constexpr Fp5 square() const { return *this * *this; }
  constexpr Fp5 dbl() const { return *this + *this; }

  // x^e for an exponent of any length, given as little-endian 64-bit limbs.
  Fp5 pow(std::span<const uint64_t> e_le) const;
  Fp5 pow(uint64_t e) const { return pow(std::span<const uint64_t>(&e, 1)); }

  // x^(p^k): multiplies coefficient i by 3^(i k (p-1)/5) (z^p = 3^((p-1)/5) z).
  Fp5 frobenius(unsigned k = 1) const;
  // N(x) = x * x^p * x^(p^2) * x^(p^3) * x^(p^4), an element of F_p.
  Fp norm() const;
  // Multiplicative inverse x^(p+p^2+p^3+p^4) / N(x); zero maps to zero (callers that must not
  // see zero check for it).
  Fp5 inverse() const;
  // x^((p^5-1)/2) = N(x)^((p-1)/2): 0 for zero, 1 for a non-zero square, -1 otherwise.
  int legendre() const;
  bool is_square() const { return legendre() >= 0; }
  // A square root when x is a square (zero gives zero), else nullopt. Which of the two roots is
  // returned is unspecified: callers that need one pick it with their own sign rule.
  std::optional<Fp5> sqrt() const;

  // Canonical little-endian encoding: five 8-byte coefficients, c0 first.
  void to_bytes(uint8_t out[kBytes]) const;
  // Rejects any coefficient >= p (kNonCanonical).
  static Result<Fp5> from_bytes(std::span<const uint8_t> in);

 private:
  std::array<Fp, 5> c_{};
};

// Square root in F_p by Tonelli–Shanks (p - 1 = 2^32 (2^32 - 1)); nullopt for a non-square.
std::optional<Fp> fp_sqrt(Fp x);
// x^((p-1)/2) as 0, 1 or -1.
int fp_legendre(Fp x);

}  // namespace goldfinch::multiset
