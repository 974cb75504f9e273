// The FRI folding step, shared by the prover and the verifier.
#pragma once

#include "goldfinch/field/ext3.h"

namespace goldfinch::stark {

// One fold of the pair (F(x), F(-x)) with challenge beta: (a + b)/2 + beta (a - b)/(2x).
inline Fp3 fri_fold(const Fp3& a, const Fp3& b, const Fp3& beta, Fp inv_two_x) {
  static const Fp kInvTwo = Fp::from_canonical(2).inverse();
  return (a + b) * kInvTwo + beta * ((a - b) * inv_two_x);
}

// Weight of a shorter height class rolled into a value just folded by 2^log_arity with challenge
// beta. The binary folds use beta, beta^2, ..., beta^(2^(a-1)), so the coset components of the fold
// already carry beta^0 ... beta^(2^a - 1); the rolled-in class takes the next power, beta^(2^a)
// (beta^2 at arity 2). Any power below 2^a would add the class to a coset component and FRI would
// only show their sum close to low degree (docs/stark.md, "Rolling in shorter heights").
inline Fp3 fri_roll_in_weight(const Fp3& beta, unsigned log_arity) {
  Fp3 w = beta;
  for (unsigned j = 0; j < log_arity; ++j) w = w.square();
  return w;
}

}  // namespace goldfinch::stark
