// Lazy accumulation of sums of products (F_p^3 * F_p): the 128-bit products are added without
// reduction, counting overflows of 2^128, and reduced once at the end. Used in the prover's hot
// sums (quotient folding, DEEP reduction), where it replaces three modular reductions per term
// with three 64x64->128 multiply-adds. 2^128 = -2^32 (mod p).
#pragma once

#include "goldfinch/field/ext3.h"

namespace goldfinch {

// The same sums for targets without a 128-bit integer type (RV32IM guests): each accumulator is
// a (lo, hi) pair of u64 with the carry between them done by hand. On such targets it is
// LazyExtSum; on hosts it is tested against the __int128 version.
struct PortableLazyExtSum {
  uint64_t lo[3] = {0, 0, 0}, hi[3] = {0, 0, 0};
  uint64_t wraps[3] = {0, 0, 0};

  GF_INLINE void add_mul(const Fp3& a, Fp b) {
    for (int i = 0; i < 3; ++i) add(i, a[i].value(), b.value());
  }
  GF_INLINE void add_mul(const Fp3& a, const Fp3& b) {
    const uint64_t a0 = a[0].value(), a1 = a[1].value(), a2 = a[2].value();
    const uint64_t b0 = b[0].value(), b1 = b[1].value(), b2 = b[2].value();
    add(0, a0, b0); add(0, a1, b2); add(0, a2, b1);
    add(1, a0, b1); add(1, a1, b0); add(1, a1, b2); add(1, a2, b1); add(1, a2, b2);
    add(2, a0, b2); add(2, a1, b1); add(2, a2, b0); add(2, a2, b2);
  }
  Fp3 reduce() const {
    const Fp k = -Fp::from_canonical(uint64_t{1} << 32);  // 2^128 mod p
    Fp c[3];
    for (int i = 0; i < 3; ++i)
      c[i] = Fp::from_canonical(Fp::reduce_wide(lo[i], hi[i])) + Fp::from_u64(wraps[i]) * k;
    return {c[0], c[1], c[2]};
  }

 private:
  GF_INLINE void add(int i, uint64_t x, uint64_t y) {
    uint64_t ph = 0;
    const uint64_t pl = Fp::mul_wide_portable(x, y, &ph);
    const uint64_t carry = __builtin_add_overflow(lo[i], pl, &lo[i]) ? 1 : 0;
    uint64_t h;
    const bool w1 = __builtin_add_overflow(hi[i], ph, &h);
    const bool w2 = __builtin_add_overflow(h, carry, &hi[i]);
    wraps[i] += static_cast<uint64_t>(w1) + static_cast<uint64_t>(w2);
  }
};

#if !defined(__SIZEOF_INT128__)
using LazyExtSum = PortableLazyExtSum;
#else
struct LazyExtSum {
  using u128 = unsigned __int128;
  u128 lo[3] = {0, 0, 0};
  uint64_t wraps[3] = {0, 0, 0};

  GF_INLINE void add_mul(const Fp3& a, Fp b) {
    for (int i = 0; i < 3; ++i) {
      const u128 prod = static_cast<u128>(a[i].value()) * b.value();
      lo[i] += prod;
      wraps[i] += lo[i] < prod;
    }
  }
  GF_INLINE void add_mul(const Fp3& a, const Fp3& b) {
    // Schoolbook on lazy terms: (a * b)_k with x^3 = x + 1 (see Fp3::operator*).
    const uint64_t a0 = a[0].value(), a1 = a[1].value(), a2 = a[2].value();
    const uint64_t b0 = b[0].value(), b1 = b[1].value(), b2 = b[2].value();
    add(0, a0, b0); add(0, a1, b2); add(0, a2, b1);                    // d0 + d3
    add(1, a0, b1); add(1, a1, b0); add(1, a1, b2); add(1, a2, b1); add(1, a2, b2);  // d1 + d3 + d4
    add(2, a0, b2); add(2, a1, b1); add(2, a2, b0); add(2, a2, b2);    // d2 + d4
  }
  Fp3 reduce() const {
    const Fp k = -Fp::from_canonical(uint64_t{1} << 32);  // 2^128 mod p
    Fp c[3];
    for (int i = 0; i < 3; ++i)
      c[i] = Fp::from_canonical(Fp::reduce128(lo[i])) + Fp::from_u64(wraps[i]) * k;
    return {c[0], c[1], c[2]};
  }

 private:
  GF_INLINE void add(int i, uint64_t x, uint64_t y) {
    const u128 prod = static_cast<u128>(x) * y;
    lo[i] += prod;
    wraps[i] += lo[i] < prod;
  }
};
#endif

}  // namespace goldfinch
