#include "goldfinch/circuit/lt.h"

#include "goldfinch/base/check.h"
#include "goldfinch/circuit/alu_lc.h"

namespace goldfinch::circuit {

using air::Direction;

std::vector<air::Interaction> LtChip::interactions() const {
  const auto active = main_sum({{kIsSlt, 1}, {kIsSltu, 1}});
  const auto col = [](uint32_t c) { return main_sum({{c, 1}}); };
  std::vector<air::Interaction> out;
  out.push_back({kBusAlu,
                 {main_sum({{kIsSlt, kSlt}, {kIsSltu, kSltu}}), main_sum({{kA0, 1}, {kA2, 1u << 16}, {kA3, 1u << 24}}),
                  main_sum({{kB0, 1}, {kB2, 1u << 16}, {kB3, 1u << 24}}), col(kC)},
                 active, Direction::kReceive});
  // Low halves and the difference: 16-bit range checks.
  for (uint32_t c : {kA0, kB0, kD0, kD1}) out.push_back({kBusRange16, {col(c)}, active, Direction::kSend});
  // Third bytes of a and b: one byte-pair range check.
  out.push_back({kBusByte, {constant_lc(kByteRange), col(kA2), col(kB2), constant_lc(0)}, active, Direction::kSend});
  // Top bytes: x3 AND 0x80 = 0x80 * msb_x proves x3 is a byte and msb_x its top bit.
  for (auto [top, msb] : {std::pair{kA3, kMsbA}, std::pair{kB3, kMsbB}})
    out.push_back({kBusByte, {constant_lc(kByteAnd), col(top), constant_lc(0x80), main_sum({{msb, 0x80}})}, active,
                   Direction::kSend});
  return out;
}

}  // namespace goldfinch::circuit
