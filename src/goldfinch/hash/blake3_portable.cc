#include "goldfinch/hash/blake3_portable.h"

#include <bit>
#include <cstdint>
#include <cstring>

#include "goldfinch/hash/blake3_constants.h"
#include "goldfinch/hash/blake3_kernels.h"

#if defined(GF_VERIFIER_IN_GUEST)
// Inside the VM (the verifier guest, docs/recursion.md) the compression function is the
// GF_BLAKE3_COMPRESS precompile: one cycle and one table row instead of ~1,000 instructions.
#include "goldfinch/guest.h"
#endif

namespace goldfinch::hash {
namespace {

#if !defined(GF_VERIFIER_IN_GUEST)
GF_INLINE uint32_t rotr32(uint32_t w, unsigned c) { return (w >> c) | (w << (32 - c)); }

GF_INLINE void g(uint32_t* s, size_t a, size_t b, size_t c, size_t d, uint32_t x, uint32_t y) {
  s[a] = s[a] + s[b] + x;
  s[d] = rotr32(s[d] ^ s[a], 16);
  s[c] = s[c] + s[d];
  s[b] = rotr32(s[b] ^ s[c], 12);
  s[a] = s[a] + s[b] + y;
  s[d] = rotr32(s[d] ^ s[a], 8);
  s[c] = s[c] + s[d];
  s[b] = rotr32(s[b] ^ s[c], 7);
}

GF_INLINE void round_fn(uint32_t s[16], const uint32_t m[16], size_t r) {
  const uint8_t* w = kMsgSchedule.word[r];
  g(s, 0, 4, 8, 12, m[w[0]], m[w[1]]);
  g(s, 1, 5, 9, 13, m[w[2]], m[w[3]]);
  g(s, 2, 6, 10, 14, m[w[4]], m[w[5]]);
  g(s, 3, 7, 11, 15, m[w[6]], m[w[7]]);
  g(s, 0, 5, 10, 15, m[w[8]], m[w[9]]);
  g(s, 1, 6, 11, 12, m[w[10]], m[w[11]]);
  g(s, 2, 7, 8, 13, m[w[12]], m[w[13]]);
  g(s, 3, 4, 9, 14, m[w[14]], m[w[15]]);
}
#endif

// The 16-word output state: out[i] = v[i] ^ v[i + 8], out[i + 8] = v[i + 8] ^ cv[i]. Inside the
// VM (the verifier guest, docs/recursion.md) this is the GF_BLAKE3_COMPRESS precompile: one cycle
// and one table row instead of ~1,000 instructions.
GF_INLINE void compress_words(const uint32_t cv[8], const uint32_t m[16], uint8_t block_len, uint64_t counter,
                              uint8_t flags, uint32_t out[16]) {
#if defined(GF_VERIFIER_IN_GUEST)
  gf_blake3_compress_inline(cv, m, counter, block_len, flags, out);
#else
  uint32_t s[16];
  for (size_t i = 0; i < 8; ++i) s[i] = cv[i];
  for (size_t i = 0; i < 4; ++i) s[8 + i] = kIv[i];
  s[12] = static_cast<uint32_t>(counter);
  s[13] = static_cast<uint32_t>(counter >> 32);
  s[14] = block_len;
  s[15] = flags;
  for (size_t r = 0; r < 7; ++r) round_fn(s, m, r);
  for (size_t i = 0; i < 8; ++i) {
    out[i] = s[i] ^ s[i + 8];
    out[i + 8] = s[i + 8] ^ cv[i];
  }
#endif
}

}  // namespace

void compress_words_in_place(uint32_t cv[8], const uint32_t block[16], uint8_t block_len, uint64_t counter,
                             uint8_t flags) {
  uint32_t out[16];
  compress_words(cv, block, block_len, counter, flags, out);
  for (size_t i = 0; i < 8; ++i) cv[i] = out[i];
}

void compress_in_place(uint32_t cv[8], const uint8_t block[64], uint8_t block_len, uint64_t counter,
                       uint8_t flags) {
  if constexpr (std::endian::native == std::endian::little) {
    // A 4-aligned block is its own message words (the in-VM transcript hashes ~100 KB this way).
    if (reinterpret_cast<uintptr_t>(block) % alignof(uint32_t) == 0) {
      compress_words_in_place(cv, reinterpret_cast<const uint32_t*>(block), block_len, counter, flags);
      return;
    }
  }
  uint32_t m[16];
  for (size_t i = 0; i < 16; ++i) m[i] = load32_le(block + 4 * i);
  compress_words_in_place(cv, m, block_len, counter, flags);
}

void compress_xof(const uint32_t cv[8], const uint8_t block[64], uint8_t block_len, uint64_t counter,
                  uint8_t flags, uint8_t out[64]) {
  uint32_t m[16], words[16];
  for (size_t i = 0; i < 16; ++i) m[i] = load32_le(block + 4 * i);
  compress_words(cv, m, block_len, counter, flags, words);
  for (size_t i = 0; i < 16; ++i) store32_le(out + 4 * i, words[i]);
}

void portable::hash_many(const uint8_t* const* inputs, size_t num_inputs, size_t input_len,
                         const uint32_t key[8], uint64_t counter, bool increment_counter, uint8_t flags,
                         uint8_t flags_start, uint8_t flags_end, uint8_t* out) {
  const size_t blocks = input_len == 0 ? 1 : (input_len + kBlockLen - 1) / kBlockLen;
  for (size_t i = 0; i < num_inputs; ++i) {
    uint32_t cv[8];
    for (size_t w = 0; w < 8; ++w) cv[w] = key[w];
    const uint64_t ctr = counter + (increment_counter ? i : 0);
    for (size_t b = 0; b < blocks; ++b) {
      const size_t offset = b * kBlockLen;
      const size_t len = input_len - offset < kBlockLen ? input_len - offset : kBlockLen;
      uint8_t f = flags;
      if (b == 0) f |= flags_start;
      if (b + 1 == blocks) f |= flags_end;
      if (len == kBlockLen) {
        compress_in_place(cv, inputs[i] + offset, kBlockLen, ctr, f);
      } else {
        uint8_t block[kBlockLen] = {};
        if (len) std::memcpy(block, inputs[i] + offset, len);
        compress_in_place(cv, block, static_cast<uint8_t>(len), ctr, f);
      }
    }
    for (size_t w = 0; w < 8; ++w) store32_le(out + 32 * i + 4 * w, cv[w]);
  }
}

}  // namespace goldfinch::hash
