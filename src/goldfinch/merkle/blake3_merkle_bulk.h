// BLAKE3 as the prover's Merkle hash: the scalar leaf/node hash plus bulk forms that run the
// SIMD hash_many kernel over many rows or node pairs at once (same results, byte for byte).
#pragma once

#include <cstddef>

#include "goldfinch/field/matrix.h"
#include "goldfinch/merkle/blake3_merkle.h"

namespace goldfinch::merkle {

class Blake3Merkle : public Blake3MerkleScalar {
 public:
  // out[i] = hash_leaf(m.row(first + i)), i < count.
  void hash_rows(ConstMatrixView m, size_t first, size_t count, Digest* out) const;
  // out[i] = compress(in[2i], in[2i + 1]), i < pairs.
  void compress_pairs(const Digest* in, size_t pairs, Digest* out) const;
};

}  // namespace goldfinch::merkle
