// AddSubChip: the ALU operation table for ADD/ADDI and SUB (kBusAlu ops kAdd, kSub). One row per
// operation; a, b and c as range-checked 16-bit limbs and one whole-word adder with a carry bit
// serving both ops (for SUB it proves a = b + c mod 2^32). See docs/circuit_alu.md.
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

class AddSubChip : public air::AirBase<AddSubChip> {
 public:
  // Column indices.
  enum Col : uint32_t { kIsAdd = 0, kIsSub, kA0, kA1, kB0, kB1, kC0, kC1, kCarry, kWidth };

  std::string name() const override { return "alu_add_sub"; }
  const air::PinnedDescription* pinned_description() const override { return circuit::pinned_description(name()); }
  size_t width() const override { return kWidth; }
  std::vector<air::Interaction> interactions() const override;

  template <class B>
  void eval(B& b) const {
    const auto is_add = b.main(kIsAdd), is_sub = b.main(kIsSub), carry = b.main(kCarry);
    b.assert_bool(is_add, "is_add boolean");
    b.assert_bool(is_sub, "is_sub boolean");
    b.assert_zero(is_add * is_sub, "at most one selector");
    b.assert_bool(carry, "carry boolean");
    // s = +1 (add: a + b = c + 2^32 carry), -1 (sub: b + c = a + 2^32 carry), 0 on padding rows.
    // With 16-bit limbs every term is below 2^34, far below p: the identity holds over the
    // integers, so no carry between the limbs is needed.
    const Fp two16 = Fp::from_u64(1u << 16);
    const auto a = b.main(kA0) + b.main(kA1) * two16;
    const auto bb = b.main(kB0) + b.main(kB1) * two16;
    const auto c = b.main(kC0) + b.main(kC1) * two16;
    b.assert_zero((is_add - is_sub) * (a - c) + bb - carry * Fp::from_u64(uint64_t{1} << 32), "adder");
  }

  // One row per event (ops kAdd and kSub only), padded with all-zero rows to a power of two >= 4.
  // Records the chip's range lookups in `counts`.
  static RowMajorMatrix trace(std::span<const AluEvent> events, LookupCounts& counts);
};

}  // namespace goldfinch::circuit
