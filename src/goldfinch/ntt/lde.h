// Low-degree extension of trace columns onto a coset: the step between the trace and its
// Merkle commitment. Input rows are evaluations on H = <w_n> in natural order; the output has
// the evaluations of the same polynomials (degree < n) on shift * H' with H' = <w_N>,
// N = n * blowup. The STARK commits the LDE in bit-reversed row order, where the two points
// x and -x that FRI folds together are adjacent rows (2i, 2i + 1).
#pragma once

#include <cstddef>

#include "goldfinch/base/cpu_features.h"
#include "goldfinch/base/error.h"
#include "goldfinch/field/goldilocks.h"
#include "goldfinch/field/matrix.h"
#include "goldfinch/ntt/ntt.h"

namespace goldfinch::ntt {

struct CosetOptions {
  Fp shift = Fp::from_canonical(Fp::kGenerator);  // the coset is shift * H'; 7 generates F_p^*
  Order order = Order::kBitReversed;             // row order of the output
  Isa isa = best_isa();
};

// Row r of the output (natural order) is f(shift * w_N^r); in bit-reversed order, row r holds
// f(shift * w_N^rev(r)). Errors (kInvalidArgument): height not a power of two, blowup not a
// power of two, n * blowup above 2^32, zero shift.
[[nodiscard]] Result<RowMajorMatrix> coset_lde(ConstMatrixView trace, size_t blowup, const CosetOptions& opt = {});

// The same, written into `out` (height n * blowup, same width, not overlapping trace; e.g. a
// buffer reused across proofs). Errors as above, plus a wrongly shaped out.
[[nodiscard]] Error coset_lde_into(ConstMatrixView trace, size_t blowup, MatrixView out, const CosetOptions& opt = {});

// Coefficients (natural order: row i holds c_i of every column) from evaluations on H in natural
// order: the inverse NTT of every column.
[[nodiscard]] Result<RowMajorMatrix> interpolate(ConstMatrixView evals, Isa isa = best_isa());

// Evaluations on shift * H' (|H'| = height * blowup) of the polynomials whose coefficients are
// the rows of coeffs (natural order).
[[nodiscard]] Result<RowMajorMatrix> evaluate_on_coset(ConstMatrixView coeffs, size_t blowup,
                                                       const CosetOptions& opt = {});

// Evaluations on a subgroup coset shift * <w_m> smaller than the polynomials' domain (m a power of
// two dividing n = coeffs.height), in bit-reversed row order: row q is f(shift * w_m^rev(q)). Made
// by folding, f(shift y) = sum_(j < m) y^j shift^j sum_i c_(j + m i) shift^(m i) for y^m = 1, then
// one size-m transform, so a block of m points of an extension costs m rows of memory (and n + m
// log m work per column) whatever n is: the streaming prover's sub-blocks. Errors (kInvalidArgument):
// m not a power of two or not dividing the height, zero shift.
[[nodiscard]] Result<RowMajorMatrix> evaluate_on_subcoset(ConstMatrixView coeffs, size_t m, Fp shift,
                                                          Isa isa = best_isa());
// The two steps apart, so that several coefficient matrices can fill one wider matrix before its
// single transform: fold_onto_subcoset writes the folded coefficients of coeffs into columns
// [col, col + coeffs.width) of out (m = out.height rows); then forward_rows(out, Order::kNatural,
// Order::kBitReversed) turns every column into its evaluations. Errors as above, plus columns
// outside out.
[[nodiscard]] Error fold_onto_subcoset(ConstMatrixView coeffs, Fp shift, MatrixView out, size_t col,
                                       Isa isa = best_isa());

// Convenience overloads for a whole matrix.
[[nodiscard]] inline Result<RowMajorMatrix> coset_lde(const RowMajorMatrix& trace, size_t blowup,
                                                      const CosetOptions& opt = {}) {
  return coset_lde(trace.view(), blowup, opt);
}
[[nodiscard]] inline Error coset_lde_into(const RowMajorMatrix& trace, size_t blowup, MatrixView out,
                                         const CosetOptions& opt = {}) {
  return coset_lde_into(trace.view(), blowup, out, opt);
}
[[nodiscard]] inline Result<RowMajorMatrix> interpolate(const RowMajorMatrix& evals, Isa isa = best_isa()) {
  return interpolate(evals.view(), isa);
}
[[nodiscard]] inline Result<RowMajorMatrix> evaluate_on_coset(const RowMajorMatrix& coeffs, size_t blowup,
                                                              const CosetOptions& opt = {}) {
  return evaluate_on_coset(coeffs.view(), blowup, opt);
}

}  // namespace goldfinch::ntt
