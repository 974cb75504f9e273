// Coset LDE. With coefficients c_i (i < n) and N = n * B, the bit-reversed output splits into B
// contiguous blocks of n rows: row k * n + q holds f(s_k * w_n^rev(q)) with
// s_k = shift * w_N^rev_B(k), i.e. block k is the DIF (natural -> bit-reversed) of the
// coefficients multiplied by s_k^i. Each block is filled and transformed independently, so no
// N-row permutation and no zero padding are ever materialized.
#include "goldfinch/ntt/lde.h"

#include <algorithm>

#include "goldfinch/base/bits.h"
#include "goldfinch/base/parallel.h"
#include "goldfinch/field/packed_ops.h"
#include "goldfinch/ntt/transform.h"

namespace goldfinch::ntt {
namespace {

Error check_shape(ConstMatrixView m, size_t blowup) {
  if (!is_pow2(m.height)) return Error{ErrorCode::kInvalidArgument, "LDE height is not a power of two", 0, m.height};
  if (!is_pow2(blowup)) return Error{ErrorCode::kInvalidArgument, "LDE blowup is not a power of two", 0, blowup};
  if (log2_exact(m.height) + log2_exact(blowup) > Fp::kTwoAdicity)
    return Error{ErrorCode::kInvalidArgument, "LDE size above 2^32", uint64_t{1} << Fp::kTwoAdicity,
                 uint64_t{m.height} * blowup};
  if (m.size() > 0 && m.data == nullptr) return Error{ErrorCode::kInvalidArgument, "matrix view without data", 0, 0};
  return Error::none();
}

// coeffs holds c_i at row i (natural) or at row rev(i) (bit-reversed); every c_i is multiplied by
// `scale` (the inverse NTT's 1/n when coeffs come from an unscaled transform).
RowMajorMatrix coset_blocks(ConstMatrixView coeffs, Order coeff_order, Fp scale, size_t blowup,
                            const CosetOptions& opt) {
  const size_t n = coeffs.height, w = coeffs.width, big_n = n * blowup;
  const unsigned log_n = log2_exact(n), log_b = log2_exact(blowup);
  RowMajorMatrix out(big_n, w);
  const Fp w_big = Fp::two_adic_root(log_n + log_b);
  for (size_t k = 0; k < blowup; ++k) {
    const Fp s_k = opt.shift * w_big.pow(reverse_bits(k, log_b));
    Fp* block = out.data().data() + k * n * w;
    parallel_for_chunks(n, 1024, [&](size_t b, size_t e) {
      Fp p = scale * s_k.pow(b);
      for (size_t i = b; i < e; ++i, p *= s_k) {
        const size_t src = coeff_order == Order::kNatural ? i : reverse_bits(i, log_n);
        packed::scale({block + i * w, w}, {coeffs.data + src * w, w}, p, opt.isa);
      }
    });
    detail::rows_dif(MatrixView{block, n, w}, false, Fp::one(), opt.isa);
  }
  if (opt.order == Order::kNatural) detail::bit_reverse_rows(out.view());
  return out;
}

RowMajorMatrix copy_of(ConstMatrixView m) {
  RowMajorMatrix out(m.height, m.width);
  std::copy_n(m.data, m.size(), out.data().data());
  return out;
}

}  // namespace

Result<RowMajorMatrix> coset_lde(ConstMatrixView trace, size_t blowup, const CosetOptions& opt) {
  if (Error e = check_shape(trace, blowup); !e.ok()) return e;
  if (opt.shift.is_zero()) return Error{ErrorCode::kInvalidArgument, "LDE coset shift is zero", 1, 0};
  // Unscaled inverse DIF: natural evaluations -> n * c_i in bit-reversed order; 1/n is folded
  // into the coset multiplication.
  RowMajorMatrix coeffs = copy_of(trace);
  detail::rows_dif(coeffs.view(), true, Fp::one(), opt.isa);
  const Fp inv_n = Fp::from_u64(trace.height).inverse();
  return coset_blocks(static_cast<const RowMajorMatrix&>(coeffs).view(), Order::kBitReversed, inv_n, blowup, opt);
}

Result<RowMajorMatrix> interpolate(ConstMatrixView evals, Isa isa) {
  if (Error e = check_shape(evals, 1); !e.ok()) return e;
  RowMajorMatrix coeffs = copy_of(evals);
  if (Error e = inverse_rows(coeffs.view(), Order::kNatural, Order::kNatural, isa); !e.ok()) return e;
  return coeffs;
}

Result<RowMajorMatrix> evaluate_on_coset(ConstMatrixView coeffs, size_t blowup, const CosetOptions& opt) {
  if (Error e = check_shape(coeffs, blowup); !e.ok()) return e;
  if (opt.shift.is_zero()) return Error{ErrorCode::kInvalidArgument, "LDE coset shift is zero", 1, 0};
  return coset_blocks(coeffs, Order::kNatural, Fp::one(), blowup, opt);
}

}  // namespace goldfinch::ntt
