#include "goldfinch/circuit/shift_chip.h"

#include "goldfinch/base/check.h"

namespace goldfinch::circuit {

namespace {

using air::Column;
using air::LinearCombination;

LinearCombination lc(std::initializer_list<std::pair<uint32_t, uint64_t>> terms) {
  LinearCombination out;
  for (const auto& [col, k] : terms) out.terms.push_back({Column::main(col), Fp::from_u64(k)});
  return out;
}

}  // namespace

std::vector<air::Interaction> ShiftChip::interactions() const {
  const LinearCombination active = lc({{kShiftIsSll, 1}, {kShiftIsSrl, 1}, {kShiftIsSra, 1}});
  const LinearCombination op = lc({{kShiftIsSll, kSll}, {kShiftIsSrl, kSrl}, {kShiftIsSra, kSra}});
  const LinearCombination a = lc({{kShiftA0, 1}, {kShiftA1, 1 << 16}});
  const LinearCombination b = lc({{kShiftSh0, 1}, {kShiftSh1, 2}, {kShiftSh2, 4}, {kShiftSh3, 8}, {kShiftSh4, 16},
                                  {kShiftT, 32}, {kShiftBHi, 1 << 16}});
  const LinearCombination c = lc({{kShiftC0, 1}, {kShiftC1, 1 << 16}});
  std::vector<air::Interaction> out;
  out.push_back({kBusAlu, {op, a, b, c}, active, air::Direction::kReceive});
  // Eleven 16-bit range checks, sent by active rows only. A doubled or scaled check bounds a value
  // already known to be below 2^16: 2 a1 - 2^16 sign < 2^16 makes sign bit 15 of a1,
  // 32 t < 2^16 makes t < 2^11, and 2 d1 < 2^16 makes d1 < 2^15.
  LinearCombination sign_rest = lc({{kShiftA1, 2}});
  sign_rest.terms.push_back({Column::main(kShiftSign), -Fp::from_u64(1 << 16)});
  const LinearCombination ranges[] = {
      LinearCombination::main(kShiftA0), LinearCombination::main(kShiftA1), sign_rest,
      LinearCombination::main(kShiftT),  lc({{kShiftT, 32}}),               LinearCombination::main(kShiftBHi),
      LinearCombination::main(kShiftC0), LinearCombination::main(kShiftC1), LinearCombination::main(kShiftD0),
      LinearCombination::main(kShiftD1), lc({{kShiftD1, 2}}),
  };
  for (const auto& r : ranges) out.push_back({kBusRange16, {r}, active, air::Direction::kSend});
  return out;
}

}  // namespace goldfinch::circuit
