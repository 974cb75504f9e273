#include "goldfinch/merkle/blake3_merkle_batch.h"

#include <bit>

#include "goldfinch/base/check.h"
#include "goldfinch/hash/hash_many.h"

namespace goldfinch::merkle {

// A canonical Fp is stored as its u64 value: on a little-endian host its bytes are the leaf's
// canonical little-endian encoding, so rows are hashed in place.
static_assert(std::endian::native == std::endian::little, "leaf hashing reads Fp memory as little-endian bytes");

void Blake3MerkleBatch::hash_leaves(std::span<const Fp> rows, size_t width, size_t count, Digest* out) const {
  GF_CHECK(rows.size() == count * width, "hash_leaves: rows.size() != count * width");
  const size_t row_bytes = width * Fp::kBytes;
  hash::hash_many_strided(reinterpret_cast<const uint8_t*>(rows.data()), row_bytes, count, row_bytes, leaf_key(), out,
                          isa_);
}

void Blake3MerkleBatch::compress_pairs(const Digest* in, size_t pairs, Digest* out) const {
  hash::hash_many_strided(reinterpret_cast<const uint8_t*>(in), 2 * Digest::kBytes, pairs, 2 * Digest::kBytes,
                          node_key(), out, isa_);
}

}  // namespace goldfinch::merkle
