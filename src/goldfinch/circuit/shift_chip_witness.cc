// Witness generation (the prover side) of shift_chip.h; the AIR itself (interactions, constants,
// preprocessed columns) is in shift_chip.cc, which the verifier guest compiles too.
#include "goldfinch/circuit/shift_chip.h"

#include "goldfinch/base/check.h"

namespace goldfinch::circuit {

namespace {

using air::Column;
using air::LinearCombination;

}  // namespace

RowMajorMatrix ShiftChip::trace(std::span<const AluEvent> events, LookupCounts& counts) {
  size_t n = 4;
  while (n < events.size()) n *= 2;
  RowMajorMatrix t(n, kShiftNumCols);
  auto set = [&](size_t r, uint32_t col, uint64_t v) { t.at(r, col) = Fp::from_u64(v); };
  for (size_t r = 0; r < n; ++r) {
    set(r, kShiftPow3, 1);
    set(r, kShiftPow, 1);
  }
  for (size_t r = 0; r < events.size(); ++r) {
    const AluEvent& e = events[r];
    GF_CHECK(e.op == kSll || e.op == kSrl || e.op == kSra, "ShiftChip::trace given a non-shift event");
    const uint32_t a = e.a, b = e.b, sh = b & 31;
    const uint32_t c = alu_eval(e.op, a, b);
    // d: SLL the bits shifted out (a 2^sh >> 32); SRL/SRA the remainder a mod 2^sh moved to the
    // top of 31 bits (for SRA the remainder of the signed value is the same bits).
    const uint64_t d =
        e.op == kSll ? (uint64_t{a} << sh) >> 32 : (uint64_t{a} & ((uint64_t{1} << sh) - 1)) << (31 - sh);
    set(r, e.op == kSll ? kShiftIsSll : e.op == kSrl ? kShiftIsSrl : kShiftIsSra, 1);
    set(r, kShiftA0, a & 0xFFFF);
    set(r, kShiftA1, a >> 16);
    set(r, kShiftSign, a >> 31);
    for (uint32_t i = 0; i < 5; ++i) set(r, kShiftSh0 + i, (sh >> i) & 1);
    set(r, kShiftT, (b >> 5) & 0x7FF);
    set(r, kShiftBHi, b >> 16);
    set(r, kShiftPow3, uint64_t{1} << (sh & 7));
    set(r, kShiftPow, uint64_t{1} << sh);
    set(r, kShiftC0, c & 0xFFFF);
    set(r, kShiftC1, c >> 16);
    set(r, kShiftD0, d & 0xFFFF);
    set(r, kShiftD1, d >> 16);
    for (uint64_t v : {uint64_t{a & 0xFFFF}, uint64_t{a >> 16}, uint64_t{(a >> 16) & 0x7FFF} * 2,
                       uint64_t{(b >> 5) & 0x7FF}, uint64_t{(b >> 5) & 0x7FF} * 32, uint64_t{b >> 16},
                       uint64_t{c & 0xFFFF}, uint64_t{c >> 16}, d & 0xFFFF, d >> 16, (d >> 16) * 2})
      counts.range16(static_cast<uint32_t>(v));
  }
  return t;
}

}  // namespace goldfinch::circuit
