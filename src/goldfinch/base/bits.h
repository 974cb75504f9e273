// Small bit helpers shared by the NTT, the Merkle tree and FRI.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>

#include "goldfinch/base/check.h"

namespace goldfinch {

constexpr bool is_pow2(uint64_t n) { return n != 0 && (n & (n - 1)) == 0; }

// log2 of a power of two.
constexpr unsigned log2_exact(uint64_t n) { return static_cast<unsigned>(std::countr_zero(n)); }

constexpr unsigned log2_ceil(uint64_t n) {
  return n <= 1 ? 0 : 64u - static_cast<unsigned>(std::countl_zero(n - 1));
}

// Reverses the low `bits` bits of i.
constexpr uint64_t reverse_bits(uint64_t i, unsigned bits) {
  if (bits == 0) return 0;
  i = ((i >> 1) & 0x5555555555555555ull) | ((i & 0x5555555555555555ull) << 1);
  i = ((i >> 2) & 0x3333333333333333ull) | ((i & 0x3333333333333333ull) << 2);
  i = ((i >> 4) & 0x0F0F0F0F0F0F0F0Full) | ((i & 0x0F0F0F0F0F0F0F0Full) << 4);
  i = ((i >> 8) & 0x00FF00FF00FF00FFull) | ((i & 0x00FF00FF00FF00FFull) << 8);
  i = ((i >> 16) & 0x0000FFFF0000FFFFull) | ((i & 0x0000FFFF0000FFFFull) << 16);
  i = (i >> 32) | (i << 32);
  return i >> (64 - bits);
}

// Permutes v[0..n) into bit-reversed order in place (n a power of two).
template <class T>
void bit_reverse_permute(T* v, size_t n) {
  GF_CHECK(is_pow2(n), "bit_reverse_permute needs a power-of-two length");
  const unsigned bits = log2_exact(n);
  for (size_t i = 0; i < n; ++i) {
    size_t j = reverse_bits(i, bits);
    if (i < j) {
      T t = v[i];
      v[i] = v[j];
      v[j] = t;
    }
  }
}

}  // namespace goldfinch
