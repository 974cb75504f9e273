// The hash-to-curve table: one row per (tuple, sign) of a shard's cross-shard memory multiset.
// It receives the tuple, asks the Poseidon2 table for the permutation of the spec's input
// (t0..t3, k, 4, 0, D) at the claimed counter k, takes x from the output, proves
// y^2 = x^3 + A x + B in GF(p^5) and the sign rule (y0 even, non-zero, canonical), and sends the
// signed point (x, +-y) to the sum table. docs/circuit_multiset.md has every column and why.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "goldfinch/air/air.h"
#include "goldfinch/air/builders.h"
#include "goldfinch/circuit/buses.h"
#include "goldfinch/circuit/pinned_descriptions.h"
#include "goldfinch/circuit/lookups.h"
#include "goldfinch/multiset/air/fp5_expr.h"
#include "goldfinch/multiset/ecgfp5.h"
#include "goldfinch/multiset/hash_to_curve.h"

namespace goldfinch::multiset {

// Memory tuples are (tag, addr, value, clk): the table fixes the spec's length lane L to 4.
inline constexpr size_t kTableTupleLen = 4;
using Tuple = std::array<Fp, kTableTupleLen>;

namespace h2c {
enum Col : uint32_t {
  kIsSend, kIsReceive,          // the row's kind (boolean, at most one); both 0 on padding rows
  kT0, kT1, kT2, kT3,           // the tuple
  kK,                           // the counter k < 256
  kX0, kX1, kX2, kX3, kX4,      // x = Poseidon2 output lanes 0..4
  kS5, kS6, kS7,                // output lanes 5..7 (only to complete the bus tuple)
  kY0, kY1, kY2, kY3, kY4,      // y, the root with y0 even
  kY0Inv,                       // y0 * y0_inv = 1
  kHalfLo, kHalfHi,             // y0_lo / 2 = half_lo + 2^16 half_hi (16- and 15-bit limbs)
  kHiLo, kHiHi,                 // y0_hi = hi_lo + 2^16 hi_hi (16-bit limbs)
  kCanonInv,                    // (y0_hi - (2^32 - 1)) * canon_inv = 1 unless y0_lo = 0
  kNumCols
};
}  // namespace h2c

// One row's cells from a (checked) native witness.
struct HashToCurveRow {
  Tuple tuple{};
  HashToCurveWitness w;
  bool send = true;
};

// Columns h2c. Constraints on every row (padding rows hold an honest row with both kinds 0):
// kinds boolean and exclusive; y^2 = x^3 + A x + B (five, degree 3); y0 * y0_inv = 1;
// y0 = 2 (half_lo + 2^16 half_hi) + 2^32 (hi_lo + 2^16 hi_hi); half * (1 - (hi - (2^32-1)) canon_inv) = 0.
// Interactions (multiplicity is_real = is_send + is_receive unless stated):
//   receives (is_send + 2 is_receive, t0..t3) on kBusMultisetTuple;
//   sends (t0..t3, k, 4, 0, D, x0..x4, s5..s7) on kBusPoseidon2;
//   sends (x, y) on kBusMultisetPoint with is_send, (x, -y) with is_receive;
//   sends half_lo, half_hi, 2 half_hi, hi_lo, hi_hi, k, 256 k on kBusRange16.
class HashToCurveTable : public air::AirBase<HashToCurveTable> {
 public:
  std::string name() const override { return "multiset_hash_to_curve"; }
  const air::PinnedDescription* pinned_description() const override { return circuit::pinned_description(name()); }
  size_t width() const override { return h2c::kNumCols; }
  std::vector<air::Interaction> interactions() const override;
  template <class B>
  void eval(B& b) const;

  // Writes one row and records its range lookups in `counts` when `real`.
  static void fill_row(std::span<Fp> row, const HashToCurveRow& r, bool real, circuit::LookupCounts* counts);
  // One row per entry, padded to `height` with `padding` (an honest row, kinds 0, no lookups).
  static RowMajorMatrix trace(std::span<const HashToCurveRow> rows, const HashToCurveRow& padding, size_t height,
                              circuit::LookupCounts& counts);
};

template <class B>
void HashToCurveTable::eval(B& b) const {
  using namespace h2c;
  using E = typename B::Expr;
  auto c = [&](Col col) { return b.main(col); };
  auto k = [&](uint64_t v) { return b.constant(Fp::from_u64(v)); };
  b.assert_bool(c(kIsSend), "is_send is boolean");
  b.assert_bool(c(kIsReceive), "is_receive is boolean");
  b.assert_bool(c(kIsSend) + c(kIsReceive), "a row is a send or a receive, not both");

  // y^2 = x^3 + A x + B in GF(p^5).
  const Fp5Expr<E> x = fp5_main(b, kX0);
  const Fp5Expr<E> y = fp5_main(b, kY0);
  const Fp5Expr<E> lhs = fp5_mul(b, y, y);
  const Fp5Expr<E> rhs = fp5_add(fp5_add(fp5_mul(b, fp5_mul(b, x, x), x), fp5_mul(b, fp5_const(b, kCurveA), x)),
                                 fp5_const(b, kCurveB));
  for (size_t i = 0; i < Fp5::kDegree; ++i) b.assert_zero(lhs[i] - rhs[i], "y^2 = x^3 + A x + B");

  // The sign rule: y0 != 0, y0 = y0_lo + 2^32 y0_hi canonically with y0_lo = 2 half even.
  b.assert_zero(c(kY0) * c(kY0Inv) - k(1), "y0 * y0_inv = 1 (y0 != 0)");
  const E half = c(kHalfLo) + k(1 << 16) * c(kHalfHi);
  const E hi = c(kHiLo) + k(1 << 16) * c(kHiHi);
  b.assert_zero(c(kY0) - k(2) * half - k(uint64_t{1} << 32) * hi, "y0 = 2 half + 2^32 hi (y0 even)");
  b.assert_zero(half * (k(1) - (hi - k(0xFFFFFFFFull)) * c(kCanonInv)), "y0 limbs canonical (hi = 2^32-1 => lo = 0)");
}

}  // namespace goldfinch::multiset
