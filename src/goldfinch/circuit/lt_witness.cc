// Witness generation (the prover side) of lt.h; the AIR itself (interactions, constants,
// preprocessed columns) is in lt.cc, which the verifier guest compiles too.
#include "goldfinch/circuit/lt.h"

#include "goldfinch/base/check.h"
#include "goldfinch/circuit/alu_lc.h"

namespace goldfinch::circuit {

using air::Direction;

RowMajorMatrix LtChip::trace(std::span<const AluEvent> events, LookupCounts& counts) {
  RowMajorMatrix t(chip_height(events.size()), kWidth);
  for (size_t r = 0; r < events.size(); ++r) {
    const AluEvent& e = events[r];
    GF_CHECK(e.op == kSlt || e.op == kSltu, "LtChip given an op it does not own");
    const bool is_slt = e.op == kSlt;
    const uint32_t c = alu_eval(e.op, e.a, e.b);
    const uint32_t msb_a = e.a >> 31, msb_b = e.b >> 31;
    const int64_t av = int64_t{e.a} - (is_slt ? int64_t{msb_a} << 32 : 0);
    const int64_t bv = int64_t{e.b} - (is_slt ? int64_t{msb_b} << 32 : 0);
    const int64_t d = c ? bv - av - 1 : av - bv;
    GF_CHECK(d >= 0 && d < (int64_t{1} << 32), "LtChip: comparison result disagrees with alu_eval");
    const uint32_t du = static_cast<uint32_t>(d);
    const uint32_t a0 = e.a & 0xFFFF, a2 = (e.a >> 16) & 0xFF, a3 = e.a >> 24;
    const uint32_t b0 = e.b & 0xFFFF, b2 = (e.b >> 16) & 0xFF, b3 = e.b >> 24;
    const uint32_t vals[kWidth] = {is_slt, !is_slt, c, a0, a2, a3, msb_a, b0, b2, b3, msb_b, du & 0xFFFF, du >> 16};
    for (uint32_t k = 0; k < kWidth; ++k) t.at(r, k) = Fp::from_u64(vals[k]);
    for (uint32_t v : {a0, b0, du & 0xFFFF, du >> 16}) counts.range16(v);
    counts.byte_op(kByteRange, a2, b2);
    counts.byte_op(kByteAnd, a3, 0x80);
    counts.byte_op(kByteAnd, b3, 0x80);
  }
  return t;
}

}  // namespace goldfinch::circuit
