// Witness generation (the prover side) of load_store.h; the AIR itself (interactions, constants,
// preprocessed columns) is in load_store.cc, which the verifier guest compiles too.
#include "goldfinch/circuit/load_store.h"

#include "goldfinch/base/check.h"
#include "goldfinch/circuit/alu_lc.h"

namespace goldfinch::circuit {

using air::Direction;

namespace {

uint32_t byte_of(uint32_t v, uint32_t i) { return (v >> (8 * i)) & 0xFF; }

}  // namespace

RowMajorMatrix LoadStoreChip::trace(std::span<const MemEvent> events, LookupCounts& counts) {
  RowMajorMatrix t(chip_height(events.size()), kWidth);
  for (size_t r = 0; r < events.size(); ++r) {
    const MemEvent& e = events[r];
    GF_CHECK(e.op >= kLb && e.op <= kSw, "LoadStoreChip given an unknown memory op");
    GF_CHECK(e.off < 4, "LoadStoreChip: offset out of range");
    const bool half = e.op == kLh || e.op == kLhu || e.op == kSh, full = e.op == kLw || e.op == kSw;
    GF_CHECK(!(half && e.off % 2 != 0) && !(full && e.off != 0), "LoadStoreChip: misaligned access");
    const MemResult res = mem_eval(e.op, e.off, e.old_word, e.reg_value);
    const uint32_t reg = res.reg_value;
    t.at(r, kIsLb + (e.op - kLb)) = Fp::one();
    t.at(r, kF0 + e.off) = Fp::one();
    for (uint32_t i = 0; i < 4; ++i) {
      t.at(r, kX0 + i) = Fp::from_u64(byte_of(e.old_word, i));
      t.at(r, kZ0 + i) = Fp::from_u64(byte_of(reg, i));
    }
    const uint32_t s0 = byte_of(reg, 0) >> 7, s1 = byte_of(reg, 1) >> 7;
    t.at(r, kS0) = Fp::from_u64(s0);
    t.at(r, kS1) = Fp::from_u64(s1);
    t.at(r, kN) = Fp::from_u64(res.new_word);
    counts.byte_op(kByteAnd, byte_of(reg, 0), 0x80);
    counts.byte_op(kByteAnd, byte_of(reg, 1), 0x80);
    counts.byte_op(kByteRange, byte_of(reg, 2), byte_of(reg, 3));
    counts.byte_op(kByteRange, byte_of(e.old_word, 0), byte_of(e.old_word, 1));
    counts.byte_op(kByteRange, byte_of(e.old_word, 2), byte_of(e.old_word, 3));
  }
  return t;
}

}  // namespace goldfinch::circuit
