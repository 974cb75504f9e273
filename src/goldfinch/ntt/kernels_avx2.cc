// AVX2 NTT kernels (compiled with GF_AVX2_FLAGS): the PackedAvx2 instantiation of kernels_impl.h
// plus the in-register layers with half-size 2 and 1.
#include "goldfinch/field/packed_avx2.h"
#include "goldfinch/ntt/kernels.h"
#include "goldfinch/ntt/kernels_impl.h"

namespace goldfinch::ntt::detail {

using ::goldfinch::avx2::PackedAvx2;

// Within each 4-element group: layer s = 2 pairs lanes (0,2),(1,3); layer s = 1 pairs (0,1),(2,3)
// with twiddle w_2^0 = 1. Two groups a, b are regrouped so the pairs line up across registers.
template <>
struct SmallLayers<PackedAvx2> {
  GF_INLINE static void dif(Fp* x, size_t n, const Fp* tw) {
    const PackedAvx2 t2{_mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(tw + 2)))};
    for (size_t i = 0; i < n; i += 8) {
      __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x + i));
      __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x + i + 4));
      PackedAvx2 lo{_mm256_permute2x128_si256(a, b, 0x20)}, hi{_mm256_permute2x128_si256(a, b, 0x31)};
      dif_bfly(lo, hi, t2);
      a = _mm256_permute2x128_si256(lo.v, hi.v, 0x20);
      b = _mm256_permute2x128_si256(lo.v, hi.v, 0x31);
      const __m256i l1 = _mm256_unpacklo_epi64(a, b), h1 = _mm256_unpackhi_epi64(a, b);
      const __m256i s = ::goldfinch::avx2::add(l1, h1), d = ::goldfinch::avx2::sub(l1, h1);
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(x + i), _mm256_unpacklo_epi64(s, d));
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(x + i + 4), _mm256_unpackhi_epi64(s, d));
    }
  }
  GF_INLINE static void dit(Fp* x, size_t n, const Fp* tw) {
    const PackedAvx2 t2{_mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(tw + 2)))};
    for (size_t i = 0; i < n; i += 8) {
      __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x + i));
      __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x + i + 4));
      const __m256i l1 = _mm256_unpacklo_epi64(a, b), h1 = _mm256_unpackhi_epi64(a, b);
      const __m256i s = ::goldfinch::avx2::add(l1, h1), d = ::goldfinch::avx2::sub(l1, h1);
      a = _mm256_unpacklo_epi64(s, d);
      b = _mm256_unpackhi_epi64(s, d);
      PackedAvx2 lo{_mm256_permute2x128_si256(a, b, 0x20)}, hi{_mm256_permute2x128_si256(a, b, 0x31)};
      dit_bfly(lo, hi, t2);
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(x + i), _mm256_permute2x128_si256(lo.v, hi.v, 0x20));
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(x + i + 4), _mm256_permute2x128_si256(lo.v, hi.v, 0x31));
    }
  }
};

}  // namespace goldfinch::ntt::detail

namespace goldfinch::ntt::avx2 {
using detail::PackedAvx2;
GF_DEFINE_NTT_KERNELS(PackedAvx2)
}  // namespace goldfinch::ntt::avx2
