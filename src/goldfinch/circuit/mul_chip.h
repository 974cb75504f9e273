// MulChip: the operation table of MUL, MULH, MULHSU and MULHU. One row per operation proves the
// exact (signed or unsigned) 64-bit product of two u32s from 16-bit limbs, with one 32-bit carry
// and one wrap bit, and receives (op, a, b, c) on kBusAlu. docs/circuit_muldiv.md has the design.
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

class MulChip : public air::AirBase<MulChip> {
 public:
  // Main columns. Limbs are 16-bit; x = x0 + 2^16 x1. "res" is the word the op returns (the low
  // word of the product for MUL, the high word otherwise), "oth" the other word.
  enum Col : uint32_t {
    kIsMul, kIsMulh, kIsMulhsu, kIsMulhu,  // op selectors
    kA0, kA1, kASign,                      // a's limbs and top bit
    kB0, kB1, kBSign,                      // b's limbs and top bit
    kRes0, kRes1,                          // c = res0 + 2^16 res1
    kOth0, kOth1,                          // the other word of the product
    kCarryLo, kCarryHi,                    // carry k = lo + 2^16 hi out of the low word (hi boolean)
    kWrap,                                 // 1 when the product is negative (high word wraps)
    kWidth
  };

  std::string name() const override { return "mul"; }
  const air::PinnedDescription* pinned_description() const override { return circuit::pinned_description(name()); }
  size_t width() const override { return kWidth; }
  std::vector<air::Interaction> interactions() const override;

  template <class B>
  void eval(B& b) const;

  // The ops this chip proves (the CPU's witness routes events by it).
  static constexpr bool handles(AluOp op) { return op == kMul || op == kMulh || op == kMulhsu || op == kMulhu; }
  // One row per event (ops kMul..kMulhu only), padded with zero rows to a power of two >= 4.
  static RowMajorMatrix trace(std::span<const AluEvent> events, LookupCounts& counts);
  // Writes the honest row of one event into `row` (kWidth values) and records its lookups.
  static void fill_row(std::span<Fp> row, const AluEvent& e, LookupCounts& counts);
};

template <class B>
void MulChip::eval(B& b) const {
  const Fp k16 = Fp::from_u64(1ull << 16), k32 = Fp::from_u64(1ull << 32);
  auto col = [&](Col c) { return b.main(c); };
  auto is_mul = col(kIsMul), is_mulh = col(kIsMulh), is_mulhsu = col(kIsMulhsu), is_mulhu = col(kIsMulhu);
  auto active = is_mul + is_mulh + is_mulhsu + is_mulhu;
  b.assert_bool(is_mul, "is_mul boolean");
  b.assert_bool(is_mulh, "is_mulh boolean");
  b.assert_bool(is_mulhsu, "is_mulhsu boolean");
  b.assert_bool(is_mulhu, "is_mulhu boolean");
  b.assert_bool(active, "at most one op selector");

  auto a0 = col(kA0), a1 = col(kA1), sa = col(kASign);
  auto b0 = col(kB0), b1 = col(kB1), sb = col(kBSign);
  b.assert_bool(sa, "sign of a boolean");
  b.assert_bool(sb, "sign of b boolean");
  b.assert_bool(col(kCarryHi), "carry high part boolean");
  b.assert_bool(col(kWrap), "wrap bit boolean");

  auto a = a0 + a1 * k16, bv = b0 + b1 * k16;
  auto res = col(kRes0) + col(kRes1) * k16, oth = col(kOth0) + col(kOth1) * k16;
  auto low = oth + is_mul * (res - oth);   // MUL returns the low word
  auto high = res + is_mul * (oth - res);  // the MULH variants return the high word
  auto carry = col(kCarryLo) + col(kCarryHi) * k16;

  // a0 b0 + 2^16 (a0 b1 + a1 b0) = low + 2^32 k                                    (degree 2)
  b.assert_zero(a0 * b0 + (a0 * b1 + a1 * b0) * k16 - low - carry * k32, "low word of the product");

  // Signed values A = a - 2^32 ea, B = b - 2^32 eb with ea = sa (MULH, MULHSU), eb = sb (MULH):
  // A B = low + 2^32 (a1 b1 + k - ea b - eb a + 2^32 ea eb), and that bracket = high - 2^32 wrap.
  auto ea = sa * (is_mulh + is_mulhsu);
  auto eb = sb * is_mulh;
  b.assert_zero(a1 * b1 + carry - ea * bv - eb * a + sa * sb * is_mulh * k32 - high + col(kWrap) * k32,
                "high word of the product");  // degree 3
}

}  // namespace goldfinch::circuit
