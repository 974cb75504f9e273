// The sum table: the running EcGFp5 sum of the signed hash points of a shard, by affine chord
// additions. It starts at a fixed public offset point G0 (never the identity) and every addition
// proves x1 != x2 with an inverse, so no row is a doubling or reaches the identity: each row's
// result is the true sum. The last row's result R = G0 + C is the public value (10 coordinates);
// the verifier reads C = R - G0 with multiset_contribution(). docs/circuit_multiset.md.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "goldfinch/air/air.h"
#include "goldfinch/air/builders.h"
#include "goldfinch/circuit/buses.h"
#include "goldfinch/circuit/pinned_descriptions.h"
#include "goldfinch/multiset/air/fp5_expr.h"
#include "goldfinch/multiset/ecgfp5.h"

namespace goldfinch::multiset {

// G0 = hash_to_curve of the empty tuple (length lane 0, so no memory tuple, whose length lane is
// 4, hashes to it): a fixed point with no known relation to any hash point.
const Point& multiset_sum_offset();

struct AffinePoint {
  Fp5 x, y;
};

namespace msum {
enum Col : uint32_t {
  kIsReal,                          // 1: this row adds P; 0: padding, the sum is carried
  kAx0, kAx1, kAx2, kAx3, kAx4,     // the sum before this row
  kAy0, kAy1, kAy2, kAy3, kAy4,
  kPx0, kPx1, kPx2, kPx3, kPx4,     // the signed point added
  kPy0, kPy1, kPy2, kPy3, kPy4,
  kL0, kL1, kL2, kL3, kL4,          // lambda = (Py - Ay) / (Px - Ax)
  kInv0, kInv1, kInv2, kInv3, kInv4,  // (Px - Ax)^-1: proves Px != Ax
  kRx0, kRx1, kRx2, kRx3, kRx4,     // the sum after this row
  kRy0, kRy1, kRy2, kRy3, kRy4,
  kNumCols
};
inline constexpr size_t kNumPublicValues = 10;  // R = (Rx, Ry) of the last row
}  // namespace msum

// Columns msum; public values (Rx, Ry) of the last row. Constraints:
//   is_real boolean; on real rows (x is_real, degree 3): (Px - Ax) inv = 1, lambda (Px - Ax) = Py - Ay,
//   Rx = lambda^2 - Ax - Px, Ry = lambda (Ax - Rx) - Ay; on padding rows (x (1 - is_real)): R = A;
//   first row A = G0; transition A' = R; last row R = the public values.
// Receives (Px, Py) on kBusMultisetPoint with multiplicity is_real.
class MultisetSumTable : public air::AirBase<MultisetSumTable> {
 public:
  std::string name() const override { return "multiset_sum"; }
  const air::PinnedDescription* pinned_description() const override { return circuit::pinned_description(name()); }
  size_t width() const override { return msum::kNumCols; }
  size_t num_public_values() const override { return msum::kNumPublicValues; }
  std::vector<air::Interaction> interactions() const override;
  template <class B>
  void eval(B& b) const;

  // One row per point (in order) then padding, and the public values. kMismatch if an honest
  // addition would be exceptional (a prefix sum equal to +-P: probability ~2^-300 for hash points).
  // The points are taken as given (attack tests pass points off the curve).
  static Result<RowMajorMatrix> trace(std::span<const AffinePoint> points, size_t height, std::vector<Fp>* public_values);
};

// The shard's contribution C = R - G0 from the sum table's public values; kMismatch when they are
// not a point of the curve (a proof of the table never gives one).
Result<Point> multiset_contribution(std::span<const Fp> public_values);

template <class B>
void MultisetSumTable::eval(B& b) const {
  using namespace msum;
  using E = typename B::Expr;
  const E one = b.constant(Fp::one());
  const E real = b.main(kIsReal);
  const E pad = one - real;
  b.assert_bool(real, "is_real is boolean");
  const Fp5Expr<E> ax = fp5_main(b, kAx0), ay = fp5_main(b, kAy0), px = fp5_main(b, kPx0), py = fp5_main(b, kPy0);
  const Fp5Expr<E> lam = fp5_main(b, kL0), inv = fp5_main(b, kInv0), rx = fp5_main(b, kRx0), ry = fp5_main(b, kRy0);
  const Fp5Expr<E> dx = fp5_sub(px, ax);
  const Fp5Expr<E> dx_inv = fp5_mul(b, dx, inv);
  const Fp5Expr<E> chord = fp5_sub(fp5_mul(b, lam, dx), fp5_sub(py, ay));
  const Fp5Expr<E> x3 = fp5_sub(fp5_sub(fp5_sub(rx, fp5_mul(b, lam, lam)), fp5_scale(ax, -one)), fp5_scale(px, -one));
  const Fp5Expr<E> y3 = fp5_add(fp5_sub(ry, fp5_mul(b, lam, fp5_sub(ax, rx))), ay);
  for (size_t i = 0; i < Fp5::kDegree; ++i)
    b.assert_zero(real * (dx_inv[i] - (i == 0 ? one : b.constant(Fp::zero()))), "x1 != x2: (Px - Ax) inv = 1");
  for (size_t i = 0; i < Fp5::kDegree; ++i) b.assert_zero(real * chord[i], "lambda (Px - Ax) = Py - Ay");
  for (size_t i = 0; i < Fp5::kDegree; ++i) b.assert_zero(real * x3[i], "Rx = lambda^2 - Ax - Px");
  for (size_t i = 0; i < Fp5::kDegree; ++i) b.assert_zero(real * y3[i], "Ry = lambda (Ax - Rx) - Ay");
  for (size_t i = 0; i < Fp5::kDegree; ++i) b.assert_zero(pad * (rx[i] - ax[i]), "padding carries the sum (x)");
  for (size_t i = 0; i < Fp5::kDegree; ++i) b.assert_zero(pad * (ry[i] - ay[i]), "padding carries the sum (y)");

  const Point& g0 = multiset_sum_offset();
  for (size_t i = 0; i < Fp5::kDegree; ++i) {
    b.assert_zero_first_row(ax[i] - b.constant(g0.x()[i]), "the sum starts at G0 (x)");
    b.assert_zero_first_row(ay[i] - b.constant(g0.y()[i]), "the sum starts at G0 (y)");
  }
  const Fp5Expr<E> nax = fp5_next(b, kAx0), nay = fp5_next(b, kAy0);
  for (size_t i = 0; i < Fp5::kDegree; ++i) {
    b.assert_zero_transition(nax[i] - rx[i], "the next row starts at this row's sum (x)");
    b.assert_zero_transition(nay[i] - ry[i], "the next row starts at this row's sum (y)");
  }
  for (size_t i = 0; i < Fp5::kDegree; ++i) {
    b.assert_zero_last_row(rx[i] - b.public_value(i), "the final sum is the public value (x)");
    b.assert_zero_last_row(ry[i] - b.public_value(Fp5::kDegree + i), "the final sum is the public value (y)");
  }
}

}  // namespace goldfinch::multiset
