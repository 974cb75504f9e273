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
