// BLAKE3, written from the specification: the incremental hasher (plain, keyed and key-derivation
// modes, 32-byte and extendable output) and one-shot helpers. This file is portable scalar code
// with no SIMD dispatch or threads, so the verifier can use it; hash_many.h adds the SIMD paths.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "goldfinch/hash/blake3_constants.h"
#include "goldfinch/hash/digest.h"

namespace goldfinch::hash {

// A BLAKE3 key as eight little-endian u32 words (the form the compression function uses).
using Key = std::array<uint32_t, 8>;

Key key_from_bytes(const uint8_t bytes[kKeyLen]);
Key key_from_digest(const Digest& d);
Digest key_to_digest(const Key& key);

class Blake3Hasher {
 public:
  // The default hash mode (BLAKE3 "new").
  Blake3Hasher();
  static Blake3Hasher new_keyed(const Key& key);
  static Blake3Hasher new_keyed(const uint8_t key[kKeyLen]);
  // Key-derivation mode: hash the key material with update(), then finalize.
  static Blake3Hasher new_derive_key(std::string_view context);

  Blake3Hasher& update(std::span<const uint8_t> input);
  Blake3Hasher& update(std::string_view input) {
    return update({reinterpret_cast<const uint8_t*>(input.data()), input.size()});
  }
  // The 32-byte digest; the hasher is unchanged and may keep absorbing input.
  Digest finalize() const;
  // Extendable output: fills `out` with the first out.size() bytes of the output stream.
  void finalize_xof(std::span<uint8_t> out) const;

  // --- Hooks for the wide (SIMD) path in hash_many.h; callers normally ignore these. ---
  const Key& key_words() const { return key_; }
  uint8_t mode_flags() const { return flags_; }
  // Index of the current chunk (chunks finished so far).
  uint64_t chunk_counter() const { return chunk_counter_; }
  // Bytes of the current chunk absorbed (0..1024); at 0 or 1024 whole subtrees may be pushed.
  size_t chunk_fill() const { return chunk_bytes_; }
  // Appends the chaining value of a complete subtree of `num_chunks` (a power of two dividing
  // the current chunk count) chunks hashed elsewhere. More input must follow before finalize.
  void push_subtree(const uint32_t cv[8], uint64_t num_chunks);

 private:
  Blake3Hasher(const Key& key, uint8_t flags);
  void finish_full_chunk();
  void push_cv(const uint32_t cv[8], uint64_t chunk_counter);
  void merge_stack(uint64_t chunk_counter);
  void reset_chunk();

  // What the final compression of the root node needs: the input chaining value and block.
  struct Output {
    uint32_t cv[8];
    uint8_t block[kBlockLen];
    uint8_t block_len;
    uint64_t counter;
    uint8_t flags;
  };
  Output root_output() const;
  Output chunk_output() const;

  Key key_{};
  uint8_t flags_ = 0;
  // Current chunk.
  uint32_t chunk_cv_[8];
  uint64_t chunk_counter_ = 0;
  uint8_t block_[kBlockLen];
  size_t block_len_ = 0;
  size_t chunk_bytes_ = 0;  // bytes of the current chunk absorbed, 0..1024
  // Chaining values of complete subtrees, merged lazily (see push_cv).
  uint32_t cv_stack_[kMaxDepth + 1][8];
  size_t cv_stack_len_ = 0;
};

// One-shot helpers (scalar; see hash_many.h for the SIMD fast path on long inputs).
Digest blake3(std::span<const uint8_t> input);
Digest blake3_keyed(const Key& key, std::span<const uint8_t> input);
Digest blake3_derive_key(std::string_view context, std::span<const uint8_t> key_material);

}  // namespace goldfinch::hash
