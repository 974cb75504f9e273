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
