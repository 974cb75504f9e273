// The out-of-domain check, shared by the verifier (which rejects on failure) and the prover
// (which refuses to emit a proof of an unsatisfied witness): at z, every table's constraints —
// its own, evaluated by the same `eval`, and its LogUp constraints — must equal Q(z) * (z^n - 1),
// and the LogUp claimed sums plus the public bus terms must add to zero.
#pragma once

#include <span>
#include <vector>

#include "goldfinch/air/air.h"
#include "goldfinch/air/logup.h"
#include "goldfinch/base/error.h"
#include "goldfinch/stark/layout.h"
#include "goldfinch/stark/vk.h"

namespace goldfinch::stark {

struct OodCheckInput {
  const VerifyingKey& vk;
  std::span<const air::Air* const> tables;
  const ProofLayout& L;
  std::span<const Fp3> openings;
  std::span<const std::span<const Fp>> pv;                      // per table
  std::span<const Fp3> claimed;                                 // per table (zero without buses)
  std::span<const std::vector<air::PublicBusTerm>> public_terms;  // per table
  const air::LogupChallenges& lu;
  Fp3 comp_alpha;
  Fp3 z;
  // Per table, the interactions the caller already has (the verifier reads them while binding the
  // buses); empty: each table's interactions() is called here.
  std::span<const std::vector<air::Interaction>> interactions = {};
};

Error check_out_of_domain(const OodCheckInput& in);

}  // namespace goldfinch::stark
