// The AVX2 instantiation of the packed LogUp kernels (compiled with GF_AVX2_FLAGS).
#include "goldfinch/air/logup_packed_impl.h"
#include "goldfinch/field/packed_avx2.h"

namespace goldfinch::avx2 {

extern const air::LogupKernels kLogupKernels;
const air::LogupKernels kLogupKernels = air::packed_logup::kernels<PackedAvx2>();

}  // namespace goldfinch::avx2
