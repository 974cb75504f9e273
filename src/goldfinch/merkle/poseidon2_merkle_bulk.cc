#include "goldfinch/merkle/poseidon2_merkle_bulk.h"

#include "goldfinch/merkle/poseidon2_packed.h"

namespace goldfinch::merkle {

// The rows of a MatrixView are contiguous (row i at data + i * width): the verifier's kernels
// (one leaf or node per lane, the sponge state kept in registers across a row) hash them in place.
void Poseidon2Merkle::hash_rows(ConstMatrixView m, size_t first, size_t count, Digest* out) const {
  if (count == 0) return;
  poseidon2_hash_leaves(m.row(first).data(), m.width, count, out, isa_);
}

void Poseidon2Merkle::compress_pairs(const Digest* in, size_t pairs, Digest* out) const {
  poseidon2_compress_pairs(in, pairs, out, isa_);
}

}  // namespace goldfinch::merkle
