#include "goldfinch/circuit/load_store.h"

#include "goldfinch/base/check.h"
#include "goldfinch/circuit/alu_lc.h"

namespace goldfinch::circuit {

using air::Direction;

namespace {

air::LinearCombination word(uint32_t first) {
  return main_sum({{first, 1}, {first + 1, 1u << 8}, {first + 2, 1u << 16}, {first + 3, 1u << 24}});
}

}  // namespace

std::vector<air::Interaction> LoadStoreChip::interactions() const {
  using C = LoadStoreChip;
  const auto active = main_sum({{kIsLb, 1}, {kIsLh, 1}, {kIsLw, 1}, {kIsLbu, 1}, {kIsLhu, 1}, {kIsSb, 1}, {kIsSh, 1}, {kIsSw, 1}});
  const auto col = [](uint32_t c) { return main_sum({{c, 1}}); };
  std::vector<air::Interaction> out;
  out.push_back({kBusLoadStore,
                 {main_sum({{kIsLb, kLb}, {kIsLh, kLh}, {kIsLw, kLw}, {kIsLbu, kLbu}, {kIsLhu, kLhu}, {kIsSb, kSb},
                            {kIsSh, kSh}, {kIsSw, kSw}}),
                  main_sum({{kF1, 1}, {kF2, 2}, {kF3, 3}}), word(kX0), word(kZ0), col(kN)},
                 active, Direction::kReceive});
  // z0 AND 0x80 = 0x80 s0 (and likewise z1, s1): z0, z1 are bytes and s0, s1 their top bits.
  for (auto [byte, sign] : {std::pair{C::kZ0, C::kS0}, std::pair{C::kZ1, C::kS1}})
    out.push_back({kBusByte, {constant_lc(kByteAnd), col(byte), constant_lc(0x80), main_sum({{sign, 0x80}})}, active,
                   Direction::kSend});
  // The other bytes: range-checked in pairs. The new word needs no check: the constraints fix it.
  for (uint32_t first : {C::kZ2, C::kX0, C::kX2})
    out.push_back({kBusByte, {constant_lc(kByteRange), col(first), col(first + 1), constant_lc(0)}, active,
                   Direction::kSend});
  return out;
}

}  // namespace goldfinch::circuit
