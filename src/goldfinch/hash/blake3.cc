#include "goldfinch/hash/blake3.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "goldfinch/hash/blake3_portable.h"

namespace goldfinch::hash {

Key key_from_bytes(const uint8_t bytes[kKeyLen]) {
  Key k;
  for (size_t i = 0; i < 8; ++i) k[i] = load32_le(bytes + 4 * i);
  return k;
}

Key key_from_digest(const Digest& d) { return key_from_bytes(d.data()); }

Digest key_to_digest(const Key& key) {
  Digest d;
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(d.data(), key.data(), Digest::kBytes);  // both 4-aligned: word copies
  } else {
    for (size_t i = 0; i < 8; ++i) store32_le(d.data() + 4 * i, key[i]);
  }
  return d;
}

Blake3Hasher::Blake3Hasher() : Blake3Hasher(Key{kIv[0], kIv[1], kIv[2], kIv[3], kIv[4], kIv[5], kIv[6], kIv[7]}, 0) {}

Blake3Hasher::Blake3Hasher(const Key& key, uint8_t flags) : key_(key), flags_(flags) { reset_chunk(); }

Blake3Hasher Blake3Hasher::new_keyed(const Key& key) { return Blake3Hasher(key, kKeyedHash); }

Blake3Hasher Blake3Hasher::new_keyed(const uint8_t key[kKeyLen]) { return new_keyed(key_from_bytes(key)); }

Blake3Hasher Blake3Hasher::new_derive_key(std::string_view context) {
  Blake3Hasher context_hasher(Key{kIv[0], kIv[1], kIv[2], kIv[3], kIv[4], kIv[5], kIv[6], kIv[7]},
                              kDeriveKeyContext);
  context_hasher.update(context);
  return Blake3Hasher(key_from_digest(context_hasher.finalize()), kDeriveKeyMaterial);
}

void Blake3Hasher::reset_chunk() {
  std::memcpy(chunk_cv_, key_.data(), sizeof(chunk_cv_));
  std::memset(block_, 0, sizeof(block_));
  block_len_ = 0;
  chunk_bytes_ = 0;
}

// Lazy merging (as in the official implementation): before pushing the chaining value of the
// subtree that starts at chunk `chunk_counter`, merge completed pairs until the stack holds one
// entry per set bit of chunk_counter. The newest entry is never merged until more input is seen,
// so finalize can still give the root node its ROOT flag.
void Blake3Hasher::push_cv(const uint32_t cv[8], uint64_t chunk_counter) {
  merge_stack(chunk_counter);
  GF_CHECK(cv_stack_len_ <= kMaxDepth, "BLAKE3 input longer than 2^64 bytes");
  std::memcpy(cv_stack_[cv_stack_len_], cv, 8 * sizeof(uint32_t));
  ++cv_stack_len_;
}

void Blake3Hasher::merge_stack(uint64_t chunk_counter) {
  const size_t keep = static_cast<size_t>(std::popcount(chunk_counter));
  while (cv_stack_len_ > keep) {
    uint8_t block[kBlockLen];
    for (size_t i = 0; i < 8; ++i) {
      store32_le(block + 4 * i, cv_stack_[cv_stack_len_ - 2][i]);
      store32_le(block + 32 + 4 * i, cv_stack_[cv_stack_len_ - 1][i]);
    }
    uint32_t parent[8];
    std::memcpy(parent, key_.data(), sizeof(parent));
    compress_in_place(parent, block, kBlockLen, 0, flags_ | kParent);
    std::memcpy(cv_stack_[cv_stack_len_ - 2], parent, sizeof(parent));
    --cv_stack_len_;
  }
}

void Blake3Hasher::finish_full_chunk() {
  Output o = chunk_output();
  compress_in_place(o.cv, o.block, o.block_len, o.counter, o.flags);
  push_cv(o.cv, chunk_counter_);
  ++chunk_counter_;
  reset_chunk();
}

void Blake3Hasher::push_subtree(const uint32_t cv[8], uint64_t num_chunks) {
  if (chunk_bytes_ == kChunkLen) finish_full_chunk();
  GF_CHECK(chunk_bytes_ == 0, "push_subtree needs a chunk boundary");
  GF_CHECK(num_chunks != 0 && (chunk_counter_ & (num_chunks - 1)) == 0 && std::has_single_bit(num_chunks),
           "subtree must be a power of two of chunks aligned to its size");
  push_cv(cv, chunk_counter_);
  chunk_counter_ += num_chunks;
}

Blake3Hasher& Blake3Hasher::update(std::span<const uint8_t> input) {
  const uint8_t* p = input.data();
  size_t n = input.size();
  while (n > 0) {
    // A full chunk is only finished once more input arrives: the last one may be the root.
    if (chunk_bytes_ == kChunkLen) finish_full_chunk();
    // Input for a new chunk means every stacked subtree is complete and not the root: merge now,
    // so finalize only has to roll the stack up with the last chunk.
    if (chunk_bytes_ == 0) merge_stack(chunk_counter_);
    // Compress the buffered block only when more input follows, for the same reason.
    if (block_len_ == kBlockLen) {
      compress_in_place(chunk_cv_, block_, kBlockLen, chunk_counter_,
                        flags_ | (chunk_bytes_ == kBlockLen ? kChunkStart : 0));
      std::memset(block_, 0, sizeof(block_));
      block_len_ = 0;
    }
    // Whole blocks straight from the input, keeping the chunk's last block buffered.
    while (block_len_ == 0 && n > kBlockLen && kChunkLen - chunk_bytes_ > kBlockLen) {
      compress_in_place(chunk_cv_, p, kBlockLen, chunk_counter_, flags_ | (chunk_bytes_ == 0 ? kChunkStart : 0));
      chunk_bytes_ += kBlockLen;
      p += kBlockLen;
      n -= kBlockLen;
    }
    const size_t take = std::min({n, kBlockLen - block_len_, kChunkLen - chunk_bytes_});
    std::memcpy(block_ + block_len_, p, take);
    block_len_ += take;
    chunk_bytes_ += take;
    p += take;
    n -= take;
  }
  return *this;
}

Blake3Hasher::Output Blake3Hasher::chunk_output() const {
  Output o;
  std::memcpy(o.cv, chunk_cv_, sizeof(o.cv));
  std::memcpy(o.block, block_, kBlockLen);
  o.block_len = static_cast<uint8_t>(block_len_);
  o.counter = chunk_counter_;
  o.flags = flags_ | kChunkEnd | (chunk_bytes_ == block_len_ ? kChunkStart : 0);
  return o;
}

Blake3Hasher::Output Blake3Hasher::root_output() const {
  // The current chunk (possibly empty for empty input) rolled up with every stacked subtree.
  GF_CHECK(chunk_bytes_ > 0 || cv_stack_len_ == 0, "finalize right after push_subtree");
  Output o = chunk_output();
  for (size_t k = cv_stack_len_; k-- > 0;) {
    uint32_t right[8];
    std::memcpy(right, o.cv, sizeof(right));
    compress_in_place(right, o.block, o.block_len, o.counter, o.flags);
    for (size_t i = 0; i < 8; ++i) {
      store32_le(o.block + 4 * i, cv_stack_[k][i]);
      store32_le(o.block + 32 + 4 * i, right[i]);
    }
    std::memcpy(o.cv, key_.data(), sizeof(o.cv));
    o.block_len = kBlockLen;
    o.counter = 0;
    o.flags = flags_ | kParent;
  }
  return o;
}

Digest Blake3Hasher::finalize() const {
  Digest d;
  finalize_xof({d.data(), d.size()});
  return d;
}

void Blake3Hasher::finalize_xof(std::span<uint8_t> out) const {
  const Output o = root_output();
  uint64_t block_counter = 0;
  size_t pos = 0;
  while (pos < out.size()) {
    uint8_t buf[2 * kOutLen];
    compress_xof(o.cv, o.block, o.block_len, block_counter++, o.flags | kRoot, buf);
    const size_t take = std::min(sizeof(buf), out.size() - pos);
    std::memcpy(out.data() + pos, buf, take);
    pos += take;
  }
}

Digest blake3(std::span<const uint8_t> input) { return Blake3Hasher().update(input).finalize(); }

Digest blake3_keyed(const Key& key, std::span<const uint8_t> input) {
  return Blake3Hasher::new_keyed(key).update(input).finalize();
}

Digest blake3_derive_key(std::string_view context, std::span<const uint8_t> key_material) {
  return Blake3Hasher::new_derive_key(context).update(key_material).finalize();
}

}  // namespace goldfinch::hash
