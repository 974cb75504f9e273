// Internal building blocks of ntt.cc shared with the LDE: the in-place core transforms without
// argument checks. dif: natural -> bit-reversed; dit: bit-reversed -> natural. `inverse` picks
// the root w_n^-1 (no 1/n factor); every output is multiplied by `scale`.
#pragma once

#include <cstddef>

#include "goldfinch/base/cpu_features.h"
#include "goldfinch/field/goldilocks.h"
#include "goldfinch/field/matrix.h"

namespace goldfinch::ntt::detail {

// Columns at least this long use the four-step decomposition (they no longer fit in L2).
inline constexpr size_t kFourStepMin = size_t{1} << 16;

void column_dif(Fp* x, size_t n, bool inverse, Fp scale, Isa isa);
void column_dit(Fp* x, size_t n, bool inverse, Fp scale, Isa isa);
void rows_dif(MatrixView m, bool inverse, Fp scale, Isa isa);
void rows_dit(MatrixView m, bool inverse, Fp scale, Isa isa);
void bit_reverse_rows(MatrixView m);
void bit_reverse_column(Fp* x, size_t n);  // cache-friendly bit_reverse_permute

}  // namespace goldfinch::ntt::detail
