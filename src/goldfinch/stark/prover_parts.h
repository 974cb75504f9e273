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
  // When set, block j (0 <= j < M / n, M the quotient's points) of the main and LogUp extensions
  // comes from make_block(j) instead of rows [j n, (j+1) n) of ldes (the preprocessed round is
  // always read from ldes).
  std::function<Result<QuotientBlock>(size_t j)> make_block;
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
// step — so only one block of the extensions need exist at a time (make_block). Errors: those of
// make_block.
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
std::vector<Fp3> deep_reduce(const ProofLayout& L, unsigned class_log_height, const ClassLdes& ldes,
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
  explicit DeepSums(unsigned class_log_height);
};
void deep_accumulate(const ProofLayout& L, const ClassLdes& ldes, std::span<const Fp3> openings, const Fp3& gamma,
                     DeepSums* acc);
std::vector<Fp3> deep_finish(const ProofLayout& L, DeepSums&& acc, const Fp3& z, const Fp3& gamma);

}  // namespace goldfinch::stark::detail
