// Packed (SIMD) evaluation of the flattened LogUp interactions over groups of rows: the prover's
// two LogUp hot loops, the aux trace (denominators, their inverses, the helper columns) and the
// LogUp part of the quotient, with one row per SIMD lane instead of one row per call.
//
// The kernels work on lane-interleaved blocks: for a group of W rows (W = the ISA's lanes), value
// j of lane l sits at block[j * W + l]; an F_p^3 value is three such vectors (c0, c1, c2). The
// caller gathers the rows into that layout (LogupProgram::gather) and scatters results back. Field
// arithmetic is exact, so every value equals the scalar one (eval_logup_flat, build_logup_aux's
// row code) bit for bit; logup_packed_test checks each ISA against them.
//
// Kernels are instantiated per ISA (logup_packed_<isa>.cc, compiled with that ISA's flags, under
// the ODR rule of docs/ntt.md); logup_kernels() picks them at run time. There is no scalar
// instantiation: with no SIMD the callers keep their row-at-a-time code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "goldfinch/air/logup.h"
#include "goldfinch/base/cpu_features.h"

namespace goldfinch::air {

// The flattened interactions of one table in flat arrays. Values are numbered over the columns
// the interactions read (`sources`: main columns as c, preprocessed ones as kPreBit | c), so a
// row group gathers only those.
struct LogupProgram {
  static constexpr uint32_t kPreBit = 1u << 31;

  size_t num_interactions = 0, num_helpers = 0;
  std::vector<uint32_t> sources;                // value j reads this column of the row
  std::vector<uint32_t> den_begin, mult_begin;  // per interaction, size m + 1: term ranges
  std::vector<uint32_t> den_value, mult_value;  // per term: value index
  std::vector<Fp> den_coef;                     // per term: 3 coefficients (F_p^3)
  std::vector<Fp> mult_coef;                    // per term
  std::vector<Fp> den_const;                    // per interaction: 3
  std::vector<Fp> mult_const;                   // per interaction

  static LogupProgram from(std::span<const FlatInteraction> flat);

  // Writes the values of `lanes` rows into block (sources.size() x lanes, interleaved).
  void gather(const Fp* const* main_rows, const Fp* const* pre_rows, size_t lanes, Fp* block) const;
};

// The raw view the per-ISA kernels take (no library types cross into ISA code).
struct LogupProgramView {
  size_t num_interactions, num_helpers, num_values;
  const uint32_t *den_begin, *mult_begin, *den_value, *mult_value;
  const Fp *den_coef, *mult_coef, *den_const, *mult_const;
};
LogupProgramView view_of(const LogupProgram& p);

struct LogupKernels {
  size_t lanes = 0;
  // The LogUp constraints of eval_logup_flat, folded: out (3 x W) = sum_k alpha_k C_k per lane.
  // values: num_values x W; aux, aux_next: 3 * (helpers + 1) x W; sel: first, last, transition
  // (3 x W); alpha: 3 per constraint (helpers + 3, eval_logup's order); claimed: 3.
  void (*quotient)(const LogupProgramView& p, const Fp* values, const Fp* aux, const Fp* aux_next, const Fp* sel,
                   const Fp* alpha, const Fp* claimed, Fp* out);
  // Denominators (m x 3 x W) and signed multiplicities (m x W) of one row group.
  void (*fractions)(const LogupProgramView& p, const Fp* values, Fp* den, Fp* mult);
  // Montgomery batch inversion over `count` packed F_p^3 values (3 x W each), one chain per lane:
  // prefix_products writes prefix[i] = v[0] ... v[i-1] and total = all of them (3 x W);
  // finish_inverse turns v into its inverses given inv_total = total^-1 per lane.
  void (*prefix_products)(const Fp* v, size_t count, Fp* prefix, Fp* total);
  void (*finish_inverse)(Fp* v, const Fp* prefix, size_t count, const Fp* inv_total);
  // Helper columns (helpers x 3 x W) and their sum (3 x W) from inverted denominators and
  // multiplicities laid out as `fractions` writes them.
  void (*helpers)(const LogupProgramView& p, const Fp* inv_den, const Fp* mult, Fp* helper_out, Fp* row_sum);
};

// The kernels for `isa`, or null when it has none (kScalar, or an ISA this build lacks).
const LogupKernels* logup_kernels(Isa isa = best_isa());

// build_logup_aux with the given kernels (null: every row by the row code), for tests and
// benchmarks; the result does not depend on them.
RowMajorMatrix build_logup_aux(std::span<const Interaction> interactions, ConstMatrixView main, ConstMatrixView pre,
                               const LogupChallenges& ch, Fp3* claimed_sum, const LogupKernels* kernels);

}  // namespace goldfinch::air
