#include "goldfinch/multiset/air/sum_table.h"

#include "goldfinch/multiset/hash_to_curve.h"

namespace goldfinch::multiset {

using air::Direction;
using air::Interaction;
using air::LinearCombination;
using namespace msum;

const Point& multiset_sum_offset() {
  static const Point g0 = [] {
    Result<Point> p = hash_to_curve(std::span<const Fp>());
    GF_CHECK(p.ok(), "hash_to_curve of the empty tuple");
    return *p;
  }();
  return g0;
}

std::vector<Interaction> MultisetSumTable::interactions() const {
  std::vector<LinearCombination> fields;
  for (uint32_t c = kPx0; c <= kPy4; ++c) fields.push_back(LinearCombination::main(c));
  return {{circuit::kBusMultisetPoint, fields, LinearCombination::main(kIsReal), Direction::kReceive}};
}

Result<RowMajorMatrix> MultisetSumTable::trace(std::span<const AffinePoint> points, size_t height,
                                               std::vector<Fp>* public_values) {
  GF_CHECK(points.size() <= height && height > 0, "sum trace: more points than rows");
  RowMajorMatrix t(height, kNumCols);
  AffinePoint acc = {multiset_sum_offset().x(), multiset_sum_offset().y()};
  auto put = [&](size_t r, Col first, const Fp5& v) {
    for (uint32_t i = 0; i < Fp5::kDegree; ++i) t.at(r, first + i) = v[i];
  };
  for (size_t r = 0; r < height; ++r) {
    put(r, kAx0, acc.x);
    put(r, kAy0, acc.y);
    if (r < points.size()) {
      const AffinePoint& p = points[r];
      const Fp5 dx = p.x - acc.x;
      if (dx.is_zero())
        return Error{ErrorCode::kMismatch, "multiset sum: exceptional addition (a prefix sum is +-P)", r, 0};
      const Fp5 inv = dx.inverse();
      const Fp5 lam = (p.y - acc.y) * inv;
      const Fp5 rx = lam.square() - acc.x - p.x;
      const Fp5 ry = lam * (acc.x - rx) - acc.y;
      t.at(r, kIsReal) = Fp::one();
      put(r, kPx0, p.x);
      put(r, kPy0, p.y);
      put(r, kL0, lam);
      put(r, kInv0, inv);
      acc = {rx, ry};
    }
    put(r, kRx0, acc.x);
    put(r, kRy0, acc.y);
  }
  if (public_values) {
    public_values->clear();
    for (uint32_t i = 0; i < Fp5::kDegree; ++i) public_values->push_back(acc.x[i]);
    for (uint32_t i = 0; i < Fp5::kDegree; ++i) public_values->push_back(acc.y[i]);
  }
  return t;
}

Result<Point> multiset_contribution(std::span<const Fp> public_values) {
  if (public_values.size() != kNumPublicValues)
    return Error{ErrorCode::kMismatch, "multiset sum: public value count", kNumPublicValues, public_values.size()};
  const Fp5 x(public_values[0], public_values[1], public_values[2], public_values[3], public_values[4]);
  const Fp5 y(public_values[5], public_values[6], public_values[7], public_values[8], public_values[9]);
  const std::optional<Point> r = Point::from_affine(x, y);
  if (!r) return Error{ErrorCode::kMismatch, "multiset sum: the public sum is not on the curve", 0, 0};
  return *r - multiset_sum_offset();
}

}  // namespace goldfinch::multiset
