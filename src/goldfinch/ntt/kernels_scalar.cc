// Scalar NTT kernels (the PackedScalar instantiation of kernels_impl.h) and the run-time choice
// of kernel set.
#include "goldfinch/base/check.h"
#include "goldfinch/ntt/kernels.h"
#include "goldfinch/ntt/kernels_impl.h"

namespace goldfinch::ntt {

namespace scalar {
GF_DEFINE_NTT_KERNELS(PackedScalar)
}  // namespace scalar

#define GF_KERNELS(ns) \
  Kernels { ns::dif_column, ns::dit_column, ns::dif_rows, ns::dit_rows, ns::dif_rows_radix4, ns::dit_rows_radix4, ns::twiddle_row }

const Kernels& kernels_for(Isa isa) {
  GF_CHECK(isa_available(isa), "NTT kernels requested for an ISA this build or CPU lacks");
  static const Kernels kScalar = GF_KERNELS(scalar);
#if defined(GF_HAVE_AVX2)
  static const Kernels kAvx2 = GF_KERNELS(avx2);
  if (isa == Isa::kAvx2) return kAvx2;
#endif
#if defined(GF_HAVE_AVX512)
  static const Kernels kAvx512 = GF_KERNELS(avx512);
  if (isa == Isa::kAvx512) return kAvx512;
#endif
  return kScalar;
}

#undef GF_KERNELS

}  // namespace goldfinch::ntt
