// The Poseidon2 (width 8) permutation as an AIR table, one row per permutation: the hash-to-curve
// table looks its permutations up here (bus kBusPoseidon2, docs/circuit_multiset.md). Every
// round is constrained exactly as poseidon2_permute; each x^7 S-box costs two cells (a^3 and
// a^7) so that every constraint has degree 3, and the linear layers stay inside the expressions.
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
#include "goldfinch/multiset/poseidon2.h"
#include "goldfinch/multiset/poseidon2_constants.h"

namespace goldfinch::multiset {

namespace p2col {
// Row: in[8], m, then for each S-box in round order a pair (cube = a^3, out = a^7): 4 full rounds
// of 8, 22 partial rounds of 1, 4 full rounds of 8 (86 S-boxes).
inline constexpr uint32_t kIn = 0;
inline constexpr uint32_t kMult = 8;
inline constexpr uint32_t kFirstSbox = 9;
inline constexpr uint32_t kNumSboxes = kPoseidon2FullRounds * kPoseidon2Width + kPoseidon2PartialRounds;
inline constexpr uint32_t kNumCols = kFirstSbox + 2 * kNumSboxes;  // 181
// The column of S-box number `i` in round order (its cube; out is the next column).
inline constexpr uint32_t sbox_col(uint32_t i) { return kFirstSbox + 2 * i; }
// The S-boxes of the last full round (lane j is S-box kNumSboxes - 8 + j).
inline constexpr uint32_t kLastRoundSbox = kNumSboxes - kPoseidon2Width;
}  // namespace p2col

// The permutation written once over any ring T (field elements for the trace, expressions for the
// builders): k(c) lifts a constant, sbox(a, column) returns a^7 for the S-box whose cells start at
// `column` (the trace fill computes and stores them; eval reads and constrains them).
template <class T, class Konst, class SBox>
void poseidon2_walk(std::array<T, kPoseidon2Width>& s, Konst&& k, SBox&& sbox) {
  namespace pc = poseidon2_constants;
  auto m4 = [](T* v) {
    const T t0 = v[0] + v[1];
    const T t1 = v[2] + v[3];
    const T t2 = v[1] + v[1] + t1;
    const T t3 = v[3] + v[3] + t0;
    const T t4 = t1 + t1 + t1 + t1 + t3;
    const T t5 = t0 + t0 + t0 + t0 + t2;
    v[0] = t3 + t5;
    v[1] = t5;
    v[2] = t2 + t4;
    v[3] = t4;
  };
  auto external = [&] {
    m4(&s[0]);
    m4(&s[4]);
    for (size_t i = 0; i < 4; ++i) {
      const T sum = s[i] + s[i + 4];
      s[i] = s[i] + sum;
      s[i + 4] = s[i + 4] + sum;
    }
  };
  auto internal = [&] {
    T sum = s[0];
    for (size_t i = 1; i < kPoseidon2Width; ++i) sum = sum + s[i];
    for (size_t i = 0; i < kPoseidon2Width; ++i) s[i] = s[i] * k(Fp::from_canonical(pc::kInternalDiagMinusOne[i])) + sum;
  };
  uint32_t next = 0;
  auto full_round = [&](size_t r) {
    for (size_t i = 0; i < kPoseidon2Width; ++i)
      s[i] = sbox(s[i] + k(Fp::from_canonical(pc::kExternal[r][i])), p2col::sbox_col(next++));
    external();
  };
  external();
  for (size_t r = 0; r < kPoseidon2FullRounds / 2; ++r) full_round(r);
  for (size_t r = 0; r < kPoseidon2PartialRounds; ++r) {
    s[0] = sbox(s[0] + k(Fp::from_canonical(pc::kInternal[r])), p2col::sbox_col(next++));
    internal();
  }
  for (size_t r = kPoseidon2FullRounds / 2; r < kPoseidon2FullRounds; ++r) full_round(r);
}

// The external matrix M_E of poseidon2_walk's linear layer (row j: output lane j), written out so
// that the verifier does not derive it at first use; the test ExternalMatrixIsTheWalksLinearLayer
// checks it against the walk applied to unit vectors.
inline constexpr std::array<std::array<uint64_t, kPoseidon2Width>, kPoseidon2Width> kPoseidon2ExternalMatrix = {{
    {10, 14, 2, 6, 5, 7, 1, 3},
    {8, 12, 2, 2, 4, 6, 1, 1},
    {2, 6, 10, 14, 1, 3, 5, 7},
    {2, 2, 8, 12, 1, 1, 4, 6},
    {5, 7, 1, 3, 10, 14, 2, 6},
    {4, 6, 1, 1, 8, 12, 2, 2},
    {1, 3, 5, 7, 2, 6, 10, 14},
    {1, 1, 4, 6, 2, 2, 8, 12},
}};

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
  using E = typename B::Expr;
  std::array<E, kPoseidon2Width> s;
  for (uint32_t i = 0; i < kPoseidon2Width; ++i) s[i] = b.main(p2col::kIn + i);
  poseidon2_walk<E>(s, [&](Fp c) { return b.constant(c); }, [&](E a, uint32_t col) -> E {
    const E cube = b.main(col);
    const E out = b.main(col + 1);
    b.assert_zero(cube - a * a * a, "poseidon2 S-box: cube = a^3");
    b.assert_zero(out - cube * cube * a, "poseidon2 S-box: out = cube^2 a");
    return out;
  });
}

}  // namespace goldfinch::multiset
