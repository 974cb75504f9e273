// LtChip: the ALU operation table for SLT/SLTI and SLTU/SLTIU (kBusAlu ops kSlt, kSltu). One row
// per operation: the result bit c and a range-checked difference d that is >= 0 exactly when c is
// the right answer; the sign bits of a and b come from a byte-table AND of their top bytes with
// 0x80. Design, constraints and soundness: docs/circuit_alu.md.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "goldfinch/air/air.h"
#include "goldfinch/air/builders.h"
#include "goldfinch/circuit/buses.h"
#include "goldfinch/circuit/lookups.h"
#include "goldfinch/circuit/pinned_descriptions.h"

namespace goldfinch::circuit {

class LtChip : public air::AirBase<LtChip> {
 public:
  // Column indices. A u32 x is held as x0 (low 16 bits), x2 (bits 16..23), x3 (bits 24..31) and its
  // top bit msb_x; d = d0 + 2^16 d1 is the difference that proves the comparison.
  enum Col : uint32_t {
    kIsSlt = 0, kIsSltu, kC,
    kA0, kA2, kA3, kMsbA,
    kB0, kB2, kB3, kMsbB,
    kD0, kD1,
    kWidth
  };

  std::string name() const override { return "alu_lt"; }
  const air::PinnedDescription* pinned_description() const override { return circuit::pinned_description(name()); }
  size_t width() const override { return kWidth; }
  std::vector<air::Interaction> interactions() const override;

  template <class B>
  void eval(B& b) const {
    const auto is_slt = b.main(kIsSlt), is_sltu = b.main(kIsSltu), c = b.main(kC);
    b.assert_bool(is_slt, "is_slt boolean");
    b.assert_bool(is_sltu, "is_sltu boolean");
    b.assert_zero(is_slt * is_sltu, "at most one selector");
    b.assert_bool(c, "c boolean");
    b.assert_bool(b.main(kMsbA), "msb_a boolean");
    b.assert_bool(b.main(kMsbB), "msb_b boolean");
    const auto word = [&](uint32_t lo, uint32_t b2, uint32_t b3) {
      return b.main(lo) + b.main(b2) * Fp::from_u64(1u << 16) + b.main(b3) * Fp::from_u64(1u << 24);
    };
    // The compared integers are A = a - 2^32 * is_slt * msb_a and B likewise (two's complement
    // values for SLT, the u32s for SLTU). d = (2c - 1)(B - A) - c: B - A - 1 when c = 1 and
    // A - B when c = 0, and d is range-checked to [0, 2^32).
    const Fp two32 = Fp::from_u64(uint64_t{1} << 32);
    const auto diff = word(kB0, kB2, kB3) - word(kA0, kA2, kA3) - is_slt * (b.main(kMsbB) - b.main(kMsbA)) * two32;
    const auto d = b.main(kD0) + b.main(kD1) * Fp::from_u64(1u << 16);
    b.assert_zero(d - (c * Fp::from_u64(2) - Fp::one()) * diff + c, "difference d = (2c - 1)(B - A) - c");
  }

  // One row per event (ops kSlt and kSltu only), padded with all-zero rows to a power of two >= 4.
  // Records the chip's range and byte lookups in `counts`.
  static RowMajorMatrix trace(std::span<const AluEvent> events, LookupCounts& counts);
};

}  // namespace goldfinch::circuit
