#include "goldfinch/merkle/blake3_merkle_bulk.h"

#include "goldfinch/hash/hash_many.h"

namespace goldfinch::merkle {

void Blake3Merkle::hash_rows(ConstMatrixView m, size_t first, size_t count, Digest* out) const {
  const size_t row_bytes = m.width * Fp::kBytes;
  hash::hash_many_strided(reinterpret_cast<const uint8_t*>(m.data + first * m.width), row_bytes, count, row_bytes,
                          leaf_key(), out);
}

void Blake3Merkle::compress_pairs(const Digest* in, size_t pairs, Digest* out) const {
  hash::hash_many_strided(reinterpret_cast<const uint8_t*>(in), 2 * Digest::kBytes, pairs, 2 * Digest::kBytes, node_key(), out);
}

}  // namespace goldfinch::merkle
