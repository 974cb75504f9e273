// The verifier's Merkle checks for a hash chosen at run time (stark::StarkParams::merkle_hash):
// each batch opening switches once, at the top, to verify_batch / verify_mixed instantiated with
// the concrete scalar hasher. Under Poseidon2 every digest the proof supplies (the root and the
// sibling nodes) must be 4 canonical u64 words (< p) or the opening is rejected (kNonCanonical)
// before anything is hashed: the proof's bytes are never reduced silently. On the host, BLAKE3
// goes through Blake3MerkleBatch (hash_many) and Poseidon2 through Poseidon2MerkleBatch (the packed
// permutation, a leaf or node per lane); the guest keeps the scalar hashers.
#pragma once

#include <optional>
#include <span>

#include "goldfinch/merkle/blake3_merkle.h"
#if !defined(GF_VERIFIER_IN_GUEST)
#include "goldfinch/merkle/blake3_merkle_batch.h"
#include "goldfinch/merkle/poseidon2_merkle_batch.h"
#endif
#include "goldfinch/merkle/merkle_hash.h"
#include "goldfinch/merkle/mixed_verify.h"
#include "goldfinch/merkle/poseidon2_merkle.h"
#include "goldfinch/merkle/verify.h"

namespace goldfinch::merkle {

class MerkleVerifier {
 public:
  using Digest = hash::Digest;

  explicit MerkleVerifier(MerkleHash hash = MerkleHash::kBlake3) : hash_(hash) {
#if defined(GF_VERIFIER_IN_GUEST)
    if (hash == MerkleHash::kBlake3) b3_.emplace();
#endif
  }
#if !defined(GF_VERIFIER_IN_GUEST)
  // The batch hashers pinned to one instruction set (must be available; tests run each).
  MerkleVerifier(MerkleHash hash, Isa isa) : hash_(hash), b3_(isa), p2_(isa) {}
#endif
  MerkleHash hash() const { return hash_; }

  Error verify_batch(const Digest& root, uint64_t height, size_t width, std::span<const uint64_t> indices,
                     std::span<const Fp> rows, std::span<const Digest> proof) const {
    if (hash_ == MerkleHash::kPoseidon2) {
      if (Error e = check_canonical(root, proof); !e.ok()) return e;
      return merkle::verify_batch(p2_, root, height, width, indices, rows, proof);
    }
    return merkle::verify_batch(b3(), root, height, width, indices, rows, proof);
  }

  Error verify_mixed(const Digest& root, std::span<const MixedMatrixShape> shapes, std::span<const uint64_t> queries,
                     std::span<const std::span<const Fp>> rows, std::span<const Digest> nodes) const {
    if (hash_ == MerkleHash::kPoseidon2) {
      if (Error e = check_canonical(root, nodes); !e.ok()) return e;
      return merkle::verify_mixed(p2_, root, shapes, queries, rows, nodes);
    }
    return merkle::verify_mixed(b3(), root, shapes, queries, rows, nodes);
  }

  // kNonCanonical naming the first digest with a word >= p (expected = 0, got = 1 + its node index;
  // got = 0: the root).
  static Error check_canonical(const Digest& root, std::span<const Digest> nodes) {
    if (!poseidon2_digest_is_canonical(root)) return {ErrorCode::kNonCanonical, "Merkle root is not canonical", 0, 0};
    for (size_t i = 0; i < nodes.size(); ++i)
      if (!poseidon2_digest_is_canonical(nodes[i]))
        return {ErrorCode::kNonCanonical, "Merkle proof digest is not canonical", 0, i + 1};
    return Error::none();
  }

 private:
  MerkleHash hash_;
#if defined(GF_VERIFIER_IN_GUEST)
  const Blake3MerkleScalar& b3() const { return *b3_; }
  // Built only for a BLAKE3 verifier: deriving its two keys takes 4 BLAKE3 compressions, which a
  // Poseidon2 verifier in the VM must not make (docs/transcript.md).
  std::optional<Blake3MerkleScalar> b3_;
  Poseidon2MerkleScalar p2_;
#else
  const Blake3MerkleBatch& b3() const { return b3_; }
  // The same digests as the scalar hashers; a matrix's rows and a level's parents in one SIMD call.
  Blake3MerkleBatch b3_;
  Poseidon2MerkleBatch p2_;
#endif
};

}  // namespace goldfinch::merkle
