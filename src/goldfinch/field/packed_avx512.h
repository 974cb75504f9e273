// Eight Goldilocks lanes in one __m512i. Include only from translation units compiled with
// GF_AVX512_FLAGS (AVX512_SOURCES); everything here is always_inline or in namespace
// goldfinch::avx512. AVX-512 has unsigned compares into mask registers, so each conditional
// correction is one compare and one masked add/sub (no sign-flip trick needed).
#pragma once

#if !defined(__AVX512F__)
#error "packed_avx512.h needs AVX-512 flags; list the including file in AVX512_SOURCES"
#endif

#include <immintrin.h>

// GCC 12's AVX-512 intrinsics start from _mm512_undefined_epi32() (`__m512i __Y = __Y;`), which
// -W(maybe-)uninitialized report wherever they are inlined; ISA translation units accept that.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

#include <cstddef>
#include <cstdint>

#include "goldfinch/base/check.h"
#include "goldfinch/field/goldilocks.h"
#include "goldfinch/field/packed.h"

namespace goldfinch::avx512 {

GF_INLINE __m512i p_vec() { return _mm512_set1_epi64(static_cast<int64_t>(Fp::kModulus)); }
GF_INLINE __m512i eps_vec() { return _mm512_set1_epi64(static_cast<int64_t>(Fp::kEpsilon)); }

GF_INLINE __m512i add(__m512i a, __m512i b) {
  // a, b < p: a + b - p (mod 2^64) is exact when a >= p - b.
  const __m512i nb = _mm512_sub_epi64(p_vec(), b);
  const __mmask8 ge = _mm512_cmpge_epu64_mask(a, nb);
  const __m512i s = _mm512_add_epi64(a, b);
  return _mm512_mask_sub_epi64(s, ge, s, p_vec());
}

GF_INLINE __m512i sub(__m512i a, __m512i b) {
  const __mmask8 borrow = _mm512_cmplt_epu64_mask(a, b);
  const __m512i d = _mm512_sub_epi64(a, b);
  return _mm512_mask_add_epi64(d, borrow, d, p_vec());
}

GF_INLINE __m512i neg(__m512i a) {
  const __mmask8 nz = _mm512_test_epi64_mask(a, a);
  return _mm512_maskz_sub_epi64(nz, p_vec(), a);
}

// Reduces hi * 2^64 + lo to a canonical element: lo - hi_hi + hi_lo * (2^32 - 1).
GF_INLINE __m512i reduce128(__m512i hi, __m512i lo) {
  const __m512i eps = eps_vec();
  const __m512i hi_hi = _mm512_srli_epi64(hi, 32);
  const __mmask8 borrow = _mm512_cmplt_epu64_mask(lo, hi_hi);
  __m512i t0 = _mm512_sub_epi64(lo, hi_hi);
  t0 = _mm512_mask_sub_epi64(t0, borrow, t0, eps);  // a borrow of 2^64 = eps
  const __m512i t1 = _mm512_mul_epu32(hi, eps);     // hi_lo * eps < 2^64
  __m512i t2 = _mm512_add_epi64(t0, t1);
  const __mmask8 carry = _mm512_cmplt_epu64_mask(t2, t1);
  t2 = _mm512_mask_add_epi64(t2, carry, t2, eps);   // cannot carry again
  const __mmask8 ge_p = _mm512_cmpge_epu64_mask(t2, p_vec());
  return _mm512_mask_sub_epi64(t2, ge_p, t2, p_vec());
}

// Full 64x64 -> 128-bit products from four 32x32 partial products; returns hi, sets lo.
GF_INLINE __m512i mul_wide(__m512i a, __m512i b, __m512i* lo_out) {
  const __m512i lo32 = _mm512_set1_epi64(0xFFFFFFFFll);
  const __m512i a_hi = _mm512_shuffle_epi32(a, _MM_PERM_DDBB);  // high dword to the low one
  const __m512i b_hi = _mm512_shuffle_epi32(b, _MM_PERM_DDBB);
  const __m512i ll = _mm512_mul_epu32(a, b);
  const __m512i lh = _mm512_mul_epu32(a, b_hi);
  const __m512i hl = _mm512_mul_epu32(a_hi, b);
  const __m512i hh = _mm512_mul_epu32(a_hi, b_hi);
  // (2^32-1)^2 + 2^32 - 1 < 2^64: neither sum below overflows.
  const __m512i t = _mm512_add_epi64(lh, _mm512_srli_epi64(ll, 32));
  const __m512i u = _mm512_add_epi64(hl, _mm512_and_si512(t, lo32));
  *lo_out = _mm512_mask_blend_epi32(0xAAAA, ll, _mm512_slli_epi64(u, 32));
  return _mm512_add_epi64(hh, _mm512_add_epi64(_mm512_srli_epi64(t, 32), _mm512_srli_epi64(u, 32)));
}

GF_INLINE __m512i mul(__m512i a, __m512i b) {
  __m512i lo;
  const __m512i hi = mul_wide(a, b, &lo);
  return reduce128(hi, lo);
}

struct PackedAvx512 {
  static constexpr size_t kWidth = 8;
  __m512i v;

  GF_INLINE static PackedAvx512 load(const Fp* p) { return {_mm512_loadu_si512(p)}; }
  GF_INLINE void store(Fp* p) const { _mm512_storeu_si512(p, v); }
  GF_INLINE static PackedAvx512 broadcast(Fp x) {
    return {_mm512_set1_epi64(static_cast<int64_t>(__builtin_bit_cast(uint64_t, x)))};
  }
  GF_INLINE friend PackedAvx512 operator+(PackedAvx512 a, PackedAvx512 b) { return {add(a.v, b.v)}; }
  GF_INLINE friend PackedAvx512 operator-(PackedAvx512 a, PackedAvx512 b) { return {sub(a.v, b.v)}; }
  GF_INLINE friend PackedAvx512 operator*(PackedAvx512 a, PackedAvx512 b) { return {mul(a.v, b.v)}; }
  GF_INLINE PackedAvx512 operator-() const { return {neg(v)}; }
  GF_INLINE PackedAvx512 square() const { return {mul(v, v)}; }
};

static_assert(PackedField<PackedAvx512>);

}  // namespace goldfinch::avx512
