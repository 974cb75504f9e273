// AddSubChip: the ALU operation table for ADD/ADDI and SUB (kBusAlu ops kAdd, kSub). One row per
// operation; a, b and c as range-checked 16-bit limbs and one two-limb adder serving both ops
// (for SUB it proves a = b + c mod 2^32). Design, constraints and soundness: docs/circuit_alu.md.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "goldfinch/air/air.h"
#include "goldfinch/air/builders.h"
#include "goldfinch/circuit/buses.h"
#include "goldfinch/circuit/lookups.h"

namespace goldfinch::circuit {

class AddSubChip : public air::AirBase<AddSubChip> {
 public:
  // Column indices.
  enum Col : uint32_t { kIsAdd = 0, kIsSub, kA0, kA1, kB0, kB1, kC0, kC1, kCarry0, kCarry1, kWidth };

  std::string name() const override { return "alu_add_sub"; }
  size_t width() const override { return kWidth; }
  std::vector<air::Interaction> interactions() const override;

  template <class B>
  void eval(B& b) const {
    const auto is_add = b.main(kIsAdd), is_sub = b.main(kIsSub);
    const auto k0 = b.main(kCarry0), k1 = b.main(kCarry1);
    b.assert_bool(is_add, "is_add boolean");
    b.assert_bool(is_sub, "is_sub boolean");
    b.assert_zero(is_add * is_sub, "at most one selector");
    b.assert_bool(k0, "carry0 boolean");
    b.assert_bool(k1, "carry1 boolean");
    // s = +1 (add: a + b = c + 2^32 k1), -1 (sub: b + c = a + 2^32 k1), 0 on padding rows.
    const auto s = is_add - is_sub;
    const Fp two16 = Fp::from_u64(1u << 16);
    b.assert_zero(s * (b.main(kA0) - b.main(kC0)) + b.main(kB0) - k0 * two16, "low limb adder");
    b.assert_zero(s * (b.main(kA1) - b.main(kC1)) + b.main(kB1) + k0 - k1 * two16, "high limb adder");
  }

  // One row per event (ops kAdd and kSub only), padded with all-zero rows to a power of two >= 4.
  // Records the chip's range lookups in `counts`.
  static RowMajorMatrix trace(std::span<const AluEvent> events, LookupCounts& counts);
};

}  // namespace goldfinch::circuit
