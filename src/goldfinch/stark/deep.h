// The order of the DEEP terms of one trace-height class, shared by the prover (deep_reduce over
// the whole LDE) and the verifier (the same sum at each query point).
#pragma once

#include <cstdint>
#include <vector>

#include "goldfinch/stark/layout.h"

namespace goldfinch::stark::detail {

// The DEEP terms of one height class, in the canonical order (round, matrix column): for each
// column the opening index at z and at z*w (-1 for quotient columns, opened at z only).
struct DeepColumn {
  Round round;
  size_t column;         // in the class matrix of that round
  size_t opening_z;
  int64_t opening_zw;    // -1: none
};
std::vector<DeepColumn> deep_columns(const ProofLayout& L, unsigned class_log_height);

}  // namespace goldfinch::stark::detail
