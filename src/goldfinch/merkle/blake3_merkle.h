// BLAKE3 as the Merkle hash, scalar form (what the verifier links). A leaf is keyed BLAKE3 of the
// row's elements as canonical little-endian u64s under the leaf key; a node is keyed BLAKE3 of
// left || right (64 bytes) under the node key. The keys are derived once, in BLAKE3's
// key-derivation mode, from the context strings below with empty key material, so a leaf hash
// can never be taken for a node hash (or the reverse).
#pragma once

#include <span>

#include "goldfinch/field/goldilocks.h"
#include "goldfinch/hash/blake3.h"
#include "goldfinch/hash/digest.h"

namespace goldfinch::merkle {

inline constexpr const char* kLeafKeyContext = "goldfinch merkle leaf v1";
inline constexpr const char* kNodeKeyContext = "goldfinch merkle node v1";

class Blake3MerkleScalar {
 public:
  using Digest = hash::Digest;

  Blake3MerkleScalar();

  Digest hash_leaf(std::span<const Fp> row) const;
  Digest compress(const Digest& left, const Digest& right) const;

  const hash::Key& leaf_key() const { return leaf_key_; }
  const hash::Key& node_key() const { return node_key_; }

 private:
  hash::Key leaf_key_;
  hash::Key node_key_;
};

}  // namespace goldfinch::merkle
