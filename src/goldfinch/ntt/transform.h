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

// Test hook: caps the four-step's outer length h1 at 2^log_h1 (0 restores the default), so
// tests can reach the nested four-step that only columns above 2^26 use otherwise.
void set_four_step_max_log_h1(unsigned log_h1);

}  // namespace goldfinch::ntt::detail
