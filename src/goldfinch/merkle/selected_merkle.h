// The prover's Merkle hasher for a hash chosen at run time (stark::StarkParams::merkle_hash): a
// MerkleHasher whose every call switches once to BLAKE3 or Poseidon2. The trees call the bulk forms
// on chunks of many rows or node pairs, so the switch is taken once per chunk, never per leaf, and
// the inner loops are the concrete hashers' own.
#pragma once

#include "goldfinch/merkle/blake3_merkle_bulk.h"
#include "goldfinch/merkle/merkle_hash.h"
#include "goldfinch/merkle/poseidon2_merkle_bulk.h"

namespace goldfinch::merkle {

class SelectedMerkle {
 public:
  using Digest = hash::Digest;

  explicit SelectedMerkle(MerkleHash hash = MerkleHash::kBlake3, Isa isa = best_isa()) : hash_(hash), p2_(isa) {}
  MerkleHash hash() const { return hash_; }

  Digest hash_leaf(std::span<const Fp> row) const {
    return hash_ == MerkleHash::kPoseidon2 ? p2_.hash_leaf(row) : b3_.hash_leaf(row);
  }
  Digest compress(const Digest& left, const Digest& right) const {
    return hash_ == MerkleHash::kPoseidon2 ? p2_.compress(left, right) : b3_.compress(left, right);
  }
  void hash_rows(ConstMatrixView m, size_t first, size_t count, Digest* out) const {
    if (hash_ == MerkleHash::kPoseidon2) return p2_.hash_rows(m, first, count, out);
    b3_.hash_rows(m, first, count, out);
  }
  void compress_pairs(const Digest* in, size_t pairs, Digest* out) const {
    if (hash_ == MerkleHash::kPoseidon2) return p2_.compress_pairs(in, pairs, out);
    b3_.compress_pairs(in, pairs, out);
  }

 private:
  MerkleHash hash_;
  Blake3Merkle b3_;
  Poseidon2Merkle p2_;
};

}  // namespace goldfinch::merkle
