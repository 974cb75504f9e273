// BLAKE3 hash_many, 8-way AVX2: eight independent inputs compressed in parallel, one input per
// 32-bit lane of each ymm register, message words transposed 8x8. Rotations by 16 and 8 are
// byte shuffles, by 12 and 7 shift pairs. Compiled with the AVX2 flags only; everything here is
// internal to this file except avx2::hash_many (raw pointers, see blake3_kernels.h).
#include <immintrin.h>

#include <cstring>

#include "goldfinch/hash/blake3_constants.h"
#include "goldfinch/hash/blake3_kernels.h"

namespace goldfinch::hash::avx2 {
namespace {

GF_INLINE __m256i add(__m256i a, __m256i b) { return _mm256_add_epi32(a, b); }
GF_INLINE __m256i xor256(__m256i a, __m256i b) { return _mm256_xor_si256(a, b); }
GF_INLINE __m256i set1(uint32_t x) { return _mm256_set1_epi32(static_cast<int>(x)); }

GF_INLINE __m256i rot16(__m256i x) {
  return _mm256_shuffle_epi8(x, _mm256_setr_epi8(2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13, 2, 3, 0,
                                                 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13));
}
GF_INLINE __m256i rot8(__m256i x) {
  return _mm256_shuffle_epi8(x, _mm256_setr_epi8(1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12, 1, 2, 3,
                                                 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12));
}
GF_INLINE __m256i rot12(__m256i x) { return _mm256_or_si256(_mm256_srli_epi32(x, 12), _mm256_slli_epi32(x, 20)); }
GF_INLINE __m256i rot7(__m256i x) { return _mm256_or_si256(_mm256_srli_epi32(x, 7), _mm256_slli_epi32(x, 25)); }

GF_INLINE void g(__m256i& a, __m256i& b, __m256i& c, __m256i& d, __m256i x, __m256i y) {
  a = add(add(a, b), x);
  d = rot16(xor256(d, a));
  c = add(c, d);
  b = rot12(xor256(b, c));
  a = add(add(a, b), y);
  d = rot8(xor256(d, a));
  c = add(c, d);
  b = rot7(xor256(b, c));
}

GF_INLINE void round_fn(__m256i v[16], const __m256i m[16], size_t r) {
  const uint8_t* w = kMsgSchedule.word[r];
  g(v[0], v[4], v[8], v[12], m[w[0]], m[w[1]]);
  g(v[1], v[5], v[9], v[13], m[w[2]], m[w[3]]);
  g(v[2], v[6], v[10], v[14], m[w[4]], m[w[5]]);
  g(v[3], v[7], v[11], v[15], m[w[6]], m[w[7]]);
  g(v[0], v[5], v[10], v[15], m[w[8]], m[w[9]]);
  g(v[1], v[6], v[11], v[12], m[w[10]], m[w[11]]);
  g(v[2], v[7], v[8], v[13], m[w[12]], m[w[13]]);
  g(v[3], v[4], v[9], v[14], m[w[14]], m[w[15]]);
}

// 8x8 transpose of 32-bit words: x[j] word w  ->  x[w] lane j.
GF_INLINE void transpose8(__m256i x[8]) {
  const __m256i ab_lo = _mm256_unpacklo_epi32(x[0], x[1]), ab_hi = _mm256_unpackhi_epi32(x[0], x[1]);
  const __m256i cd_lo = _mm256_unpacklo_epi32(x[2], x[3]), cd_hi = _mm256_unpackhi_epi32(x[2], x[3]);
  const __m256i ef_lo = _mm256_unpacklo_epi32(x[4], x[5]), ef_hi = _mm256_unpackhi_epi32(x[4], x[5]);
  const __m256i gh_lo = _mm256_unpacklo_epi32(x[6], x[7]), gh_hi = _mm256_unpackhi_epi32(x[6], x[7]);
  // abcd[k] holds, in 128-bit lane L, word 4L+k of rows a..d; efgh[k] the same for rows e..h.
  const __m256i abcd[4] = {_mm256_unpacklo_epi64(ab_lo, cd_lo), _mm256_unpackhi_epi64(ab_lo, cd_lo),
                           _mm256_unpacklo_epi64(ab_hi, cd_hi), _mm256_unpackhi_epi64(ab_hi, cd_hi)};
  const __m256i efgh[4] = {_mm256_unpacklo_epi64(ef_lo, gh_lo), _mm256_unpackhi_epi64(ef_lo, gh_lo),
                           _mm256_unpacklo_epi64(ef_hi, gh_hi), _mm256_unpackhi_epi64(ef_hi, gh_hi)};
  for (size_t k = 0; k < 4; ++k) {
    x[k] = _mm256_permute2x128_si256(abcd[k], efgh[k], 0x20);
    x[4 + k] = _mm256_permute2x128_si256(abcd[k], efgh[k], 0x31);
  }
}

}  // namespace

void hash_many(const uint8_t* const* inputs, size_t num_inputs, size_t input_len, const uint32_t key[8],
               uint64_t counter, bool increment_counter, uint8_t flags, uint8_t flags_start,
               uint8_t flags_end, uint8_t* out) {
  const size_t blocks = input_len == 0 ? 1 : (input_len + kBlockLen - 1) / kBlockLen;
  const size_t full_blocks = input_len / kBlockLen;
  const size_t tail = input_len - full_blocks * kBlockLen;
  for (size_t base = 0; base < num_inputs; base += kLanes) {
    const size_t lanes = num_inputs - base < kLanes ? num_inputs - base : kLanes;
    const uint8_t* p[kLanes];
    alignas(32) uint32_t ctr_lo[kLanes], ctr_hi[kLanes];
    for (size_t j = 0; j < kLanes; ++j) {
      p[j] = inputs[base + (j < lanes ? j : 0)];  // spare lanes recompute input 0, discarded
      const uint64_t c = counter + (increment_counter ? base + j : 0);
      ctr_lo[j] = static_cast<uint32_t>(c);
      ctr_hi[j] = static_cast<uint32_t>(c >> 32);
    }
    const __m256i counter_lo = _mm256_load_si256(reinterpret_cast<const __m256i*>(ctr_lo));
    const __m256i counter_hi = _mm256_load_si256(reinterpret_cast<const __m256i*>(ctr_hi));
    __m256i h[8];
    for (size_t i = 0; i < 8; ++i) h[i] = set1(key[i]);
    // The next batch's inputs, prefetched (into L2) one block per step while this batch
    // computes: eight independent streams are more than the hardware prefetcher follows.
    const uint8_t* next[kLanes];
    const size_t next_lanes = num_inputs - base > kLanes ? num_inputs - base - kLanes : 0;
    for (size_t j = 0; j < kLanes; ++j) next[j] = j < next_lanes ? inputs[base + kLanes + j] : nullptr;
    for (size_t b = 0; b < blocks; ++b) {
      if (b < full_blocks) {
        for (size_t j = 0; j < next_lanes && j < kLanes; ++j) {
          _mm_prefetch(reinterpret_cast<const char*>(next[j] + b * kBlockLen), _MM_HINT_T1);
        }
      }
      const uint8_t* src[kLanes];
      alignas(32) uint8_t pad[kLanes][kBlockLen];
      if (b < full_blocks) {
        for (size_t j = 0; j < kLanes; ++j) src[j] = p[j] + b * kBlockLen;
      } else {
        std::memset(pad, 0, sizeof(pad));
        for (size_t j = 0; j < kLanes; ++j) {
          if (tail) std::memcpy(pad[j], p[j] + b * kBlockLen, tail);
          src[j] = pad[j];
        }
      }
      __m256i m[16];
      for (size_t j = 0; j < kLanes; ++j) {
        m[j] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src[j]));
        m[8 + j] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src[j] + 32));
      }
      transpose8(m);
      transpose8(m + 8);
      uint32_t f = flags;
      if (b == 0) f |= flags_start;
      if (b + 1 == blocks) f |= flags_end;
      __m256i v[16] = {h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7],
                       set1(kIv[0]), set1(kIv[1]), set1(kIv[2]), set1(kIv[3]),
                       counter_lo, counter_hi, set1(static_cast<uint32_t>(b < full_blocks ? kBlockLen : tail)),
                       set1(f)};
      round_fn(v, m, 0);
      round_fn(v, m, 1);
      round_fn(v, m, 2);
      round_fn(v, m, 3);
      round_fn(v, m, 4);
      round_fn(v, m, 5);
      round_fn(v, m, 6);
      for (size_t i = 0; i < 8; ++i) h[i] = xor256(v[i], v[i + 8]);
    }
    transpose8(h);
    for (size_t j = 0; j < lanes; ++j) _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + 32 * (base + j)), h[j]);
  }
}

}  // namespace goldfinch::hash::avx2
