#include "goldfinch/merkle/poseidon2_merkle_batch.h"

#include "goldfinch/base/check.h"
#include "goldfinch/merkle/poseidon2_packed.h"

namespace goldfinch::merkle {

void Poseidon2MerkleBatch::hash_leaves(std::span<const Fp> rows, size_t width, size_t count, Digest* out) const {
  GF_CHECK(rows.size() == count * width, "hash_leaves: rows.size() != count * width");
  poseidon2_hash_leaves(rows.data(), width, count, out, isa_);
}

void Poseidon2MerkleBatch::compress_pairs(const Digest* in, size_t pairs, Digest* out) const {
  poseidon2_compress_pairs(in, pairs, out, isa_);
}

}  // namespace goldfinch::merkle
