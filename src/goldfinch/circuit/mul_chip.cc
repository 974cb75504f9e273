#include "goldfinch/circuit/mul_chip.h"

#include "goldfinch/base/check.h"

namespace goldfinch::circuit {

using air::Column;
using air::Direction;
using air::LinearCombination;

namespace {

// sum_i k_i * main(c_i)
LinearCombination combo(std::initializer_list<std::pair<uint32_t, int64_t>> terms) {
  LinearCombination lc;
  for (const auto& [c, k] : terms) lc.terms.push_back({Column::main(c), Fp::from_i64(k)});
  return lc;
}

}  // namespace

std::vector<air::Interaction> MulChip::interactions() const {
  constexpr int64_t k16 = 1ull << 16;
  const LinearCombination active = combo({{kIsMul, 1}, {kIsMulh, 1}, {kIsMulhsu, 1}, {kIsMulhu, 1}});
  std::vector<air::Interaction> out;
  out.push_back({kBusAlu,
                 {combo({{kIsMul, kMul}, {kIsMulh, kMulh}, {kIsMulhsu, kMulhsu}, {kIsMulhu, kMulhu}}),
                  combo({{kA0, 1}, {kA1, k16}}), combo({{kB0, 1}, {kB1, k16}}), combo({{kRes0, 1}, {kRes1, k16}})},
                 active, Direction::kReceive});
  auto range = [&](LinearCombination v) { out.push_back({kBusRange16, {std::move(v)}, active, Direction::kSend}); };
  for (uint32_t c : {kA0, kA1, kB0, kB1, kRes0, kRes1, kOth0, kOth1, kCarryLo}) range(LinearCombination::main(c));
  // 2 x1 - 2^16 sign < 2^16 (with x1 < 2^16) holds exactly when sign is x1's top bit.
  range(combo({{kA1, 2}, {kASign, -k16}}));
  range(combo({{kB1, 2}, {kBSign, -k16}}));
  return out;
}

}  // namespace goldfinch::circuit
