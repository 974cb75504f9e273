// DivRemChip: the operation table of DIV, DIVU, REM and REMU. One row per operation proves the
// exact integer identity a = q b + r (signed or unsigned) from 16-bit limbs, |r| < |b| through a
// range-checked difference, the sign of r, and the spec's division by zero; it receives
// (op, a, b, c) on kBusAlu with c = q or r. docs/circuit_muldiv.md has the design and the proof.
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

// What a row claims: the u32 words q and r, the signs of the integers Q = q - 2^32 q_neg and
// R = r - 2^32 r_neg, and whether b is zero. honest_claim gives the spec's answer; tests build
// dishonest ones to check the constraints reject them.
struct DivRemClaim {
  uint32_t q = 0, r = 0;
  bool q_neg = false, r_neg = false, b_zero = false;
};

class DivRemChip : public air::AirBase<DivRemChip> {
 public:
  // Main columns. Limbs are 16-bit; x = x0 + 2^16 x1.
  enum Col : uint32_t {
    kIsDiv, kIsDivu, kIsRem, kIsRemu,  // op selectors
    kA0, kA1, kASign,                  // a's limbs and top bit
    kB0, kB1, kBSign,                  // b's limbs and top bit
    kQ0, kQ1, kQNeg,                   // quotient word and the sign of the integer quotient Q
    kR0, kR1, kRNeg,                   // remainder word and the sign of the integer remainder R
    kC,                                // the result: q (DIV, DIVU) or r (REM, REMU)
    kBZero,                            // 1 exactly when b = 0
    kCarryLo, kCarryHi,                // carry k = lo + 2^16 hi out of the low word (hi boolean)
    kD0, kD1,                          // |b| - |r| - 1 (+ 2^32 when b = 0), as two limbs
    kWidth
  };

  std::string name() const override { return "divrem"; }
  const air::PinnedDescription* pinned_description() const override { return circuit::pinned_description(name()); }
  size_t width() const override { return kWidth; }
  std::vector<air::Interaction> interactions() const override;

  template <class B>
  void eval(B& b) const;

  // The ops this chip proves (the CPU's witness routes events by it).
  static constexpr bool handles(AluOp op) { return op == kDiv || op == kDivu || op == kRem || op == kRemu; }
  // One row per event (ops kDiv..kRemu only), padded with zero rows to a power of two >= 4.
  static RowMajorMatrix trace(std::span<const AluEvent> events, LookupCounts& counts);
  static DivRemClaim honest_claim(AluOp op, uint32_t a, uint32_t b);
  // Writes the row of `claim` into `row` (kWidth values), deriving the carry and the difference
  // from it (wrapped into their limbs when the claim is false), and records the row's lookups.
  static void fill_row(std::span<Fp> row, const AluEvent& e, const DivRemClaim& claim, LookupCounts& counts);
};

template <class B>
void DivRemChip::eval(B& b) const {
  const Fp k16 = Fp::from_u64(1ull << 16), k32 = Fp::from_u64(1ull << 32);
  auto col = [&](Col c) { return b.main(c); };
  auto is_div = col(kIsDiv), is_divu = col(kIsDivu), is_rem = col(kIsRem), is_remu = col(kIsRemu);
  auto active = is_div + is_divu + is_rem + is_remu;
  auto is_signed = is_div + is_rem;
  b.assert_bool(is_div, "is_div boolean");
  b.assert_bool(is_divu, "is_divu boolean");
  b.assert_bool(is_rem, "is_rem boolean");
  b.assert_bool(is_remu, "is_remu boolean");
  b.assert_bool(active, "at most one op selector");

  auto sa = col(kASign), sb = col(kBSign), q_neg = col(kQNeg), r_neg = col(kRNeg), b_zero = col(kBZero);
  b.assert_bool(sa, "sign of a boolean");
  b.assert_bool(sb, "sign of b boolean");
  b.assert_bool(q_neg, "sign of Q boolean");
  b.assert_bool(r_neg, "sign of R boolean");
  b.assert_bool(b_zero, "b_zero boolean");
  b.assert_bool(col(kCarryHi), "carry high part boolean");

  auto q0 = col(kQ0), q1 = col(kQ1), b0 = col(kB0), b1 = col(kB1);
  auto a = col(kA0) + col(kA1) * k16, bv = b0 + b1 * k16, q = q0 + q1 * k16, r = col(kR0) + col(kR1) * k16;
  auto carry = col(kCarryLo) + col(kCarryHi) * k16;
  auto ea = sa * is_signed, eb = sb * is_signed;  // A = a - 2^32 ea, B = b - 2^32 eb

  // Q B + R = A with Q = q - 2^32 q_neg, R = r - 2^32 r_neg, split at 2^32:
  //   q0 b0 + 2^16 (q0 b1 + q1 b0) + r - a = 2^32 k                                  (degree 2)
  //   k + q1 b1 - q_neg b - eb q + 2^32 q_neg eb - r_neg + ea = 0                    (degree 3)
  b.assert_zero(q0 * b0 + (q0 * b1 + q1 * b0) * k16 + r - a - carry * k32, "low word of q b + r = a");
  b.assert_zero(carry + q1 * b1 - q_neg * bv - eb * q + q_neg * sb * is_signed * k32 - r_neg + ea,
                "high word of q b + r = a");

  // |B| = b (1 - 2 eb) + 2^32 eb, |R| = r (1 - 2 r_neg) + 2^32 r_neg;
  // |B| + 2^32 b_zero - |R| - 1 = d0 + 2^16 d1 (range-checked): |R| < |B| unless b = 0.
  auto abs_b = bv - bv * eb * Fp::from_u64(2) + eb * k32;
  auto abs_r = r - r * r_neg * Fp::from_u64(2) + r_neg * k32;
  b.assert_zero(abs_b + b_zero * k32 - abs_r - active - col(kD0) - col(kD1) * k16, "|r| < |b|");  // degree 3
  b.assert_zero(b_zero * bv, "b_zero only when b = 0");
  b.assert_zero(b_zero * (q - Fp::from_u64(0xFFFFFFFFull)), "division by zero gives q = 2^32 - 1");
  b.assert_zero((r_neg - ea) * r, "sign of r is the sign of a unless r = 0");  // degree 3
  b.assert_zero(col(kC) - (is_div + is_divu) * q - (is_rem + is_remu) * r, "c selects q or r");
}

}  // namespace goldfinch::circuit
