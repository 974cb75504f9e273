#include "goldfinch/multiset/air/sum_table.h"

namespace goldfinch::multiset {

using namespace msum;

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

}  // namespace goldfinch::multiset
