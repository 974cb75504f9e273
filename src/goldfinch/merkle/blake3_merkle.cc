#include "goldfinch/merkle/blake3_merkle.h"

#include <bit>
#include <cstring>

#include "goldfinch/hash/blake3_portable.h"

namespace goldfinch::merkle {

// Rows are hashed straight from memory: a canonical Fp is stored as its u64 value, whose bytes
// on a little-endian host are exactly the canonical little-endian encoding.
static_assert(std::endian::native == std::endian::little, "row hashing reads Fp memory as little-endian bytes");

namespace {
hash::Key derive(const char* context) {
  return hash::key_from_digest(hash::Blake3Hasher::new_derive_key(context).finalize());
}
}  // namespace

Blake3MerkleScalar::Blake3MerkleScalar() : leaf_key_(derive(kLeafKeyContext)), node_key_(derive(kNodeKeyContext)) {}

Blake3MerkleScalar::Digest Blake3MerkleScalar::hash_leaf(std::span<const Fp> row) const {
  return hash::blake3_keyed(leaf_key_, {reinterpret_cast<const uint8_t*>(row.data()), row.size() * Fp::kBytes});
}

Blake3MerkleScalar::Digest Blake3MerkleScalar::compress(const Digest& left, const Digest& right) const {
  // One 64-byte block is a whole single-chunk message: one compression with every end flag.
  uint8_t block[hash::kBlockLen];
  std::memcpy(block, left.data(), Digest::kBytes);
  std::memcpy(block + Digest::kBytes, right.data(), Digest::kBytes);
  hash::Key cv = node_key_;
  hash::compress_in_place(cv.data(), block, hash::kBlockLen, 0,
                          hash::kKeyedHash | hash::kChunkStart | hash::kChunkEnd | hash::kRoot);
  return hash::key_to_digest(cv);
}

}  // namespace goldfinch::merkle
