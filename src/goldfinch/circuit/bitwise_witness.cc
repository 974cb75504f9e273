// Witness generation (the prover side) of bitwise.h; the AIR itself (interactions, constants,
// preprocessed columns) is in bitwise.cc, which the verifier guest compiles too.
#include "goldfinch/circuit/bitwise.h"

#include "goldfinch/base/check.h"
#include "goldfinch/circuit/alu_lc.h"

namespace goldfinch::circuit {

using air::Direction;

namespace {

ByteOp byte_op(AluOp op) {
  switch (op) {
    case kXor: return kByteXor;
    case kOr: return kByteOr;
    case kAnd: return kByteAnd;
    default: GF_CHECK(false, "BitwiseChip given an op it does not own");
  }
  return kByteRange;
}

}  // namespace

RowMajorMatrix BitwiseChip::trace(std::span<const AluEvent> events, LookupCounts& counts) {
  RowMajorMatrix t(chip_height(events.size()), kWidth);
  for (size_t r = 0; r < events.size(); ++r) {
    const AluEvent& e = events[r];
    const ByteOp bop = byte_op(e.op);
    const uint32_t c = alu_eval(e.op, e.a, e.b);
    t.at(r, e.op == kXor ? kIsXor : e.op == kOr ? kIsOr : kIsAnd) = Fp::one();
    for (uint32_t i = 0; i < 4; ++i) {
      const uint32_t ai = (e.a >> (8 * i)) & 0xFF, bi = (e.b >> (8 * i)) & 0xFF;
      t.at(r, kA + i) = Fp::from_u64(ai);
      t.at(r, kB + i) = Fp::from_u64(bi);
      t.at(r, kC + i) = Fp::from_u64((c >> (8 * i)) & 0xFF);
      counts.byte_op(bop, ai, bi);
    }
  }
  return t;
}

}  // namespace goldfinch::circuit
