#include "goldfinch/multiset/air/poseidon2_table.h"

namespace goldfinch::multiset {

using air::Direction;
using air::Interaction;
using air::LinearCombination;

std::vector<Interaction> Poseidon2Table::interactions() const {
  std::vector<LinearCombination> fields;
  for (uint32_t i = 0; i < kPoseidon2Width; ++i) fields.push_back(LinearCombination::main(p2col::kIn + i));
  for (size_t j = 0; j < kPoseidon2Width; ++j) {
    LinearCombination out;
    for (uint32_t i = 0; i < kPoseidon2Width; ++i)
      out.terms.push_back({air::Column::main(p2col::sbox_col(p2col::kLastRoundSbox + i) + 1),
                           Fp::from_canonical(kPoseidon2ExternalMatrix[j][i])});
    fields.push_back(out);
  }
  return {{circuit::kBusPoseidon2, fields, LinearCombination::main(p2col::kMult), Direction::kReceive}};
}

}  // namespace goldfinch::multiset
