// Poseidon2 as the host verifier's Merkle hash: the scalar leaf and node hash (poseidon2_merkle.h)
// plus hash_leaves and compress_pairs, which hash every opened row of a matrix, or every parent of
// a level, through the packed permutation with one leaf or node per lane (AVX-512 8, AVX2 4 at a
// time; poseidon2_packed.h). The same digests as hash_leaf / compress one at a time; verify.h and
// mixed_verify.h use them when the hasher has them (MerkleLeafBatchHasher, MerkleNodeBatchHasher).
// Host only: the in-VM verifier keeps Poseidon2MerkleScalar. Proof digests must still be checked
// for canonical words before they reach compress_pairs (selected_verify.h does).
#pragma once

#include <cstddef>
#include <span>

#include "goldfinch/base/cpu_features.h"
#include "goldfinch/merkle/poseidon2_merkle.h"

namespace goldfinch::merkle {

class Poseidon2MerkleBatch : public Poseidon2MerkleScalar {
 public:
  // `isa` must be available (isa_available); tests pin each one.
  explicit Poseidon2MerkleBatch(Isa isa = best_isa()) : isa_(isa) {}

  // out[i] = hash_leaf(rows.subspan(i * width, width)) for i < count; rows.size() must be
  // count * width (the verifiers check the opening's shape first).
  void hash_leaves(std::span<const Fp> rows, size_t width, size_t count, Digest* out) const;
  // out[i] = compress(in[2i], in[2i + 1]) for i < pairs.
  void compress_pairs(const Digest* in, size_t pairs, Digest* out) const;

 private:
  Isa isa_;
};

}  // namespace goldfinch::merkle
