// The avx2 instantiations of the elementwise kernels (compiled with GF_AVX2_FLAGS).
#include "goldfinch/field/packed_avx2.h"
#include "goldfinch/field/packed_ops_impl.h"
#include "goldfinch/field/packed_ops_isa.h"

namespace goldfinch::avx2 {

using P = PackedAvx2;
void add_slices(Fp* out, const Fp* a, const Fp* b, size_t n) { packed::detail::add_slices<P>(out, a, b, n); }
void sub_slices(Fp* out, const Fp* a, const Fp* b, size_t n) { packed::detail::sub_slices<P>(out, a, b, n); }
void mul_slices(Fp* out, const Fp* a, const Fp* b, size_t n) { packed::detail::mul_slices<P>(out, a, b, n); }
void neg_slice(Fp* out, const Fp* a, size_t n) { packed::detail::neg_slice<P>(out, a, n); }
void square_slice(Fp* out, const Fp* a, size_t n) { packed::detail::square_slice<P>(out, a, n); }
void mul_add_slice(Fp* out, const Fp* a, Fp s, const Fp* b, size_t n) {
  packed::detail::mul_add_slice<P>(out, a, s, b, n);
}
void scale_slice(Fp* out, const Fp* a, Fp s, size_t n) { packed::detail::scale_slice<P>(out, a, s, n); }

}  // namespace goldfinch::avx2
