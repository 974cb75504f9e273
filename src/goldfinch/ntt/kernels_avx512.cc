// AVX-512 NTT kernels (compiled with GF_AVX512_FLAGS): the PackedAvx512 instantiation of
// kernels_impl.h plus the in-register layers with half-size 4, 2 and 1.
#include <bit>
#include <cstdint>

#include "goldfinch/field/packed_avx512.h"
#include "goldfinch/ntt/kernels.h"
#include "goldfinch/ntt/kernels_impl.h"

namespace goldfinch::ntt::detail {

using ::goldfinch::avx512::PackedAvx512;

// Each layer gathers the butterfly pairs of two 8-element groups a, b into (lo, hi) with one
// two-source permutation each, runs 8 butterflies, and scatters back with the inverse permutation.
template <>
struct SmallLayers<PackedAvx512> {
  struct Layer {
    __m512i lo, hi, back_a, back_b;  // gather indices, then scatter indices
  };
  GF_INLINE static Layer layer(unsigned s) {
    if (s == 4)
      return {_mm512_setr_epi64(0, 1, 2, 3, 8, 9, 10, 11), _mm512_setr_epi64(4, 5, 6, 7, 12, 13, 14, 15),
              _mm512_setr_epi64(0, 1, 2, 3, 8, 9, 10, 11), _mm512_setr_epi64(4, 5, 6, 7, 12, 13, 14, 15)};
    if (s == 2)
      return {_mm512_setr_epi64(0, 1, 4, 5, 8, 9, 12, 13), _mm512_setr_epi64(2, 3, 6, 7, 10, 11, 14, 15),
              _mm512_setr_epi64(0, 1, 8, 9, 2, 3, 10, 11), _mm512_setr_epi64(4, 5, 12, 13, 6, 7, 14, 15)};
    return {_mm512_setr_epi64(0, 2, 4, 6, 8, 10, 12, 14), _mm512_setr_epi64(1, 3, 5, 7, 9, 11, 13, 15),
            _mm512_setr_epi64(0, 8, 1, 9, 2, 10, 3, 11), _mm512_setr_epi64(4, 12, 5, 13, 6, 14, 7, 15)};
  }
  template <bool kDif>
  GF_INLINE static void run(__m512i& a, __m512i& b, const Layer& l, const PackedAvx512* t) {
    PackedAvx512 lo{_mm512_permutex2var_epi64(a, l.lo, b)}, hi{_mm512_permutex2var_epi64(a, l.hi, b)};
    if (t == nullptr) {  // half-size 1: twiddle w_2^0 = 1
      const PackedAvx512 s = lo + hi;
      hi = lo - hi;
      lo = s;
    } else if constexpr (kDif) {
      dif_bfly(lo, hi, *t);
    } else {
      dit_bfly(lo, hi, *t);
    }
    a = _mm512_permutex2var_epi64(lo.v, l.back_a, hi.v);
    b = _mm512_permutex2var_epi64(lo.v, l.back_b, hi.v);
  }
  GF_INLINE static void dif(Fp* x, size_t n, const Fp* tw) {
    const PackedAvx512 t4{_mm512_broadcast_i64x4(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(tw + 4)))};
    const PackedAvx512 t2{_mm512_broadcast_i64x2(_mm_loadu_si128(reinterpret_cast<const __m128i*>(tw + 2)))};
    const Layer l4 = layer(4), l2 = layer(2), l1 = layer(1);
    for (size_t i = 0; i < n; i += 16) {
      __m512i a = _mm512_loadu_si512(x + i), b = _mm512_loadu_si512(x + i + 8);
      run<true>(a, b, l4, &t4);
      run<true>(a, b, l2, &t2);
      run<true>(a, b, l1, nullptr);
      _mm512_storeu_si512(x + i, a);
      _mm512_storeu_si512(x + i + 8, b);
    }
  }
  GF_INLINE static void dit(Fp* x, size_t n, const Fp* tw) {
    const PackedAvx512 t4{_mm512_broadcast_i64x4(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(tw + 4)))};
    const PackedAvx512 t2{_mm512_broadcast_i64x2(_mm_loadu_si128(reinterpret_cast<const __m128i*>(tw + 2)))};
    const Layer l4 = layer(4), l2 = layer(2), l1 = layer(1);
    for (size_t i = 0; i < n; i += 16) {
      __m512i a = _mm512_loadu_si512(x + i), b = _mm512_loadu_si512(x + i + 8);
      run<false>(a, b, l1, nullptr);
      run<false>(a, b, l2, &t2);
      run<false>(a, b, l4, &t4);
      _mm512_storeu_si512(x + i, a);
      _mm512_storeu_si512(x + i + 8, b);
    }
  }
};

// Products by the power-of-two twiddles of the row kernels' small layers (kernels_impl.h): a
// twiddle v is decoded as +-2^a (a < 64: x 2^a is the 128-bit x << a, reduced) or +-2^a eps with
// eps = 2^32 - 1 = 2^64 mod p (a < 32: x 2^a 2^64 = lo 2^64 + hi 2^128 with x 2^a = hi 2^64 + lo,
// and 2^128 = -2^32 mod p, hi < 2^32). Every form is an identity mod p and every result is
// canonical, so the values are those of the general product; anything else takes the general one.
template <>
struct TwiddleMul<PackedAvx512> {
  enum Mode { kGeneral, kPow2, kPow2Eps };
  __m512i t, shl, shr;
  Mode mode;
  bool negate;

  GF_INLINE static TwiddleMul make(Fp x, bool pow2) {
    TwiddleMul m{PackedAvx512::broadcast(x).v, _mm512_setzero_si512(), _mm512_setzero_si512(), kGeneral, false};
    if (!pow2) return m;
    const uint64_t v = x.value();
    for (bool neg : {false, true}) {
      if (v == 0) break;
      const uint64_t u = neg ? Fp::kModulus - v : v;
      const int a = std::countr_zero(u);
      Mode mode = kGeneral;
      if (std::has_single_bit(u)) {
        mode = kPow2;
      } else if (a < 32 && u == (uint64_t{1} << (a + 32)) - (uint64_t{1} << a)) {
        mode = kPow2Eps;
      }
      if (mode != kGeneral) {
        m.mode = mode;
        m.negate = neg;
        m.shl = _mm512_set1_epi64(a);
        m.shr = _mm512_set1_epi64(64 - a);  // a = 0: a variable shift by 64 gives 0
        return m;
      }
    }
    return m;
  }
  GF_INLINE PackedAvx512 operator()(PackedAvx512 x) const {
    namespace f = ::goldfinch::avx512;
    if (mode == kGeneral) return {f::mul(x.v, t)};
    const __m512i lo = _mm512_sllv_epi64(x.v, shl), hi = _mm512_srlv_epi64(x.v, shr);
    __m512i r = mode == kPow2 ? f::reduce128(hi, lo)
                              : f::sub(f::reduce128(lo, _mm512_setzero_si512()), _mm512_slli_epi64(hi, 32));
    if (negate) r = f::neg(r);
    return {r};
  }
};

// Row-kernel column tails of 4 to 7 columns as one masked vector (about the cost of two or
// three scalar columns; shorter tails stay scalar, no slower that way).
template <>
struct Tail<PackedAvx512> {
  static constexpr bool kMasked = true;
  static constexpr size_t kMinCols = 4;
  __mmask8 m;
  explicit Tail(size_t cols) : m(static_cast<__mmask8>((1u << cols) - 1)) {}
  GF_INLINE PackedAvx512 load(const Fp* p) const { return {_mm512_maskz_loadu_epi64(m, p)}; }
  GF_INLINE void store(Fp* p, PackedAvx512 v) const { _mm512_mask_storeu_epi64(p, m, v.v); }
};

}  // namespace goldfinch::ntt::detail

namespace goldfinch::ntt::avx512 {
using detail::PackedAvx512;
GF_DEFINE_NTT_KERNELS(PackedAvx512)
}  // namespace goldfinch::ntt::avx512
