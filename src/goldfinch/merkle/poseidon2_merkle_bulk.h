// Poseidon2 as the prover's Merkle hash: the scalar leaf/node hash plus bulk forms that run the
// batched (SIMD) permutation over many rows or node pairs at once, one state per lane (same
// digests as the scalar forms; merkle_test checks them for every ISA).
#pragma once

#include <cstddef>

#include "goldfinch/base/cpu_features.h"
#include "goldfinch/field/matrix.h"
#include "goldfinch/merkle/poseidon2_merkle.h"

namespace goldfinch::merkle {

class Poseidon2Merkle : public Poseidon2MerkleScalar {
 public:
  explicit Poseidon2Merkle(Isa isa = best_isa()) : isa_(isa) {}
  // out[i] = hash_leaf(m.row(first + i)), i < count.
  void hash_rows(ConstMatrixView m, size_t first, size_t count, Digest* out) const;
  // out[i] = compress(in[2i], in[2i + 1]), i < pairs.
  void compress_pairs(const Digest* in, size_t pairs, Digest* out) const;

 private:
  Isa isa_;
};

}  // namespace goldfinch::merkle
