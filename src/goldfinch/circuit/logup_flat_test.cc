// Also the packed kernels (air/logup_packed.h) against the flattened row form, on every ISA this
// machine has: the quotient's folded LogUp value per lane, and the whole aux trace.
//
// The prover's flattened LogUp evaluation (air::eval_logup_flat, air::FlatInteraction) against
// the reference air::eval_logup that the verifier runs: on every table of the RV32IM statement,
// whole run and shard, at random rows, aux rows, challenges and selectors, the two give the same
// constraint values in the same order. The flattened form merges a column's coefficients over
// the fields and folds bus, beta powers and signs in; this is what checks that bookkeeping.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "goldfinch/air/logup.h"
#include "goldfinch/air/logup_packed.h"
#include "goldfinch/circuit/rv32im_tables.h"

namespace goldfinch::circuit {
namespace {

Fp3 random_ext(std::mt19937_64& rng) { return {Fp::from_u64(rng()), Fp::from_u64(rng()), Fp::from_u64(rng())}; }

std::vector<Fp> random_row(std::mt19937_64& rng, size_t n) {
  std::vector<Fp> v(n);
  for (Fp& x : v) x = Fp::from_u64(rng());
  return v;
}

TEST(LogupFlat, EqualsTheReferenceOnEveryTable) {
  std::mt19937_64 rng(20261206);
  size_t tables_checked = 0, nonzero = 0;
  for (bool shard : {false, true}) {
    for (bool wx : {false, true}) {
      const Rv32imTables tables({0x10000u, 8, 16, wx, shard});
      for (const air::Air* t : tables.tables()) {
        const auto its = t->interactions();
        const air::LogupLayout layout(its.size());
        if (layout.empty()) continue;
        const air::LogupChallenges ch =
            air::LogupChallenges::from(random_ext(rng), random_ext(rng), air::max_interaction_fields(its));
        const std::vector<air::FlatInteraction> flat = air::flatten_interactions(its, ch);
        for (int trial = 0; trial < 4; ++trial) {
          const std::vector<Fp> main = random_row(rng, t->width());
          const std::vector<Fp> pre = random_row(rng, std::max<size_t>(t->preprocessed_width(), 1));
          const std::vector<Fp> aux = random_row(rng, layout.base_width());
          const std::vector<Fp> aux_next = random_row(rng, layout.base_width());
          const Fp3 claimed = random_ext(rng);
          const air::SelectorValues<Fp> sel{Fp::from_u64(rng()), Fp::from_u64(rng()), Fp::from_u64(rng())};
          auto ext = [](const std::vector<Fp>& v, size_t c) { return Fp3(v[3 * c], v[3 * c + 1], v[3 * c + 2]); };
          std::vector<Fp3> want, got;
          air::eval_logup<Fp>(
              its, layout, ch, [&](uint32_t c) { return main[c]; }, [&](uint32_t c) { return pre[c]; },
              [&](size_t c) { return ext(aux, c); }, [&](size_t c) { return ext(aux_next, c); }, claimed, sel,
              [&](const Fp3& v) { want.push_back(v); });
          air::eval_logup_flat(flat, layout, main.data(), pre.data(), aux.data(), aux_next.data(), claimed, sel,
                               [&](const Fp3& v) { got.push_back(v); });
          ASSERT_EQ(want.size(), layout.num_constraints()) << t->name();
          EXPECT_EQ(got, want) << t->name() << " (shard " << shard << ", wx " << wx << ")";
          for (const Fp3& v : want) nonzero += !v.is_zero();
        }
        ++tables_checked;
      }
    }
  }
  EXPECT_GE(tables_checked, 4u * 18);  // every table with a bus, in the four shapes
  EXPECT_GT(nonzero, 0u);
}

// A column that appears in several fields of one interaction is one term: its value moves the
// denominator by the sum of its coefficients (the bookkeeping a per-field evaluation does not need).
TEST(LogupFlat, RepeatedColumnIsMerged) {
  air::Interaction it;
  it.bus = 7;
  it.fields = {air::LinearCombination::main(0), air::LinearCombination::main(0), air::LinearCombination::main(1)};
  it.fields[1].terms.push_back({air::Column::main(1), Fp::from_u64(5)});
  it.fields[2].constant = Fp::from_u64(9);
  it.multiplicity = air::LinearCombination::main(2);
  it.multiplicity.terms.push_back({air::Column::main(2), Fp::from_u64(3)});
  it.direction = air::Direction::kReceive;
  std::mt19937_64 rng(3);
  const air::LogupChallenges ch = air::LogupChallenges::from(random_ext(rng), random_ext(rng), 3);
  const std::vector<air::Interaction> its{it};
  const auto flat = air::flatten_interactions(its, ch);
  ASSERT_EQ(flat.size(), 1u);
  EXPECT_EQ(flat[0].den_main.size(), 2u);
  EXPECT_EQ(flat[0].mult_main.size(), 1u);
  const Fp row[3] = {Fp::from_u64(11), Fp::from_u64(13), Fp::from_u64(17)};
  const Fp3 f = Fp3(Fp::from_u64(7)) + ch.beta_powers[1] * row[0] +
                ch.beta_powers[2] * (row[0] + Fp::from_u64(5) * row[1]) +
                ch.beta_powers[3] * (row[1] + Fp::from_u64(9));
  EXPECT_EQ(flat[0].denominator(row, nullptr), ch.alpha - f);
  EXPECT_EQ(flat[0].multiplicity(row, nullptr), -(Fp::from_u64(4) * row[2]));
}


std::vector<const air::LogupKernels*> available_kernels() {
  std::vector<const air::LogupKernels*> out;
  for (Isa isa : {Isa::kAvx2, Isa::kAvx512})
    if (const air::LogupKernels* k = air::logup_kernels(isa)) out.push_back(k);
  return out;
}

// Each lane of the packed quotient kernel is sum_k alpha_k C_k over the row form's constraint
// values of its own row: every table, four shapes, random rows, challenges and selectors.
TEST(LogupPacked, QuotientKernelEqualsTheRowFormOnEveryTable) {
  const auto kernel_sets = available_kernels();
  if (kernel_sets.empty()) GTEST_SKIP() << "no SIMD kernels on this machine (the row form is used)";
  std::mt19937_64 rng(71);
  size_t checked = 0;
  for (const air::LogupKernels* kernels : kernel_sets) {
    const size_t W = kernels->lanes;
    for (bool shard : {false, true}) {
      for (bool wx : {false, true}) {
        const Rv32imTables tables({0x10000u, 8, 16, wx, shard});
        for (const air::Air* t : tables.tables()) {
          const auto its = t->interactions();
          const air::LogupLayout layout(its.size());
          if (layout.empty()) continue;
          const air::LogupChallenges ch =
              air::LogupChallenges::from(random_ext(rng), random_ext(rng), air::max_interaction_fields(its));
          const auto flat = air::flatten_interactions(its, ch);
          const air::LogupProgram program = air::LogupProgram::from(flat);
          const air::LogupProgramView pv = air::view_of(program);
          std::vector<Fp3> alpha(layout.num_constraints());
          std::vector<Fp> alpha_flat;
          for (Fp3& a : alpha) {
            a = random_ext(rng);
            for (size_t c = 0; c < 3; ++c) alpha_flat.push_back(a[c]);
          }
          const Fp3 claimed = random_ext(rng);
          const Fp claimed_flat[3] = {claimed[0], claimed[1], claimed[2]};
          const size_t aux_w = layout.base_width();
          std::vector<std::vector<Fp>> main(W), pre(W), aux(W), aux_next(W);
          std::vector<air::SelectorValues<Fp>> sel(W);
          std::vector<const Fp*> main_rows(W), pre_rows(W);
          std::vector<Fp> aux_block(aux_w * W), aux_next_block(aux_w * W), sel_block(3 * W);
          for (size_t l = 0; l < W; ++l) {
            main[l] = random_row(rng, t->width());
            pre[l] = random_row(rng, std::max<size_t>(t->preprocessed_width(), 1));
            aux[l] = random_row(rng, aux_w);
            aux_next[l] = random_row(rng, aux_w);
            sel[l] = {Fp::from_u64(rng()), Fp::from_u64(rng()), Fp::from_u64(rng())};
            main_rows[l] = main[l].data();
            pre_rows[l] = pre[l].data();
            for (size_t c = 0; c < aux_w; ++c) {
              aux_block[c * W + l] = aux[l][c];
              aux_next_block[c * W + l] = aux_next[l][c];
            }
            sel_block[l] = sel[l].first;
            sel_block[W + l] = sel[l].last;
            sel_block[2 * W + l] = sel[l].transition;
          }
          std::vector<Fp> values(pv.num_values * W), out(3 * W);
          program.gather(main_rows.data(), pre_rows.data(), W, values.data());
          kernels->quotient(pv, values.data(), aux_block.data(), aux_next_block.data(), sel_block.data(),
                            alpha_flat.data(), claimed_flat, out.data());
          for (size_t l = 0; l < W; ++l) {
            Fp3 want = Fp3::zero();
            size_t k = 0;
            air::eval_logup_flat(flat, layout, main[l].data(), pre[l].data(), aux[l].data(), aux_next[l].data(),
                                 claimed, sel[l], [&](const Fp3& v) { want += alpha[k++] * v; });
            ASSERT_EQ(k, layout.num_constraints());
            EXPECT_EQ(Fp3(out[l], out[W + l], out[2 * W + l]), want)
                << t->name() << " lane " << l << " of " << W << " (shard " << shard << ", wx " << wx << ")";
          }
          ++checked;
        }
      }
    }
  }
  EXPECT_GE(checked, kernel_sets.size() * 4 * 18);
}

// build_logup_aux through each ISA's kernels equals the row code's aux trace and claimed sum,
// for heights with whole lane groups and below one group (the row code alone).
TEST(LogupPacked, AuxTraceEqualsTheRowForm) {
  const auto kernel_sets = available_kernels();
  if (kernel_sets.empty()) GTEST_SKIP() << "no SIMD kernels on this machine (the row form is used)";
  std::mt19937_64 rng(72);
  const Rv32imTables tables({0x10000u, 8, 16, true, true});
  size_t checked = 0;
  for (const air::Air* t : tables.tables()) {
    const auto its = t->interactions();
    if (its.empty()) continue;
    const air::LogupChallenges ch =
        air::LogupChallenges::from(random_ext(rng), random_ext(rng), air::max_interaction_fields(its));
    for (size_t n : {size_t{4}, size_t{2048 + 13}}) {
      RowMajorMatrix main(n, t->width()), pre(n, std::max<size_t>(t->preprocessed_width(), 1));
      for (size_t r = 0; r < n; ++r) {
        for (size_t c = 0; c < main.width(); ++c) main.at(r, c) = Fp::from_u64(rng());
        for (size_t c = 0; c < pre.width(); ++c) pre.at(r, c) = Fp::from_u64(rng());
      }
      Fp3 want_sum;
      const RowMajorMatrix want = air::build_logup_aux(its, main.view(), pre.view(), ch, &want_sum, nullptr);
      for (const air::LogupKernels* kernels : kernel_sets) {
        Fp3 got_sum;
        const RowMajorMatrix got = air::build_logup_aux(its, main.view(), pre.view(), ch, &got_sum, kernels);
        ASSERT_EQ(got.width(), want.width());
        EXPECT_TRUE(std::equal(got.data().begin(), got.data().end(), want.data().begin()))
            << t->name() << " n " << n << " lanes " << kernels->lanes;
        EXPECT_EQ(got_sum, want_sum) << t->name();
      }
      ++checked;
    }
  }
  EXPECT_GE(checked, 2u * 18);
}

}  // namespace
}  // namespace goldfinch::circuit
