// The avx512 instantiations of the elementwise kernels (compiled with GF_AVX512_FLAGS).
#include "goldfinch/field/packed_avx512.h"
#include "goldfinch/field/packed_ops_impl.h"
#include "goldfinch/field/packed_ops_isa.h"

namespace goldfinch::avx512 {

using P = PackedAvx512;
void add_slices(Fp* out, const Fp* a, const Fp* b, size_t n) { packed::detail::add_slices<P>(out, a, b, n); }
void sub_slices(Fp* out, const Fp* a, const Fp* b, size_t n) { packed::detail::sub_slices<P>(out, a, b, n); }
void mul_slices(Fp* out, const Fp* a, const Fp* b, size_t n) { packed::detail::mul_slices<P>(out, a, b, n); }
void neg_slice(Fp* out, const Fp* a, size_t n) { packed::detail::neg_slice<P>(out, a, n); }
void square_slice(Fp* out, const Fp* a, size_t n) { packed::detail::square_slice<P>(out, a, n); }
void mul_add_slice(Fp* out, const Fp* a, Fp s, const Fp* b, size_t n) {
  packed::detail::mul_add_slice<P>(out, a, s, b, n);
}
// The generic loop with the last n mod 8 elements, when there are at least kMaskedMin of them, as
// one masked vector (up to three stay scalar: no slower than a masked vector here): the coset and
// four-step twiddle scaling call this once per matrix row, and rows are often not 8k wide.
void scale_slice(Fp* out, const Fp* a, Fp s, size_t n) {
  constexpr size_t kMaskedMin = 4;
  const P sv = P::broadcast(s);
  size_t i = 0;
  for (; i + P::kWidth <= n; i += P::kWidth) (P::load(a + i) * sv).store(out + i);
  if (n - i >= kMaskedMin) {
    const __mmask8 m = static_cast<__mmask8>((1u << (n - i)) - 1);
    _mm512_mask_storeu_epi64(out + i, m, (P{_mm512_maskz_loadu_epi64(m, a + i)} * sv).v);
    return;
  }
  for (; i < n; ++i) out[i] = a[i] * s;
}

}  // namespace goldfinch::avx512
