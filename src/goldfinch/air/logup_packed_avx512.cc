// The AVX-512 instantiation of the packed LogUp kernels (compiled with GF_AVX512_FLAGS).
#include "goldfinch/air/logup_packed_impl.h"
#include "goldfinch/field/packed_avx512.h"

namespace goldfinch::avx512 {

extern const air::LogupKernels kLogupKernels;
const air::LogupKernels kLogupKernels = air::packed_logup::kernels<PackedAvx512>();

}  // namespace goldfinch::avx512
