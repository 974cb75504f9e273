// ShiftChip: the operation table for SLL, SRL and SRA (register and immediate forms). It receives
// (op, a, b, c) on kBusAlu and proves c = alu_eval(op, a, b) with one row per operation:
// a power 2^sh built from the five bits of sh = b & 31, and one product identity per op.
// docs/circuit_shift.md gives every column, constraint and bus interaction, and why it is sound.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "goldfinch/air/air.h"
#include "goldfinch/air/builders.h"
#include "goldfinch/circuit/buses.h"
#include "goldfinch/circuit/lookups.h"
#include "goldfinch/circuit/pinned_descriptions.h"

namespace goldfinch::circuit {

// Column indices of the ShiftChip's main trace.
enum ShiftCol : uint32_t {
  kShiftIsSll = 0,  // op selectors (boolean, at most one set; all 0 on padding rows)
  kShiftIsSrl,
  kShiftIsSra,
  kShiftA0,  // a = a0 + 2^16 a1 (16-bit limbs)
  kShiftA1,
  kShiftSign,  // bit 31 of a: a1 = 2^15 sign + (a1 mod 2^15)
  kShiftSh0,   // sh = b & 31 = sh0 + 2 sh1 + 4 sh2 + 8 sh3 + 16 sh4 (bits)
  kShiftSh1,
  kShiftSh2,
  kShiftSh3,
  kShiftSh4,
  kShiftT,     // b = sh + 32 t + 2^16 bhi with 0 <= t < 2^11
  kShiftBHi,   // 16-bit
  kShiftPow3,  // 2^(sh mod 8) = (1 + sh0)(1 + 3 sh1)(1 + 15 sh2)
  kShiftPow,   // 2^sh = pow3 (1 + 255 sh3)(1 + 65535 sh4)
  kShiftC0,    // c = c0 + 2^16 c1 (16-bit limbs): the result
  kShiftC1,
  kShiftD0,    // d = d0 + 2^16 d1 < 2^31: SLL the bits shifted out, SRL/SRA the remainder
  kShiftD1,    // 15-bit
  kShiftNumCols,
};

class ShiftChip : public air::AirBase<ShiftChip> {
 public:
  std::string name() const override { return "shift"; }
  const air::PinnedDescription* pinned_description() const override { return circuit::pinned_description(name()); }
  size_t width() const override { return kShiftNumCols; }
  std::vector<air::Interaction> interactions() const override;

  // Constraints (degree <= 3). With a = a0 + 2^16 a1, c = c0 + 2^16 c1, d = d0 + 2^16 d1 and
  // P = 2^sh:
  //   SLL:      a P = d 2^32 + c
  //   SRL/SRA:  a 2^31 + is_sra sign 2^63 (P - 1) = (c 2^31 + d) P
  // (the right-shift form is a 2^(31-sh) + sign (2^63 - 2^(63-sh)) = c 2^31 + d multiplied by P).
  template <class B>
  void eval(B& b) const {
    using E = typename B::Expr;
    const E sll = b.main(kShiftIsSll), srl = b.main(kShiftIsSrl), sra = b.main(kShiftIsSra);
    b.assert_bool(sll, "is_sll boolean");
    b.assert_bool(srl, "is_srl boolean");
    b.assert_bool(sra, "is_sra boolean");
    b.assert_bool(sll + srl + sra, "at most one selector");
    for (uint32_t i = 0; i < 5; ++i) b.assert_bool(b.main(kShiftSh0 + i), "shift bit boolean");
    const E sign = b.main(kShiftSign);
    b.assert_bool(sign, "sign boolean");

    const Fp one = Fp::one();
    const E f0 = b.main(kShiftSh0) + one, f1 = b.main(kShiftSh1) * Fp::from_u64(3) + one,
            f2 = b.main(kShiftSh2) * Fp::from_u64(15) + one, f3 = b.main(kShiftSh3) * Fp::from_u64(255) + one,
            f4 = b.main(kShiftSh4) * Fp::from_u64(65535) + one;
    const E pow3 = b.main(kShiftPow3), pow = b.main(kShiftPow);
    b.assert_eq(pow3, f0 * f1 * f2, "pow3 = 2^(sh mod 8)");
    b.assert_eq(pow, pow3 * f3 * f4, "pow = 2^sh");

    const Fp k16 = Fp::from_u64(uint64_t{1} << 16), k31 = Fp::from_u64(uint64_t{1} << 31),
             k32 = Fp::from_u64(uint64_t{1} << 32), k63 = Fp::from_u64(uint64_t{1} << 63);
    const E a = b.main(kShiftA0) + b.main(kShiftA1) * k16;
    const E c = b.main(kShiftC0) + b.main(kShiftC1) * k16;
    const E d = b.main(kShiftD0) + b.main(kShiftD1) * k16;
    const E left = sll * (a * pow - d * k32 - c);
    const E right = (srl + sra) * (a * k31 - (c * k31 + d) * pow);
    const E sign_fix = sra * sign * (pow - one) * k63;
    b.assert_zero(left + right + sign_fix, "shift identity");
  }

  // One row per event (every event's op must be kSll, kSrl or kSra), padded with all-zero rows
  // (pow3 = pow = 1) to a power of two >= 4. Records the eleven 16-bit lookups of each row.
  static RowMajorMatrix trace(std::span<const AluEvent> events, LookupCounts& counts);
};

}  // namespace goldfinch::circuit
