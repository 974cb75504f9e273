#include "goldfinch/multiset/air/sum_table.h"

#include <optional>

namespace goldfinch::multiset {

using air::Direction;
using air::Interaction;
using air::LinearCombination;
using namespace msum;

const Point& multiset_sum_offset() {
  // hash_to_curve of the empty tuple, written out: computing it (Poseidon2 tries and a GF(p^5)
  // square root) cost ~0.3 M cycles in the verifier guest. multiset_air_test
  // (OffsetIsAFixedCurvePoint) checks these values against hash_to_curve.
  static const Point g0 = [] {
    auto fp5 = [](uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e) {
      return Fp5(Fp::from_u64(a), Fp::from_u64(b), Fp::from_u64(c), Fp::from_u64(d), Fp::from_u64(e));
    };
    const std::optional<Point> p =
        Point::from_affine(fp5(12216945230192278004ull, 12595264238832318084ull, 6492928677561733899ull,
                               11709394987034264736ull, 7438808651298834436ull),
                           fp5(5882693615119778752ull, 1101228560403114022ull, 4090552783455339674ull,
                               4888785341634215352ull, 9260362555839547907ull));
    GF_CHECK(p.has_value(), "G0 is a point of the curve");
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
