// The verifier: reads a proof in place from a byte span and replays the prover's transcript.
// It depends on no prover code, threads or backends, throws nothing and allocates only small
// per-proof scratch; every byte of the proof is checked before it is used, and any failure is a
// typed goldfinch::Error naming the check (docs/proof_format.md, docs/stark.md).
#pragma once

#include <span>
#include <vector>

#include "goldfinch/air/air.h"
#include "goldfinch/base/error.h"
#include "goldfinch/stark/vk.h"

namespace goldfinch::stark {

struct VerifiedProof {
  std::vector<uint8_t> log_heights;               // per table
  std::vector<std::vector<Fp>> public_values;     // per table
};

// `tables` is the verifier's own code for the statement (same order as at setup); the key must
// describe exactly these tables. `proof` must be 16-byte aligned (files read with
// read_proof_file are).
Error verify(const VerifyingKey& vk, std::span<const air::Air* const> tables, std::span<const uint8_t> proof,
             VerifiedProof* out = nullptr);

// A key checked once against the verifier's tables (its parameters, check_tables_match) with its
// digest and the tables' interactions, for verifying several proofs under one key without
// repeating that work (the aggregation guest's leaves: docs/recursion.md). Points to `vk` and
// `tables`, which must outlive it.
class CheckedKey {
 public:
  CheckedKey() = default;  // empty (for Result); use make
  static Result<CheckedKey> make(const VerifyingKey& vk, std::span<const air::Air* const> tables);
  const VerifyingKey& vk() const { return *vk_; }
  std::span<const air::Air* const> tables() const { return tables_; }
  const hash::Digest& digest() const { return digest_; }
  // Each table's interactions (air::Air::interactions), built once: read by every proof's bus
  // binding and OOD check.
  std::span<const std::vector<air::Interaction>> interactions() const { return interactions_; }
  bool empty() const { return vk_ == nullptr; }

 private:
  const VerifyingKey* vk_ = nullptr;
  std::span<const air::Air* const> tables_;
  hash::Digest digest_;
  std::vector<std::vector<air::Interaction>> interactions_;
};

// The same checks as verify(vk, tables, proof) but the key's (done by CheckedKey::make).
Error verify(const CheckedKey& key, std::span<const uint8_t> proof, VerifiedProof* out = nullptr);

}  // namespace goldfinch::stark
