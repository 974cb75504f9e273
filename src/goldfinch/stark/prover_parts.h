// Internal pieces of the prover (prover.cc orchestrates them): openings by barycentric
// evaluation, the quotient of one table, the DEEP reduction of one height class and FRI.
#pragma once

#include <functional>
#include <span>
#include <vector>

#include "goldfinch/air/air.h"
#include "goldfinch/air/logup.h"
#include "goldfinch/field/ext3.h"
#include "goldfinch/field/matrix.h"
#include "goldfinch/hash/digest.h"
#include "goldfinch/stark/deep.h"
#include "goldfinch/stark/fri_prover.h"
#include "goldfinch/stark/layout.h"

namespace goldfinch::stark::detail {

// Barycentric weights for opening, at z and z*w, polynomials of degree < 2^log_n from their
// evaluations on the coset gH (the first 2^log_n rows of an extension, bit-reversed; see
// ntt/lde.h), per extension row. One set serves every extension of that height.
struct OpeningWeights {
  unsigned log_n = 0;
  std::vector<Fp3> at_z, at_zw;
  Fp3 scale;
  OpeningWeights(unsigned log_height, const Fp3& z);
  // Weights that open polynomials given by their coefficients (rows in natural order) instead:
  // at_z[i] = z^i, at_zw[i] = (z w)^i, scale 1 — open_lde then sums f(z) = sum_i c_i z^i.
  static OpeningWeights powers(unsigned log_height, const Fp3& z);

 private:
  OpeningWeights() = default;
};

// f(z) and f(z*w) for every column of a class extension (one pass over its first 2^log_n rows),
// so the traces need not be kept: out_z[c], out_zw[c].
void open_lde(ConstMatrixView lde, const OpeningWeights& weights, std::vector<Fp3>* out_z, std::vector<Fp3>* out_zw);

// The class LDE matrices of one table's height, one per round (empty view when absent), and
// the table's column offsets in them.
struct ClassLdes {
  std::array<ConstMatrixView, kNumRounds> lde{};
};

// The table's main and LogUp extensions on block j of the quotient's points (its own columns,
// offset 0 in the layout): what a streaming prover makes for each block instead of keeping them.
struct QuotientBlock {
  RowMajorMatrix main, aux;
};

struct QuotientInput {
  const air::Air* air = nullptr;
  const TableLayout* layout = nullptr;
  ClassLdes ldes;
  // When set (streaming), the main and LogUp extensions come from make_rows(shift, m) — the
  // table's own columns (offset 0) on the sub-coset shift * <w_m>, bit-reversed rows — instead of
  // from ldes, m = sub_rows (0: n) points at a time (the preprocessed round is always read from
  // ldes).
  std::function<Result<QuotientBlock>(Fp shift, size_t m)> make_rows;
  size_t sub_rows = 0;
  unsigned log_blowup = 0;
  std::span<const Fp> public_values;
  std::span<const Fp3> alpha_powers;  // own constraints, then LogUp constraints
  const air::LogupChallenges* logup = nullptr;
  Fp3 claimed_sum;
};

// Quotient coefficients: n rows x (3 * quotient_degree) columns, chunk k's F_p^3 coefficients in
// columns 3k..3k+2. Returns false when the quotient has degree >= quotient_degree * n (the trace
// violates a constraint); the coefficients are then truncated. The quotient's M = n * 2^k points
// are visited in blocks of n rows — block j is the coset g w_M^rev(j) H, closed under the next-row
// step — and, with make_rows, each block in sub-blocks of m rows, whose next-row points are one
// more sub-coset: two sub-blocks of the extensions exist at a time. Errors: those of make_rows.
Result<bool> compute_quotient(const QuotientInput& in, RowMajorMatrix* chunks);

// Evaluation at an F_p^3 point of polynomials given by coefficients (rows = coefficients).
std::vector<Fp3> evaluate_coefficients(ConstMatrixView coeffs, const Fp3& z);

// g * w_N^rev(r) for every row r of an LDE of 2^log_n rows: a view of a process-wide table (the
// first 2^log_n points of the largest coset built so far), valid for the life of the process.
std::span<const Fp> bit_reversed_coset(unsigned log_n);

// R(x) = sum_k gamma^(2k) (f_k(x) - f_k(z)) / (x - z) + gamma^(2k+1) (f_k(x) - f_k(zw)) / (x - zw)
// at every point of the class LDE (bit-reversed rows); quotient columns take one power each. Only
// the first n rows of each view in `ldes` are read (the coset gH: the sums are polynomials of
// degree < n, extended from there), so a streaming prover passes block 0 of each extension.
Fp3Buffer deep_reduce(const ProofLayout& L, unsigned class_log_height, const ClassLdes& ldes,
                             std::span<const Fp3> openings, const Fp3& z, const Fp3& gamma);

// deep_reduce in parts, for a prover that makes one round's extension at a time (streaming): the
// sums over the columns of the rounds that have a view in `ldes`, added into `acc` (on the first n
// rows, with each column's power among all of the class's columns), then the extension and the
// division. Any split of the rounds over deep_accumulate calls gives deep_reduce's values.
struct DeepSums {
  static constexpr size_t kWidth = 8;  // P (3 base columns), S (3), two zero columns
  unsigned log_n;
  RowMajorMatrix sums;  // n x kWidth, written by the first deep_accumulate
  Fp3 const_z, const_zw;
  bool started = false;
  bool coefficients = false;  // the rows are coefficients (natural order), not values on gH
  explicit DeepSums(unsigned class_log_height);
};
void deep_accumulate(const ProofLayout& L, const ClassLdes& ldes, std::span<const Fp3> openings, const Fp3& gamma,
                     DeepSums* acc);
// The same over any storage of the class's columns: locate(round, class column) gives the
// column's first element and row stride, or a null base when that round is not summed here. A
// streaming prover passes the tables' coefficient matrices (every round in coefficient form, and
// acc->coefficients set): the sums are linear in the columns, so they are then P's and S's
// coefficients, with no extension made at all.
struct DeepColumnData {
  const Fp* base = nullptr;
  size_t stride = 0;
};
using DeepLocator = std::function<DeepColumnData(Round round, size_t column)>;
void deep_accumulate(const ProofLayout& L, const DeepLocator& locate, std::span<const Fp3> openings,
                     const Fp3& gamma, DeepSums* acc);
// The extension and the division for sums of values on gH (acc.coefficients not set).
Fp3Buffer deep_finish(const ProofLayout& L, DeepSums&& acc, const Fp3& z, const Fp3& gamma);
// The same values for coefficient sums (acc->coefficients), as a streamed codeword: block k
// (rows [k m, (k+1) m), m = block_rows, a power of two dividing n; 0: n) is made when asked for,
// from the sums kept (n x DeepSums::kWidth), so the N-row codeword need never exist at once
// (fri_commit). A block costs n + m log m work per column (ntt::evaluate_on_subcoset).
FriCodeword deep_codeword(const ProofLayout& L, DeepSums&& acc, const Fp3& z, const Fp3& gamma, size_t block_rows = 0);

}  // namespace goldfinch::stark::detail
