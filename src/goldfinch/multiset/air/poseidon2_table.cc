#include "goldfinch/multiset/air/poseidon2_table.h"

namespace goldfinch::multiset {

using air::Direction;
using air::Interaction;
using air::LinearCombination;

std::vector<Interaction> Poseidon2Table::interactions() const {
  std::vector<LinearCombination> fields;
  for (uint32_t i = 0; i < kPoseidon2Width; ++i) fields.push_back(LinearCombination::main(p2col::kIn + i));
  for (size_t j = 0; j < kPoseidon2Width; ++j) fields.push_back(poseidon2_output_lc(p2col::kFirstSbox, j));
  return {{circuit::kBusPoseidon2, fields, LinearCombination::main(p2col::kMult), Direction::kReceive}};
}

}  // namespace goldfinch::multiset
