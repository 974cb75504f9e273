// Number-theoretic transforms over F_p (Goldilocks) for power-of-two lengths up to 2^32: one
// column (SIMD inside the column, four-step for long columns) or every column of a row-major
// matrix at once (butterflies over whole rows, SIMD across columns). Multithreaded through
// goldfinch::parallel_for; results do not depend on the thread count or the ISA.
//
// Conventions (w_n = Fp::two_adic_root(log2 n), rev = bit reversal of log2 n bits):
//   forward:  input coefficients c_i, output evaluations y_k = sum_i c_i w_n^(ik)  (= f(w_n^k))
//   inverse:  input evaluations y_k, output coefficients c_i = n^-1 sum_k y_k w_n^(-ik)
//   Order::kNatural stores element i at index i; Order::kBitReversed stores it at index rev(i).
// Any input order can be combined with any output order; natural -> bit-reversed and
// bit-reversed -> natural are the cheapest (no permutation pass).
#pragma once

#include <cstdint>
#include <span>

#include "goldfinch/base/cpu_features.h"
#include "goldfinch/base/error.h"
#include "goldfinch/field/goldilocks.h"
#include "goldfinch/field/matrix.h"

namespace goldfinch::ntt {

enum class Order : uint8_t { kNatural, kBitReversed };

const char* order_name(Order order);

// In place. Errors (kInvalidArgument): length not a power of two, or above 2^32.
[[nodiscard]] Error forward(std::span<Fp> v, Order in, Order out, Isa isa = best_isa());
[[nodiscard]] Error inverse(std::span<Fp> v, Order in, Order out, Isa isa = best_isa());

// Every column of m (height = transform length) in place; the order applies to rows.
[[nodiscard]] Error forward_rows(MatrixView m, Order in, Order out, Isa isa = best_isa());
[[nodiscard]] Error inverse_rows(MatrixView m, Order in, Order out, Isa isa = best_isa());

}  // namespace goldfinch::ntt
