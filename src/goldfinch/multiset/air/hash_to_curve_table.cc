#include "goldfinch/multiset/air/hash_to_curve_table.h"

namespace goldfinch::multiset {

using air::Direction;
using air::Interaction;
using air::LinearCombination;
using namespace h2c;

namespace {

LinearCombination col(Col c, Fp k = Fp::one()) { return {{{air::Column::main(c), k}}, Fp::zero()}; }
LinearCombination konst(uint64_t v) { return LinearCombination::constant_value(Fp::from_u64(v)); }
LinearCombination sum(std::initializer_list<std::pair<Col, uint64_t>> terms) {
  LinearCombination lc;
  for (auto [c, k] : terms) lc.terms.push_back({air::Column::main(c), Fp::from_u64(k)});
  return lc;
}

}  // namespace

std::vector<Interaction> HashToCurveTable::interactions() const {
  const LinearCombination is_real = sum({{kIsSend, 1}, {kIsReceive, 1}});
  std::vector<Interaction> out;
  out.push_back({circuit::kBusMultisetTuple, {sum({{kIsSend, 1}, {kIsReceive, 2}}), col(kT0), col(kT1), col(kT2), col(kT3)},
                 is_real, Direction::kReceive});
  std::vector<LinearCombination> perm = {col(kT0), col(kT1), col(kT2), col(kT3), col(kK), konst(kTableTupleLen), konst(0),
                                         konst(kHashToCurveDomain)};
  for (Col c : {kX0, kX1, kX2, kX3, kX4, kS5, kS6, kS7}) perm.push_back(col(c));
  out.push_back({circuit::kBusPoseidon2, perm, is_real, Direction::kSend});
  std::vector<LinearCombination> plus, minus;
  for (Col c : {kX0, kX1, kX2, kX3, kX4}) {
    plus.push_back(col(c));
    minus.push_back(col(c));
  }
  for (uint32_t i = 0; i < Fp5::kDegree; ++i) {
    plus.push_back(col(static_cast<Col>(kY0 + i)));
    minus.push_back(col(static_cast<Col>(kY0 + i), -Fp::one()));
  }
  out.push_back({circuit::kBusMultisetPoint, plus, col(kIsSend), Direction::kSend});
  out.push_back({circuit::kBusMultisetPoint, minus, col(kIsReceive), Direction::kSend});
  for (LinearCombination v : {col(kHalfLo), col(kHalfHi), col(kHalfHi, Fp::from_u64(2)), col(kHiLo), col(kHiHi), col(kK),
                              col(kK, Fp::from_u64(256))})
    out.push_back({circuit::kBusRange16, {v}, is_real, Direction::kSend});
  return out;
}

}  // namespace goldfinch::multiset
