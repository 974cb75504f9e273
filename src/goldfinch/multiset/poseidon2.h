// Poseidon2 over Goldilocks, width 8 (HorizenLabs/Plonky3 parameters): the algebraic hash that
// hash_to_curve runs, chosen so a later AIR can constrain the same permutation cheaply
// (x^7 S-box, 8 full + 22 partial rounds). Native scalar code only; no SIMD.
#pragma once

#include <array>
#include <cstddef>

#include "goldfinch/field/goldilocks.h"

namespace goldfinch::multiset {

inline constexpr size_t kPoseidon2Width = 8;
inline constexpr size_t kPoseidon2FullRounds = 8;  // 4 before and 4 after the partial rounds
inline constexpr size_t kPoseidon2PartialRounds = 22;
using Poseidon2State = std::array<Fp, kPoseidon2Width>;

// The permutation, in place: M_E; 4 x (add constants, x^7 on all, M_E); 22 x (add a constant
// to s0, x^7 on s0, M_I); 4 x (add constants, x^7 on all, M_E). M_E applies the 4x4 matrix
// [[5,7,1,3],[4,6,1,1],[1,3,5,7],[1,1,4,6]] to each half and adds the two halves' sum to each;
// M_I = diag(kInternalDiagMinusOne) + ones.
void poseidon2_permute(Poseidon2State& state);

}  // namespace goldfinch::multiset
