// memcpy / memmove / memset that move aligned 32-bit words, for the verifier guest (RV32IM):
// the toolchain's newlib is built for size and copies one byte per 6 instructions, which cost
// the in-VM verifier ~1.7 M cycles per shard. guest/verifier/word_mem.cc defines the C functions
// with these; base_test checks them against the standard ones on the host (every alignment,
// length and overlap of a small buffer). Pointers of different alignment mod 4 fall back to bytes.
#pragma once

#include <cstddef>
#include <cstdint>

namespace goldfinch::word_mem {

using Word = uint32_t __attribute__((may_alias));

// Forward copy to an aligned d from s = an aligned word + k bytes (k = 1..3): each stored word
// joins two aligned source words with shifts (little-endian). The loads stay inside the aligned
// words that hold the source bytes. Returns the bytes left (< 4).
inline size_t copy_shifted(unsigned char*& d, const unsigned char*& s, size_t n) {
  const unsigned k = reinterpret_cast<uintptr_t>(s) & 3, r = 8 * k, l = 32 - r;
  auto* dw = reinterpret_cast<Word*>(d);
  auto* sw = reinterpret_cast<const Word*>(s - k);
  uint32_t cur = *sw++;
  // Four words a step (the in-VM transcript copies ~100 KB of openings this way per proof).
  for (; n >= 16; n -= 16, sw += 4, dw += 4) {
    const uint32_t a = sw[0], b = sw[1], c = sw[2], e = sw[3];
    dw[0] = (cur >> r) | (a << l);
    dw[1] = (a >> r) | (b << l);
    dw[2] = (b >> r) | (c << l);
    dw[3] = (c >> r) | (e << l);
    cur = e;
  }
  for (; n >= 4; n -= 4) {
    const uint32_t next = *sw++;
    *dw++ = (cur >> r) | (next << l);
    cur = next;
  }
  d = reinterpret_cast<unsigned char*>(dw);
  s = reinterpret_cast<const unsigned char*>(sw) - 4 + k;
  return n;
}

// Forward copy, safe for overlapping ranges with dst < src when `overlap` is set (each word is
// read before any store can reach it: with equal alignment, src - dst is 0 or at least 4; a
// different alignment then takes bytes).
inline void copy_forward(unsigned char* d, const unsigned char* s, size_t n, bool overlap = false) {
  if (!overlap && n >= 16 && ((reinterpret_cast<uintptr_t>(d) ^ reinterpret_cast<uintptr_t>(s)) & 3) != 0) {
    for (; reinterpret_cast<uintptr_t>(d) & 3; --n) *d++ = *s++;
    n = copy_shifted(d, s, n);
  } else if (((reinterpret_cast<uintptr_t>(d) ^ reinterpret_cast<uintptr_t>(s)) & 3) == 0) {
    for (; n && (reinterpret_cast<uintptr_t>(d) & 3); --n) *d++ = *s++;
    auto* dw = reinterpret_cast<Word*>(d);
    auto* sw = reinterpret_cast<const Word*>(s);
    for (; n >= 16; n -= 16, dw += 4, sw += 4) {
      const uint32_t a = sw[0], b = sw[1], c = sw[2], e = sw[3];
      dw[0] = a;
      dw[1] = b;
      dw[2] = c;
      dw[3] = e;
    }
    for (; n >= 4; n -= 4) *dw++ = *sw++;
    d = reinterpret_cast<unsigned char*>(dw);
    s = reinterpret_cast<const unsigned char*>(sw);
  }
  for (; n; --n) *d++ = *s++;
}

// Backward copy of [s, s + n) to [d, d + n), safe for overlapping ranges with dst > src.
inline void copy_backward(unsigned char* d, const unsigned char* s, size_t n) {
  d += n;
  s += n;
  if (((reinterpret_cast<uintptr_t>(d) ^ reinterpret_cast<uintptr_t>(s)) & 3) == 0) {
    for (; n && (reinterpret_cast<uintptr_t>(d) & 3); --n) *--d = *--s;
    auto* dw = reinterpret_cast<Word*>(d);
    auto* sw = reinterpret_cast<const Word*>(s);
    for (; n >= 4; n -= 4) *--dw = *--sw;
    d = reinterpret_cast<unsigned char*>(dw);
    s = reinterpret_cast<const unsigned char*>(sw);
  }
  for (; n; --n) *--d = *--s;
}

inline void* copy(void* dst, const void* src, size_t n) {
  copy_forward(static_cast<unsigned char*>(dst), static_cast<const unsigned char*>(src), n);
  return dst;
}

inline void* move(void* dst, const void* src, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  const auto* s = static_cast<const unsigned char*>(src);
  // dst past src's end or src past dst's end: no overlap. Otherwise forward if dst is below src,
  // backward if dst lies inside [src, src + n).
  const uintptr_t du = reinterpret_cast<uintptr_t>(d), su = reinterpret_cast<uintptr_t>(s);
  if (du - su >= n && su - du >= n)
    copy_forward(d, s, n);
  else if (du - su >= n)
    copy_forward(d, s, n, /*overlap=*/true);
  else
    copy_backward(d, s, n);
  return dst;
}

inline void* set(void* dst, int c, size_t n) {
  auto* d = static_cast<unsigned char*>(dst);
  const auto b = static_cast<unsigned char>(c);
  for (; n && (reinterpret_cast<uintptr_t>(d) & 3); --n) *d++ = b;
  const uint32_t w = 0x01010101u * b;
  auto* dw = reinterpret_cast<Word*>(d);
  for (; n >= 16; n -= 16, dw += 4) {
    dw[0] = w;
    dw[1] = w;
    dw[2] = w;
    dw[3] = w;
  }
  for (; n >= 4; n -= 4) *dw++ = w;
  d = reinterpret_cast<unsigned char*>(dw);
  for (; n; --n) *d++ = b;
  return dst;
}

}  // namespace goldfinch::word_mem
