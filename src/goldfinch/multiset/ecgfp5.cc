#include "goldfinch/multiset/ecgfp5.h"

namespace goldfinch::multiset {

Fp5 curve_rhs(const Fp5& x) { return (x.square() + kCurveA) * x + kCurveB; }

std::optional<Point> Point::from_affine(const Fp5& x, const Fp5& y) {
  if (y.square() != curve_rhs(x)) return std::nullopt;
  return Point(x, y);
}

Point Point::operator-() const { return inf_ ? *this : Point(x_, -y_); }

Point Point::dbl() const {
  if (inf_ || y_.is_zero()) return infinity();  // y = 0: the point of order 2
  const Fp5 x2 = x_.square();
  const Fp5 lambda = (x2 + x2 + x2 + kCurveA) * y_.dbl().inverse();
  const Fp5 x3 = lambda.square() - x_.dbl();
  return Point(x3, lambda * (x_ - x3) - y_);
}

Point Point::operator+(const Point& o) const {
  if (inf_) return o;
  if (o.inf_) return *this;
  if (x_ == o.x_) return y_ == o.y_ ? dbl() : infinity();  // P + P, or P + (-P)
  const Fp5 lambda = (o.y_ - y_) * (o.x_ - x_).inverse();
  const Fp5 x3 = lambda.square() - x_ - o.x_;
  return Point(x3, lambda * (x_ - x3) - y_);
}

Point Point::mul(std::span<const uint64_t> k_le) const {
  Point acc = infinity();
  for (size_t limb = k_le.size(); limb-- > 0;) {
    for (int bit = 63; bit >= 0; --bit) {
      acc = acc.dbl();
      if ((k_le[limb] >> bit) & 1) acc += *this;
    }
  }
  return acc;
}

void Point::to_bytes(uint8_t out[kBytes]) const {
  if (inf_) {
    for (size_t i = 0; i < kBytes; ++i) out[i] = 0;
    return;
  }
  x_.to_bytes(out);
  y_.to_bytes(out + Fp5::kBytes);
}

Result<Point> Point::from_bytes(std::span<const uint8_t> in) {
  if (in.size() < kBytes) return Error{ErrorCode::kTruncated, "EcGFp5 point", kBytes, in.size()};
  if (in.size() > kBytes) return Error{ErrorCode::kTrailingBytes, "EcGFp5 point", kBytes, in.size()};
  Result<Fp5> x = Fp5::from_bytes(in.first(Fp5::kBytes));
  if (!x.ok()) return x.error();
  Result<Fp5> y = Fp5::from_bytes(in.subspan(Fp5::kBytes));
  if (!y.ok()) return y.error();
  if (x->is_zero() && y->is_zero()) return infinity();
  std::optional<Point> p = from_affine(*x, *y);
  if (!p) return Error{ErrorCode::kInvalidArgument, "EcGFp5 point not on the curve", 0, 0};
  return *p;
}

std::optional<Point> decode_w(const Fp5& w) {
  if (w.is_zero()) return Point::infinity();
  // Solve x^2 + (a - w^2) x + b = 0 on the double-odd curve and keep the root that is a
  // square; y = -w x then gives psi(P) directly (see the reference code's comments).
  const Fp5 e = w.square() - kDoubleOddA;
  const Fp5 delta = e.square() - kDoubleOddB * Fp::from_canonical(4);
  const std::optional<Fp5> r = delta.sqrt();
  if (!r) return std::nullopt;
  const Fp half = Fp::from_canonical((Fp::kModulus + 1) / 2);
  const Fp5 x1 = (e + *r) * half;
  const Fp5 x2 = (e - *r) * half;
  const Fp5 x = x1.legendre() == 1 ? x1 : x2;
  const Fp third = Fp::from_canonical(3).inverse();
  return Point::from_affine(x + kDoubleOddA * third, -(w * x));
}

Fp5 encode_w(const Point& p) {
  if (p.is_infinity()) return Fp5::zero();
  const Fp third = Fp::from_canonical(3).inverse();
  return p.y() * (kDoubleOddA * third - p.x()).inverse();
}

}  // namespace goldfinch::multiset
