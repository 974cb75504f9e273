#include "goldfinch/circuit/bitwise.h"

#include "goldfinch/base/check.h"
#include "goldfinch/circuit/alu_lc.h"

namespace goldfinch::circuit {

using air::Direction;

namespace {

air::LinearCombination word(uint32_t first) {
  return main_sum({{first, 1}, {first + 1, 1u << 8}, {first + 2, 1u << 16}, {first + 3, 1u << 24}});
}

}  // namespace

std::vector<air::Interaction> BitwiseChip::interactions() const {
  const auto active = main_sum({{kIsXor, 1}, {kIsOr, 1}, {kIsAnd, 1}});
  std::vector<air::Interaction> out;
  out.push_back({kBusAlu, {main_sum({{kIsXor, kXor}, {kIsOr, kOr}, {kIsAnd, kAnd}}), word(kA), word(kB), word(kC)},
                 active, Direction::kReceive});
  const auto op = main_sum({{kIsXor, kByteXor}, {kIsOr, kByteOr}, {kIsAnd, kByteAnd}});
  for (uint32_t i = 0; i < 4; ++i)
    out.push_back({kBusByte, {op, main_sum({{kA + i, 1}}), main_sum({{kB + i, 1}}), main_sum({{kC + i, 1}})}, active,
                   Direction::kSend});
  return out;
}

}  // namespace goldfinch::circuit
