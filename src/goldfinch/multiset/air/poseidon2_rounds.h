// The Poseidon2 (width 8) rounds as AIR cells, written once for every table that constrains a
// permutation: the memory argument's poseidon2 table (poseidon2_table.h) and the GF_POSEIDON2
// precompile table (circuit/poseidon2_precompile_table.h). A permutation takes 2 cells per S-box
// (a^3 and a^7, so every constraint has degree 3) in round order; the linear layers stay inside
// the expressions, and the output is a linear combination of the last round's S-box cells.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "goldfinch/air/air.h"
#include "goldfinch/multiset/poseidon2.h"
#include "goldfinch/multiset/poseidon2_constants.h"

namespace goldfinch::multiset {

namespace p2rounds {
// S-boxes in round order: 4 full rounds of 8, 22 partial rounds of 1, 4 full rounds of 8.
inline constexpr uint32_t kNumSboxes = kPoseidon2FullRounds * kPoseidon2Width + kPoseidon2PartialRounds;  // 86
inline constexpr uint32_t kNumCells = 2 * kNumSboxes;                                                     // 172
// The S-boxes of the last full round (lane j is S-box kNumSboxes - 8 + j).
inline constexpr uint32_t kLastRoundSbox = kNumSboxes - kPoseidon2Width;
}  // namespace p2rounds

// The permutation written once over any ring T (field elements for the trace, expressions for the
// builders): k(c) lifts a constant, sbox(a, column) returns a^7 for the S-box whose cells start at
// `column` = first + 2 i for S-box i (the trace fill computes and stores them; eval reads and
// constrains them).
template <class T, class Konst, class SBox>
void poseidon2_walk(std::array<T, kPoseidon2Width>& s, Konst&& k, SBox&& sbox, uint32_t first) {
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
    for (size_t i = 0; i < kPoseidon2Width; ++i)
      s[i] = s[i] * k(Fp::from_canonical(pc::kInternalDiagMinusOne[i])) + sum;
  };
  uint32_t next = 0;
  auto full_round = [&](size_t r) {
    for (size_t i = 0; i < kPoseidon2Width; ++i)
      s[i] = sbox(s[i] + k(Fp::from_canonical(pc::kExternal[r][i])), first + 2 * next++);
    external();
  };
  external();
  for (size_t r = 0; r < kPoseidon2FullRounds / 2; ++r) full_round(r);
  for (size_t r = 0; r < kPoseidon2PartialRounds; ++r) {
    s[0] = sbox(s[0] + k(Fp::from_canonical(pc::kInternal[r])), first + 2 * next++);
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

// Constrains the permutation of `s` whose cells start at column `first` (2 constraints of degree
// 3 per S-box: cube = a^3, out = cube^2 a); on return `s` holds the output as expressions.
template <class B>
void poseidon2_eval_rounds(B& b, std::array<typename B::Expr, kPoseidon2Width>& s, uint32_t first) {
  using E = typename B::Expr;
  poseidon2_walk<E>(
      s, [&](Fp c) { return b.constant(c); },
      [&](E a, uint32_t col) -> E {
        const E cube = b.main(col);
        const E out = b.main(col + 1);
        b.assert_zero(cube - a * a * a, "poseidon2 S-box: cube = a^3");
        b.assert_zero(out - cube * cube * a, "poseidon2 S-box: out = cube^2 a");
        return out;
      },
      first);
}

// Writes the S-box cells of the permutation of `input` into row[first, first + kNumCells);
// returns the output.
inline Poseidon2State poseidon2_fill_rounds(std::span<Fp> row, uint32_t first, const Poseidon2State& input) {
  Poseidon2State s = input;
  poseidon2_walk<Fp>(
      s, [](Fp c) { return c; },
      [&](Fp a, uint32_t col) {
        const Fp cube = a.square() * a;
        const Fp out = cube.square() * a;
        row[col] = cube;
        row[col + 1] = out;
        return out;
      },
      first);
  return s;
}

// Output lane j as a linear combination of the cells starting at `first`: M_E applied to the last
// full round's S-box outputs.
inline air::LinearCombination poseidon2_output_lc(uint32_t first, size_t lane) {
  air::LinearCombination out;
  for (uint32_t i = 0; i < kPoseidon2Width; ++i)
    out.terms.push_back({air::Column::main(first + 2 * (p2rounds::kLastRoundSbox + i) + 1),
                         Fp::from_canonical(kPoseidon2ExternalMatrix[lane][i])});
  return out;
}

}  // namespace goldfinch::multiset
