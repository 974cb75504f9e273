// The Poseidon2 precompile table of the RV32IM circuit: the circuit side of GF_POSEIDON2
// (precompile_events.h is the contract with the CPU). One row per call: it receives the call
// (kPrecompilePoseidon2, clk, a0), reads the 16 state words and writes them back permuted at
// 4 clk + 2, checks both states canonical (each u64 < p) and constrains the permutation with the
// shared Poseidon2 rounds (multiset/air/poseidon2_rounds.h, as the memory argument's poseidon2
// table). docs/circuit_poseidon2_precompile.md has every column and constraint.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "goldfinch/air/air.h"
#include "goldfinch/air/builders.h"
#include "goldfinch/circuit/buses.h"
#include "goldfinch/circuit/lookups.h"
#include "goldfinch/circuit/pinned_descriptions.h"
#include "goldfinch/circuit/precompile_events.h"
#include "goldfinch/multiset/air/poseidon2_rounds.h"

namespace goldfinch::circuit {

namespace p2p_cols {
inline constexpr uint32_t kWords = 16;  // 8 elements of two 32-bit words (lo, hi)
inline constexpr uint32_t kCall = 0;    // a real call (padding rows: 0)
inline constexpr uint32_t kClk = 1;
inline constexpr uint32_t kH0 = 2;  // a0 = 8 h0 + 2^19 h1 (h0 and 8 h1 16-bit: 8-aligned, < 2^32)
inline constexpr uint32_t kH1 = 3;
inline constexpr uint32_t kIn = 4;                    // the 16 words before the call
inline constexpr uint32_t kInInv = kIn + kWords;      // per element: 1 / (0xFFFFFFFF - hi), or 0
inline constexpr uint32_t kOut = kInInv + 8;          // the 16 words after the call
inline constexpr uint32_t kOutHi = kOut + kWords;     // the high 16-bit limb of each out word
inline constexpr uint32_t kOutInv = kOutHi + kWords;  // per element, as kInInv
// Per word: the previous access's timestamp and the 16-bit limbs of 4 clk + 2 - ts_prev - 1.
inline constexpr uint32_t kSlotTsPrev = 0, kSlotTsLo = 1, kSlotTsHi = 2;
inline constexpr uint32_t kSlots = kOutInv + 8;
inline constexpr uint32_t slot(uint32_t w, uint32_t f) { return kSlots + 3 * w + f; }
inline constexpr uint32_t kRounds = kSlots + 3 * kWords;                       // the permutation's 172 S-box cells
inline constexpr uint32_t kNumCols = kRounds + multiset::p2rounds::kNumCells;  // 288
}  // namespace p2p_cols

class Poseidon2PrecompileTable : public air::AirBase<Poseidon2PrecompileTable> {
 public:
  std::string name() const override { return "poseidon2_precompile"; }
  const air::PinnedDescription* pinned_description() const override { return circuit::pinned_description(name()); }
  size_t width() const override { return p2p_cols::kNumCols; }
  // A run without GF_POSEIDON2 calls leaves the table out of its proof (it has no rows).
  bool optional() const override { return true; }
  std::vector<air::Interaction> interactions() const override;
  template <class B>
  void eval(B& b) const;

  // Fills one row (width kNumCols) for `ev`; a padding row when ev is null (call 0, the
  // permutation of the zero state). Records the range lookups of a real row in `counts`.
  static void fill_row(std::span<Fp> row, const Poseidon2Event* ev, LookupCounts* counts);
  // One row per event, then padding rows up to a power of two (at least 4).
  static RowMajorMatrix trace(std::span<const Poseidon2Event> events, LookupCounts& counts);
};

template <class B>
void Poseidon2PrecompileTable::eval(B& b) const {
  using namespace p2p_cols;
  using E = typename B::Expr;
  auto c = [&](uint32_t i) { return b.main(i); };
  auto k = [&](uint64_t v) { return b.constant(Fp::from_u64(v)); };
  const E one = k(1), two16 = k(1 << 16), two32 = k(uint64_t{1} << 32);
  const E call = c(kCall), pad = one - call;

  b.assert_bool(call, "call is boolean");
  // Padding rows: no clock, pointer, timestamps, input or out limbs (their bus multiplicities are
  // 0 anyway; this keeps the witness unique).
  for (uint32_t col : {kClk, kH0, kH1}) b.assert_zero(pad * c(col), "padding: zero call parameters");
  for (uint32_t w = 0; w < kWords; ++w) {
    b.assert_zero(pad * c(kIn + w), "padding: zero state");
    b.assert_zero(pad * c(kOutHi + w), "padding: zero out limbs");
    for (uint32_t f = 0; f < 3; ++f) b.assert_zero(pad * c(slot(w, f)), "padding: zero timestamps");
  }

  // Both states canonical: each element's u32 words (lo, hi) give a u64 below p, i.e. hi =
  // 0xFFFFFFFF only with lo = 0. With d = 0xFFFFFFFF - hi and inv its inverse (0 when d = 0),
  // is_max = 1 - d inv is 1 iff d = 0. (In words are u32 as every word on the memory bus; out
  // words are range-checked below.)
  auto canonical = [&](uint32_t words, uint32_t inv_col, const char* what) {
    for (uint32_t i = 0; i < 8; ++i) {
      const E d = k(0xFFFFFFFFu) - c(words + 2 * i + 1), inv = c(inv_col + i);
      const E is_max = one - d * inv;
      b.assert_zero(d * is_max, what);
      b.assert_zero(inv * is_max, what);
      b.assert_zero(c(words + 2 * i) * is_max, what);
    }
  };
  canonical(kIn, kInInv, "in canonical: hi = 0xFFFFFFFF only with lo = 0");
  canonical(kOut, kOutInv, "out canonical: hi = 0xFFFFFFFF only with lo = 0");

  // The permutation: the elements lo + 2^32 hi through the shared rounds; out = the output.
  std::array<E, multiset::kPoseidon2Width> s;
  for (uint32_t i = 0; i < 8; ++i) s[i] = c(kIn + 2 * i) + two32 * c(kIn + 2 * i + 1);
  multiset::poseidon2_eval_rounds(b, s, kRounds);
  for (uint32_t i = 0; i < 8; ++i)
    b.assert_zero(c(kOut + 2 * i) + two32 * c(kOut + 2 * i + 1) - s[i], "out = poseidon2(in)");

  // Each word's access at 4 clk + 2 is after its previous one: the gap t - ts_prev - 1 is two
  // 16-bit limbs (range-checked in the interactions).
  const E ts = k(4) * c(kClk) + k(2);
  for (uint32_t w = 0; w < kWords; ++w)
    b.assert_zero(call * (ts - c(slot(w, kSlotTsPrev)) - one - c(slot(w, kSlotTsLo)) - two16 * c(slot(w, kSlotTsHi))),
                  "state word accessed after its previous access");
}

}  // namespace goldfinch::circuit
