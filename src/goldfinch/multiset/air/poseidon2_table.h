// The Poseidon2 (width 8) permutation as an AIR table, one row per permutation: the hash-to-curve
// table looks its permutations up here (bus kBusPoseidon2, docs/circuit_multiset.md). Every
// round is constrained exactly as poseidon2_permute by the shared rounds (poseidon2_rounds.h, which
// the GF_POSEIDON2 precompile table uses too): two cells per x^7 S-box, every constraint of degree 3.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "goldfinch/air/air.h"
#include "goldfinch/air/builders.h"
#include "goldfinch/circuit/buses.h"
#include "goldfinch/circuit/pinned_descriptions.h"
#include "goldfinch/multiset/air/poseidon2_rounds.h"
#include "goldfinch/multiset/poseidon2.h"

namespace goldfinch::multiset {

namespace p2col {
// Row: in[8], m, then the permutation's cells (poseidon2_rounds.h): for each S-box in round order a
// pair (cube = a^3, out = a^7): 4 full rounds of 8, 22 partial rounds of 1, 4 full rounds of 8.
inline constexpr uint32_t kIn = 0;
inline constexpr uint32_t kMult = 8;
inline constexpr uint32_t kFirstSbox = 9;
inline constexpr uint32_t kNumSboxes = p2rounds::kNumSboxes;
inline constexpr uint32_t kNumCols = kFirstSbox + p2rounds::kNumCells;  // 181
// The column of S-box number `i` in round order (its cube; out is the next column).
inline constexpr uint32_t sbox_col(uint32_t i) { return kFirstSbox + 2 * i; }
// The S-boxes of the last full round (lane j is S-box kNumSboxes - 8 + j).
inline constexpr uint32_t kLastRoundSbox = p2rounds::kLastRoundSbox;
}  // namespace p2col

// Columns p2col. Receives (in[8], out[8]) on kBusPoseidon2 with multiplicity m, where out is the
// external matrix applied to the last round's S-box outputs (a linear combination of columns, so
// the output needs no cells of its own). Every row, padding included, is a whole permutation.
class Poseidon2Table : public air::AirBase<Poseidon2Table> {
 public:
  std::string name() const override { return "poseidon2"; }
  const air::PinnedDescription* pinned_description() const override { return circuit::pinned_description(name()); }
  size_t width() const override { return p2col::kNumCols; }
  std::vector<air::Interaction> interactions() const override;
  template <class B>
  void eval(B& b) const;

  // Fills one row (width kNumCols) for `input` with multiplicity `mult`; returns the output.
  static Poseidon2State fill_row(std::span<Fp> row, const Poseidon2State& input, Fp mult);
  // One row per input (multiplicity 1), padded to `height` rows with the permutation of zero
  // (multiplicity 0). height: a power of two >= inputs.size().
  static RowMajorMatrix trace(std::span<const Poseidon2State> inputs, size_t height);
};

template <class B>
void Poseidon2Table::eval(B& b) const {
  std::array<typename B::Expr, kPoseidon2Width> s;
  for (uint32_t i = 0; i < kPoseidon2Width; ++i) s[i] = b.main(p2col::kIn + i);
  poseidon2_eval_rounds(b, s, p2col::kFirstSbox);
}

}  // namespace goldfinch::multiset
