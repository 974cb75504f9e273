// The EcGFp5 curve (T. Pornin, eprint 2022/274) in short Weierstrass form y^2 = x^3 + A x + B
// over F_p^5: the group in which each shard sums the hash-to-curve points of its memory sends
// minus its receives (docs/continuations.md). Affine points with an explicit point at infinity
// and complete (all-case) addition; the group has order 2n for the 319-bit prime n.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "goldfinch/multiset/gfp5.h"

namespace goldfinch::multiset {

// Published constants (Pornin's reference python/ecGFp5.py): the double-odd form
// y^2 = x (x^2 + a x + b), a = 2, b = 263 z, maps to Weierstrass form by X = x + a/3 with
// A = (3b - a^2)/3 = -4/3 + 263 z and B = a (2a^2 - 9b)/27 = 16/27 - (526/3) z.
inline constexpr Fp5 kCurveA = Fp5::from_canonical({6148914689804861439ull, 263, 0, 0, 0});
inline constexpr Fp5 kCurveB =
    Fp5::from_canonical({15713893096167979237ull, 6148914689804861265ull, 0, 0, 0});
// The double-odd form's a (for the paper's w-encoding of test vectors).
inline constexpr Fp5 kDoubleOddA = Fp5::from_canonical({2, 0, 0, 0, 0});
inline constexpr Fp5 kDoubleOddB = Fp5::from_canonical({0, 263, 0, 0, 0});
// The prime n (319 bits), little-endian 64-bit limbs; the curve has 2n points (cofactor 2).
inline constexpr std::array<uint64_t, 5> kSubgroupOrder = {
    0xe80fd996948bffe1ull, 0xe8885c39d724a09cull, 0x7fffffe6cfb80639ull, 0x7ffffff100000016ull,
    0x7ffffffd80000007ull};
inline constexpr uint64_t kCofactor = 2;

// x^3 + A x + B: the right-hand side of the curve equation.
Fp5 curve_rhs(const Fp5& x);

class Point {
 public:
  static constexpr size_t kBytes = 80;  // x || y; the point at infinity is 80 zero bytes

  constexpr Point() = default;  // the point at infinity
  static constexpr Point infinity() { return Point(); }
  // An affine point; nullopt when (x, y) is not on the curve.
  static std::optional<Point> from_affine(const Fp5& x, const Fp5& y);

  bool is_infinity() const { return inf_; }
  const Fp5& x() const { return x_; }
  const Fp5& y() const { return y_; }
  bool is_on_curve() const { return inf_ || y_.square() == curve_rhs(x_); }
  bool operator==(const Point& o) const {
    return inf_ == o.inf_ && (inf_ || (x_ == o.x_ && y_ == o.y_));
  }

  Point operator-() const;
  // Complete addition: P + O, O + Q, P + (-P), P + P and the general case.
  Point operator+(const Point& o) const;
  Point operator-(const Point& o) const { return *this + (-o); }
  Point& operator+=(const Point& o) { return *this = *this + o; }
  Point& operator-=(const Point& o) { return *this = *this - o; }
  Point dbl() const;
  // k P for a scalar of any length (little-endian 64-bit limbs), by double-and-add.
  Point mul(std::span<const uint64_t> k_le) const;
  Point mul(uint64_t k) const { return mul(std::span<const uint64_t>(&k, 1)); }

  void to_bytes(uint8_t out[kBytes]) const;
  // Rejects wrong lengths, non-canonical coordinates and points off the curve. Only 80 zero
  // bytes mean infinity, which is unambiguous because (0, 0) is not on the curve (B != 0).
  static Result<Point> from_bytes(std::span<const uint8_t> in);

 private:
  Point(const Fp5& x, const Fp5& y) : x_(x), y_(y), inf_(false) {}
  Fp5 x_{}, y_{};
  bool inf_ = true;
};

// The paper's canonical encoding of its prime-order group G (double-odd curve points that are
// not n-torsion), mapped into the n-torsion of the Weierstrass curve as in the reference code:
// decode_w(w) is psi(P) for the element P of G that w encodes, nullopt if w is invalid. Used
// only to check this module against the paper's published test vectors.
std::optional<Point> decode_w(const Fp5& w);
// Inverse of decode_w on the n-torsion: w = Y / (a/3 - X); infinity encodes as 0.
Fp5 encode_w(const Point& p);

}  // namespace goldfinch::multiset
