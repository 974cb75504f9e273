// Witness generation (the prover side) of add_sub.h; the AIR itself (interactions, constants,
// preprocessed columns) is in add_sub.cc, which the verifier guest compiles too.
#include "goldfinch/circuit/add_sub.h"

#include "goldfinch/base/check.h"
#include "goldfinch/circuit/alu_lc.h"

namespace goldfinch::circuit {

using air::Direction;

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
