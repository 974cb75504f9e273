// The F_p^3 Horner table of the RV32IM circuit: the circuit side of the GF_FP3_HORNER precompile
// (precompile_events.h is the contract with the CPU). A call of n coefficients is n consecutive
// rows; row i reads coefficient c_i (2 or 6 words) and proves acc_{i+1} = (acc_i + c_i) * x in
// F_p^3 = F_p[t] / (t^3 - t - 1); the first row also reads a1..a4 and x, the last row writes
// out = acc_n as three canonical u64. docs/circuit_fp3_horner.md has every column and constraint.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "goldfinch/air/air.h"
#include "goldfinch/air/builders.h"
#include "goldfinch/circuit/buses.h"
#include "goldfinch/circuit/lookups.h"
#include "goldfinch/circuit/pinned_descriptions.h"
#include "goldfinch/circuit/precompile_events.h"

namespace goldfinch::circuit {

namespace fp3_cols {
inline constexpr uint32_t kMaxTerms = 4096;  // vm::kMaxFp3HornerTerms
// Row flags and the counter.
inline constexpr uint32_t kIsReal = 0;  // a row of a call
inline constexpr uint32_t kFirst = 1;   // the call's first row (receives the call, reads a1..a4 and x)
inline constexpr uint32_t kLast = 2;    // the call's last row (writes out)
inline constexpr uint32_t kCnt = 3;     // n - i on row i: n on the first row, 1 on the last
// Per-call constants (equal on every row of a call).
inline constexpr uint32_t kClk = 4;
inline constexpr uint32_t kN = 5;
inline constexpr uint32_t kIsExt = 6;  // kind = 1 + 2 is_ext
inline constexpr uint32_t kXW0 = 7;    // x pointer = 4 (w0 + 2^16 w1); likewise coefficients and out
inline constexpr uint32_t kXW1 = 8;
inline constexpr uint32_t kCW0 = 9;
inline constexpr uint32_t kCW1 = 10;
inline constexpr uint32_t kOW0 = 11;
inline constexpr uint32_t kOW1 = 12;
inline constexpr uint32_t kX = 13;       // x's 6 words: component j = word 2j + 2^32 word 2j+1
inline constexpr uint32_t kOut = 19;     // out's 6 words (canonical)
inline constexpr uint32_t kOutHi = 25;   // the high 16-bit limb of each out word
inline constexpr uint32_t kOutInv = 31;  // per component: 1 / (0xFFFFFFFF - hi word), or 0
// Per row.
inline constexpr uint32_t kCAddr = 34;    // word address of c_i's first word
inline constexpr uint32_t kC = 35;        // c_i's 6 words (words 2..5 zero for kind 1)
inline constexpr uint32_t kAcc = 41;      // acc_i, 3 components
inline constexpr uint32_t kAccNext = 44;  // (acc_i + c_i) * x = acc_{i+1}, 3 components
// Access slots: timestamp limbs of t - t_prev - 1, previous timestamps, read-only flags.
inline constexpr uint32_t kSlotTsPrev = 0, kSlotLo = 1, kSlotHi = 2, kSlotRo = 3;  // reads of x and c
inline constexpr uint32_t kSlotOld = 3;               // out slots: the word's value before the write
inline constexpr uint32_t kRegSlot = 47;              // a1..a4 on the first row: ts_prev, lo, hi
inline constexpr uint32_t kXSlot = kRegSlot + 4 * 3;  // x's 6 words on the first row
inline constexpr uint32_t kCSlot = kXSlot + 6 * 4;    // c_i's words on every row
inline constexpr uint32_t kOutSlot = kCSlot + 6 * 4;  // out's 6 words on the last row
inline constexpr uint32_t kNumCols = kOutSlot + 6 * 4;
inline constexpr uint32_t reg_slot(uint32_t r, uint32_t f) { return kRegSlot + 3 * r + f; }
inline constexpr uint32_t x_slot(uint32_t j, uint32_t f) { return kXSlot + 4 * j + f; }
inline constexpr uint32_t c_slot(uint32_t j, uint32_t f) { return kCSlot + 4 * j + f; }
inline constexpr uint32_t out_slot(uint32_t j, uint32_t f) { return kOutSlot + 4 * j + f; }
}  // namespace fp3_cols

class Fp3HornerTable : public air::AirBase<Fp3HornerTable> {
 public:
  std::string name() const override { return "fp3_horner"; }
  const air::PinnedDescription* pinned_description() const override { return circuit::pinned_description(name()); }
  size_t width() const override { return fp3_cols::kNumCols; }
  // A run without F_p^3 Horner calls leaves the table out of its proof (it has no rows).
  bool optional() const override { return true; }
  std::vector<air::Interaction> interactions() const override;
  template <class B>
  void eval(B& b) const;
  // n rows per event, then padding rows up to a power of two (at least 4), zero but for the out
  // inverses of out = 0. Records the range lookups in `counts`.
  static RowMajorMatrix trace(std::span<const Fp3HornerEvent> events, LookupCounts& counts);
};

template <class B>
void Fp3HornerTable::eval(B& b) const {
  using namespace fp3_cols;
  using E = typename B::Expr;
  auto c = [&](uint32_t i) { return b.main(i); };
  auto nx = [&](uint32_t i) { return b.main_next(i); };
  auto k = [&](uint64_t v) { return b.constant(Fp::from_u64(v)); };
  const E one = k(1), two16 = k(1 << 16), two32 = k(uint64_t{1} << 32);
  const E is_real = c(kIsReal), first = c(kFirst), last = c(kLast), is_ext = c(kIsExt);
  const E cont = is_real - last;  // a row of a call that is not its last: the next row continues it
  const E pad = one - is_real;

  // Row flags: first, last and is_ext only on real rows; calls start at row 0 or after a call's
  // last row, run over consecutive rows and end by the table's last row; padding only at the end.
  for (uint32_t f : {kIsReal, kFirst, kLast, kIsExt}) b.assert_bool(c(f), "flag is boolean");
  b.assert_zero(pad * (first + last + is_ext), "padding: no first, last or is_ext");
  b.assert_zero_first_row(is_real - first, "a real row 0 starts a call");
  b.assert_zero_transition(cont * (one - nx(kIsReal)), "a call continues on the next row");
  b.assert_zero_transition(cont * nx(kFirst), "a call continues on the next row");
  b.assert_zero_transition((one - cont) * (nx(kIsReal) - nx(kFirst)), "a call starts after the last row of one");
  b.assert_zero_transition(pad * nx(kIsReal), "padding only at the end");
  b.assert_zero_last_row(cont, "the last row ends a call");

  // Per-call constants, and zero on padding rows.
  // (The out inverses are fixed by out on every row, so they need neither.)
  for (uint32_t col = kClk; col < kOutInv; ++col) {
    b.assert_zero_transition(cont * (nx(col) - c(col)), "call parameter constant within the call");
    b.assert_zero(pad * c(col), "padding: zero parameters");
  }
  b.assert_zero(pad * c(kCnt), "padding: zero row");
  for (uint32_t col = kCAddr; col < kRegSlot; ++col) b.assert_zero(pad * c(col), "padding: zero row");

  // The counter: n on the first row, one less on each next row of the call, 1 on the last, so a
  // call has exactly n rows (1 <= n <= 4096 by the range checks of n - 1 and 4096 - n).
  b.assert_zero(first * (c(kCnt) - c(kN)), "counter starts at n");
  b.assert_zero_transition(cont * (nx(kCnt) - c(kCnt) + one), "counter decreases by 1");
  b.assert_zero(last * (c(kCnt) - one), "counter ends at 1");

  // Coefficient addresses: a1 / 4 on the first row, 2 kind words further on each next row.
  b.assert_zero(first * (c(kCAddr) - c(kCW0) - two16 * c(kCW1)), "coefficients start at a1");
  b.assert_zero_transition(cont * (nx(kCAddr) - c(kCAddr) - k(2) - k(4) * is_ext), "coefficient address advances");
  for (uint32_t w = 2; w < 6; ++w) b.assert_zero((one - is_ext) * c(kC + w), "kind 1: coefficient in F_p");

  // The Horner step in F_p^3: next = (acc + c) * x, t^3 = t + 1.
  E a[3], x[3], o[3];
  for (uint32_t j = 0; j < 3; ++j) {
    a[j] = c(kAcc + j) + c(kC + 2 * j) + two32 * c(kC + 2 * j + 1);
    x[j] = c(kX + 2 * j) + two32 * c(kX + 2 * j + 1);
    o[j] = c(kOut + 2 * j) + two32 * c(kOut + 2 * j + 1);
  }
  const E d0 = a[0] * x[0], d1 = a[0] * x[1] + a[1] * x[0], d2 = a[0] * x[2] + a[1] * x[1] + a[2] * x[0],
          d3 = a[1] * x[2] + a[2] * x[1], d4 = a[2] * x[2];
  const E next[3] = {d0 + d3, d1 + d3 + d4, d2 + d4};
  // (acc_next holds the product, so the transition stays of degree 3 with its selector.)
  for (uint32_t j = 0; j < 3; ++j) {
    b.assert_zero(first * c(kAcc + j), "acc starts at 0");
    b.assert_zero(c(kAccNext + j) - next[j], "acc_next = (acc + c) * x");
    b.assert_zero_transition(cont * (nx(kAcc + j) - c(kAccNext + j)), "acc = previous acc_next");
    b.assert_zero(last * (o[j] - c(kAccNext + j)), "out = acc_next on the last row");
  }

  // out canonical: each u64 below p, i.e. hi word 0xFFFFFFFF only with lo word 0. With
  // d = 0xFFFFFFFF - hi and inv its inverse (0 when d = 0), is_max = 1 - d inv is 1 iff d = 0.
  for (uint32_t j = 0; j < 3; ++j) {
    const E d = k(0xFFFFFFFFu) - c(kOut + 2 * j + 1), inv = c(kOutInv + j);
    const E is_max = one - d * inv;
    b.assert_zero(d * is_max, "out canonical: inv inverts 0xFFFFFFFF - hi");
    b.assert_zero(inv * is_max, "out canonical: inv is 0 when hi = 0xFFFFFFFF");
    b.assert_zero(c(kOut + 2 * j) * is_max, "out canonical: hi = 0xFFFFFFFF only with lo = 0");
  }

  // Access slots: used on the first row (registers, x), every real row (c), the last row (out);
  // unused slots are zero. ro only on reads of x and c.
  const E ts = k(4) * c(kClk);
  auto gap = [&](const E& t, uint32_t base) {
    return t - c(base + kSlotTsPrev) - one - c(base + kSlotLo) - two16 * c(base + kSlotHi);
  };
  for (uint32_t r = 0; r < 4; ++r) {
    for (uint32_t f = 0; f < 3; ++f) b.assert_zero((one - first) * c(reg_slot(r, f)), "slot: unused slot is zero");
    b.assert_zero(first * gap(ts + k(2), reg_slot(r, 0)), "slot: accessed after its previous access");
  }
  for (uint32_t j = 0; j < 6; ++j) {
    for (uint32_t f = 0; f < 4; ++f) b.assert_zero((one - first) * c(x_slot(j, f)), "slot: unused slot is zero");
    b.assert_bool(c(x_slot(j, kSlotRo)), "slot: ro is boolean");
    b.assert_zero(first * gap(ts + one, x_slot(j, 0)), "slot: accessed after its previous access");
    const E mult = j < 2 ? is_real : is_ext;
    for (uint32_t f = 0; f < 4; ++f) b.assert_zero((one - mult) * c(c_slot(j, f)), "slot: unused slot is zero");
    b.assert_bool(c(c_slot(j, kSlotRo)), "slot: ro is boolean");
    b.assert_zero(mult * gap(ts + k(2), c_slot(j, 0)), "slot: accessed after its previous access");
    for (uint32_t f = 0; f < 4; ++f) b.assert_zero((one - last) * c(out_slot(j, f)), "slot: unused slot is zero");
    b.assert_zero(last * gap(ts + k(3), out_slot(j, 0)), "slot: accessed after its previous access");
  }
}

}  // namespace goldfinch::circuit
