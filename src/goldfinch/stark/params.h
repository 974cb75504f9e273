// Protocol parameters of a proof: FRI rate, queries, grinding, folding and the final polynomial.
// They are part of the verifying key (and so of the transcript), and security.h turns them into
// conjectured and provable bits of security.
#pragma once

#include <cstdint>
#include <string_view>

#include "goldfinch/base/error.h"
#include "goldfinch/merkle/merkle_hash.h"

namespace goldfinch::stark {

struct StarkParams {
  uint8_t log_blowup = 2;          // FRI rate rho = 2^-log_blowup; also bounds the quotient degree
  uint16_t num_queries = 44;       // FRI query repetitions
  uint8_t pow_bits = 16;           // grinding before the query phase
  uint8_t log_folding_arity = 1;   // each FRI round folds by 2^log_folding_arity
  uint8_t log_final_poly_len = 0;  // FRI stops at a polynomial of 2^log_final_poly_len coefficients
  // The hash of every Merkle commitment (trace rounds and FRI layers): BLAKE3, or Poseidon2 for
  // proofs verified inside the VM (docs/merkle.md). Both give 256-bit digests.
  merkle::MerkleHash merkle_hash = merkle::MerkleHash::kBlake3;

  bool operator==(const StarkParams&) const = default;

  // >= 100 bits under the ethSTARK conjecture (44 * 2 + 16 = 104), the default.
  static StarkParams conjectured_100() { return {}; }
  // >= 100 bits provable in the Johnson-bound regime (see security.h and docs/security.md).
  static StarkParams provable_100();
  // One query and no grinding: fast tests and in-VM verifier figures only; not secure.
  static StarkParams testing() { return {2, 1, 0, 1, 0}; }
  // Rate 1/16, 22 queries, 16 bits of grinding, FRI folding arity 8: the default's 104 conjectured
  // bits with half the queries, for proofs checked inside the VM (docs/recursion.md measures it);
  // Poseidon2 Merkle commitments, the hash an in-VM verifier checks cheapest (docs/merkle.md).
  static StarkParams recursion() { return {4, 22, 16, 3, 0, merkle::MerkleHash::kPoseidon2}; }
  // Rate 1/32, 17 queries, 20 bits of grinding, folding arity 8: 105 conjectured bits in the
  // smallest proofs (fewest opened rows), for proofs that are kept or sent (a root, a final
  // receipt); the prover extends every trace 32-fold (docs/benchmarks.md, proof size).
  static StarkParams compact() { return {5, 17, 20, 3, 0}; }

  static Result<StarkParams> preset(std::string_view name);
  // The same FRI parameters (everything but the Merkle hash): the security claims do not depend on
  // which of the two 256-bit hashes commits.
  bool same_fri(const StarkParams& o) const {
    StarkParams a = *this;
    a.merkle_hash = o.merkle_hash;
    return a == o;
  }  // "default", "provable-100", "testing", "recursion", "compact"

  // Range checks for parameters read from untrusted bytes (verifying keys).
  Error validate() const;
};

}  // namespace goldfinch::stark
