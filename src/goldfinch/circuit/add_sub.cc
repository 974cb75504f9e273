#include "goldfinch/circuit/add_sub.h"

#include "goldfinch/base/check.h"
#include "goldfinch/circuit/alu_lc.h"

namespace goldfinch::circuit {

using air::Direction;

std::vector<air::Interaction> AddSubChip::interactions() const {
  const auto active = main_sum({{kIsAdd, 1}, {kIsSub, 1}});
  std::vector<air::Interaction> out;
  out.push_back({kBusAlu,
                 {main_sum({{kIsAdd, kAdd}, {kIsSub, kSub}}), main_sum({{kA0, 1}, {kA1, 1u << 16}}),
                  main_sum({{kB0, 1}, {kB1, 1u << 16}}), main_sum({{kC0, 1}, {kC1, 1u << 16}})},
                 active, Direction::kReceive});
  for (uint32_t c : {kA0, kA1, kB0, kB1, kC0, kC1})
    out.push_back({kBusRange16, {main_sum({{c, 1}})}, active, Direction::kSend});
  return out;
}

}  // namespace goldfinch::circuit
