#include "goldfinch/merkle/blake3_merkle.h"

#include <bit>
#include <algorithm>
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

namespace {

// A digest's 32 bytes as 8 little-endian words.
void digest_words(const hash::Digest& d, uint32_t* w) {
  std::memcpy(w, d.data(), hash::Digest::kBytes);  // little-endian (asserted above), both 4-aligned
}

}  // namespace

Blake3MerkleScalar::Digest Blake3MerkleScalar::hash_leaf(std::span<const Fp> row) const {
  // A row of at most 128 elements (1024 bytes) is one BLAKE3 chunk: hashed block by block from
  // the elements' words (each canonical u64 is two little-endian words), without the streaming
  // hasher's buffering; longer rows take the hasher. Both give blake3_keyed(leaf key, row bytes)
  // (merkle_test checks every length up to two chunks).
  const size_t n = row.size() * Fp::kBytes;
  if (n > hash::kChunkLen) return hash::blake3_keyed(leaf_key_, {reinterpret_cast<const uint8_t*>(row.data()), n});
  hash::Key cv = leaf_key_;
  const size_t blocks = n == 0 ? 1 : (n + hash::kBlockLen - 1) / hash::kBlockLen;
  for (size_t b = 0; b < blocks; ++b) {
    const size_t first = 8 * b, count = std::min<size_t>(8, row.size() - std::min(row.size(), first));
    uint8_t flags = hash::kKeyedHash;
    if (b == 0) flags |= hash::kChunkStart;
    if (b + 1 == blocks) flags |= hash::kChunkEnd | hash::kRoot;
    if (count == 8) {
      // A full block is the 8 elements' words in place (a canonical Fp is its two little-endian
      // words, asserted above): no copy.
      hash::compress_words_in_place(cv.data(), reinterpret_cast<const uint32_t*>(row.data() + first), hash::kBlockLen,
                                    0, flags);
      continue;
    }
    // The last block, zero-padded, in one pass (a separate padding loop becomes a memset call,
    // which costs the in-VM verifier more than the 16 stores).
    uint32_t m[16];
    for (size_t i = 0; i < 8; ++i) {
      const uint64_t v = i < count ? row[first + i].value() : 0;
      m[2 * i] = static_cast<uint32_t>(v);
      m[2 * i + 1] = static_cast<uint32_t>(v >> 32);
    }
    hash::compress_words_in_place(cv.data(), m, static_cast<uint8_t>(8 * count), 0, flags);
  }
  return hash::key_to_digest(cv);
}

Blake3MerkleScalar::Digest Blake3MerkleScalar::compress(const Digest& left, const Digest& right) const {
  // One 64-byte block is a whole single-chunk message: one compression with every end flag.
  uint32_t m[16];
  digest_words(left, m);
  digest_words(right, m + 8);
  hash::Key cv = node_key_;
  hash::compress_words_in_place(cv.data(), m, hash::kBlockLen, 0,
                                hash::kKeyedHash | hash::kChunkStart | hash::kChunkEnd | hash::kRoot);
  return hash::key_to_digest(cv);
}

}  // namespace goldfinch::merkle
