// Four Goldilocks lanes in one __m256i. Include only from translation units compiled with
// GF_AVX2_FLAGS (AVX2_SOURCES); everything here is always_inline or in namespace goldfinch::avx2,
// so no AVX2 code can be picked by the linker for a scalar caller.
// Multiplication: 32x32 partial products (vpmuludq) and the reduction 2^64 = 2^32 - 1,
// 2^96 = -1 (mod p). AVX2 has only signed 64-bit compares, so unsigned compares flip the sign
// bit of both sides ("shifted by 2^63") and intermediate values are kept shifted where useful.
#pragma once

#if !defined(__AVX2__)
#error "packed_avx2.h needs AVX2 flags; list the including file in AVX2_SOURCES"
#endif

#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "goldfinch/base/check.h"
#include "goldfinch/field/goldilocks.h"
#include "goldfinch/field/packed.h"

namespace goldfinch::avx2 {

GF_INLINE __m256i p_vec() { return _mm256_set1_epi64x(static_cast<int64_t>(Fp::kModulus)); }
GF_INLINE __m256i eps_vec() { return _mm256_set1_epi64x(static_cast<int64_t>(Fp::kEpsilon)); }
GF_INLINE __m256i sign_vec() { return _mm256_set1_epi64x(INT64_MIN); }

// a > b as unsigned 64-bit integers (all-ones lanes where true).
GF_INLINE __m256i ugt(__m256i a, __m256i b) {
  return _mm256_cmpgt_epi64(_mm256_xor_si256(a, sign_vec()), _mm256_xor_si256(b, sign_vec()));
}

GF_INLINE __m256i add(__m256i a, __m256i b) {
  // a, b < p. a + b wraps mod 2^64; when a + b >= p (i.e. a >= p - b) subtract p, also wrapping:
  // the true result a + b - p < p, so arithmetic mod 2^64 gives it exactly.
  const __m256i nb = _mm256_sub_epi64(p_vec(), b);  // in (0, p]
  const __m256i s = _mm256_add_epi64(a, b);
  const __m256i lt = ugt(nb, a);  // a < p - b: keep s
  return _mm256_sub_epi64(s, _mm256_andnot_si256(lt, p_vec()));
}

GF_INLINE __m256i sub(__m256i a, __m256i b) {
  const __m256i d = _mm256_sub_epi64(a, b);
  const __m256i borrow = ugt(b, a);
  return _mm256_add_epi64(d, _mm256_and_si256(borrow, p_vec()));
}

GF_INLINE __m256i neg(__m256i a) {
  const __m256i d = _mm256_sub_epi64(p_vec(), a);
  const __m256i zero = _mm256_cmpeq_epi64(a, _mm256_setzero_si256());
  return _mm256_andnot_si256(zero, d);
}

// Reduces hi * 2^64 + lo to a canonical element: lo - hi_hi + hi_lo * (2^32 - 1).
GF_INLINE __m256i reduce128(__m256i hi, __m256i lo) {
  const __m256i sign = sign_vec(), eps = eps_vec();
  const __m256i lo_s = _mm256_xor_si256(lo, sign);
  const __m256i hi_hi = _mm256_srli_epi64(hi, 32);
  __m256i t0_s = _mm256_sub_epi64(lo_s, hi_hi);              // (lo - hi_hi) shifted
  const __m256i borrow = _mm256_cmpgt_epi64(t0_s, lo_s);     // wrapped below zero
  t0_s = _mm256_sub_epi64(t0_s, _mm256_and_si256(borrow, eps));  // a borrow of 2^64 = eps
  const __m256i t1 = _mm256_mul_epu32(hi, eps);              // hi_lo * eps < 2^64
  __m256i t2_s = _mm256_add_epi64(t0_s, t1);
  const __m256i carry = _mm256_cmpgt_epi64(t0_s, t2_s);      // t0 + t1 wrapped past 2^64
  t2_s = _mm256_add_epi64(t2_s, _mm256_and_si256(carry, eps));  // cannot carry again
  const __m256i pm1_s = _mm256_set1_epi64x(static_cast<int64_t>((Fp::kModulus - 1) ^ (1ull << 63)));
  const __m256i ge_p = _mm256_cmpgt_epi64(t2_s, pm1_s);
  const __m256i t2 = _mm256_xor_si256(t2_s, sign);
  return _mm256_sub_epi64(t2, _mm256_and_si256(ge_p, p_vec()));
}

// Full 64x64 -> 128-bit products from four 32x32 partial products; returns hi, sets lo.
GF_INLINE __m256i mul_wide(__m256i a, __m256i b, __m256i* lo_out) {
  const __m256i lo32 = _mm256_set1_epi64x(0xFFFFFFFFll);
  const __m256i a_hi = _mm256_shuffle_epi32(a, 0xF5);  // copies the high dword into the low one
  const __m256i b_hi = _mm256_shuffle_epi32(b, 0xF5);
  const __m256i ll = _mm256_mul_epu32(a, b);
  const __m256i lh = _mm256_mul_epu32(a, b_hi);
  const __m256i hl = _mm256_mul_epu32(a_hi, b);
  const __m256i hh = _mm256_mul_epu32(a_hi, b_hi);
  // (2^32-1)^2 + 2^32 - 1 < 2^64: neither sum below overflows.
  const __m256i t = _mm256_add_epi64(lh, _mm256_srli_epi64(ll, 32));
  const __m256i u = _mm256_add_epi64(hl, _mm256_and_si256(t, lo32));
  *lo_out = _mm256_blend_epi32(ll, _mm256_slli_epi64(u, 32), 0xAA);
  return _mm256_add_epi64(hh, _mm256_add_epi64(_mm256_srli_epi64(t, 32), _mm256_srli_epi64(u, 32)));
}

GF_INLINE __m256i mul(__m256i a, __m256i b) {
  __m256i lo;
  const __m256i hi = mul_wide(a, b, &lo);
  return reduce128(hi, lo);
}

struct PackedAvx2 {
  static constexpr size_t kWidth = 4;
  __m256i v;

  GF_INLINE static PackedAvx2 load(const Fp* p) {
    return {_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p))};
  }
  GF_INLINE void store(Fp* p) const { _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v); }
  GF_INLINE static PackedAvx2 broadcast(Fp x) {
    return {_mm256_set1_epi64x(static_cast<int64_t>(__builtin_bit_cast(uint64_t, x)))};
  }
  GF_INLINE friend PackedAvx2 operator+(PackedAvx2 a, PackedAvx2 b) { return {add(a.v, b.v)}; }
  GF_INLINE friend PackedAvx2 operator-(PackedAvx2 a, PackedAvx2 b) { return {sub(a.v, b.v)}; }
  GF_INLINE friend PackedAvx2 operator*(PackedAvx2 a, PackedAvx2 b) { return {mul(a.v, b.v)}; }
  GF_INLINE PackedAvx2 operator-() const { return {neg(v)}; }
  GF_INLINE PackedAvx2 square() const { return {mul(v, v)}; }
};

static_assert(PackedField<PackedAvx2>);

}  // namespace goldfinch::avx2
