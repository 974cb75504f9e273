// The FRI folding step, shared by the prover and the verifier.
#pragma once

#include "goldfinch/field/ext3.h"

namespace goldfinch::stark {

// One fold of the pair (F(x), F(-x)) with challenge beta: (a + b)/2 + beta (a - b)/(2x).
inline Fp3 fri_fold(const Fp3& a, const Fp3& b, const Fp3& beta, Fp inv_two_x) {
  static const Fp kInvTwo = Fp::from_canonical(2).inverse();
  return (a + b) * kInvTwo + beta * ((a - b) * inv_two_x);
}

}  // namespace goldfinch::stark
