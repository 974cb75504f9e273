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

RowMajorMatrix AddSubChip::trace(std::span<const AluEvent> events, LookupCounts& counts) {
  RowMajorMatrix t(chip_height(events.size()), kWidth);
  for (size_t r = 0; r < events.size(); ++r) {
    const AluEvent& e = events[r];
    GF_CHECK(e.op == kAdd || e.op == kSub, "AddSubChip given an op it does not own");
    const uint32_t c = alu_eval(e.op, e.a, e.b);
    // The adder's operands: add proves a + b = c, sub proves b + c = a.
    const uint32_t x = e.op == kAdd ? e.a : c;
    const uint32_t y = e.b;
    const uint32_t carry = static_cast<uint32_t>((uint64_t{x} + y) >> 32);
    auto set = [&](uint32_t col, uint64_t v) { t.at(r, col) = Fp::from_u64(v); };
    set(e.op == kAdd ? kIsAdd : kIsSub, 1);
    set(kA0, e.a & 0xFFFF);
    set(kA1, e.a >> 16);
    set(kB0, e.b & 0xFFFF);
    set(kB1, e.b >> 16);
    set(kC0, c & 0xFFFF);
    set(kC1, c >> 16);
    set(kCarry, carry);
    for (uint32_t v : {e.a & 0xFFFF, e.a >> 16, e.b & 0xFFFF, e.b >> 16, c & 0xFFFF, c >> 16}) counts.range16(v);
  }
  return t;
}

}  // namespace goldfinch::circuit
