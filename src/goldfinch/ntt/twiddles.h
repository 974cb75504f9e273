// Precomputed twiddle tables for the NTT, built once per direction and grown on demand.
// Layout: t[s + j] = w_{2s}^j for every layer half-size s = 1, 2, 4, ... and j < s, where w_m is
// the canonical primitive m-th root of unity Fp::two_adic_root (or its inverse). A table for 2^k
// is a prefix of the table for any larger size, so one table serves every transform length.
#pragma once

#include "goldfinch/field/goldilocks.h"

namespace goldfinch::ntt {

// A table with at least 2^log_n entries (log_n <= 32), valid for the life of the process.
// Thread-safe; the first call for a new largest size builds it (n/2 multiplications).
const Fp* twiddle_table(unsigned log_n, bool inverse);

}  // namespace goldfinch::ntt
