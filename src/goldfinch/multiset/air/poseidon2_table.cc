#include "goldfinch/multiset/air/poseidon2_table.h"

namespace goldfinch::multiset {

using air::Direction;
using air::Interaction;
using air::LinearCombination;

namespace {

// The external matrix M_E as an explicit 8x8 matrix (row j: output lane j), from the walk's own
// linear layer applied to unit vectors, so the bus output uses exactly the constrained layer.
std::array<std::array<Fp, kPoseidon2Width>, kPoseidon2Width> external_matrix() {
  std::array<std::array<Fp, kPoseidon2Width>, kPoseidon2Width> m{};
  for (size_t i = 0; i < kPoseidon2Width; ++i) {
    // Run the last full round's linear layer on e_i: a walk whose S-boxes return zero until the
    // last round, which returns e_i, leaves M_E e_i in the state.
    std::array<Fp, kPoseidon2Width> s{};
    poseidon2_walk<Fp>(s, [](Fp c) { return c; }, [&](Fp, uint32_t col) {
      const uint32_t idx = (col - p2col::kFirstSbox) / 2;
      return idx == p2col::kLastRoundSbox + i ? Fp::one() : Fp::zero();
    });
    for (size_t j = 0; j < kPoseidon2Width; ++j) m[j][i] = s[j];
  }
  return m;
}

}  // namespace

std::vector<Interaction> Poseidon2Table::interactions() const {
  static const auto kMe = external_matrix();
  std::vector<LinearCombination> fields;
  for (uint32_t i = 0; i < kPoseidon2Width; ++i) fields.push_back(LinearCombination::main(p2col::kIn + i));
  for (size_t j = 0; j < kPoseidon2Width; ++j) {
    LinearCombination out;
    for (uint32_t i = 0; i < kPoseidon2Width; ++i)
      out.terms.push_back({air::Column::main(p2col::sbox_col(p2col::kLastRoundSbox + i) + 1), kMe[j][i]});
    fields.push_back(out);
  }
  return {{circuit::kBusPoseidon2, fields, LinearCombination::main(p2col::kMult), Direction::kReceive}};
}

}  // namespace goldfinch::multiset
