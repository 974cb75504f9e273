#include "goldfinch/multiset/air/poseidon2_table.h"

#include "goldfinch/base/parallel.h"

namespace goldfinch::multiset {

Poseidon2State Poseidon2Table::fill_row(std::span<Fp> row, const Poseidon2State& input, Fp mult) {
  GF_CHECK(row.size() == p2col::kNumCols, "poseidon2 row width");
  for (uint32_t i = 0; i < kPoseidon2Width; ++i) row[p2col::kIn + i] = input[i];
  row[p2col::kMult] = mult;
  return poseidon2_fill_rounds(row, p2col::kFirstSbox, input);
}

RowMajorMatrix Poseidon2Table::trace(std::span<const Poseidon2State> inputs, size_t height) {
  GF_CHECK(inputs.size() <= height, "poseidon2 trace: more inputs than rows");
  RowMajorMatrix t(height, p2col::kNumCols);
  parallel_for(height, [&](size_t r) {
    const std::span<Fp> row = t.row(r);
    if (r < inputs.size()) fill_row(row, inputs[r], Fp::one());
    else fill_row(row, Poseidon2State{}, Fp::zero());
  }, 64);
  return t;
}

}  // namespace goldfinch::multiset
