// The prover's flattened LogUp evaluation (air::eval_logup_flat, air::FlatInteraction) against
// the reference air::eval_logup that the verifier runs: on every table of the RV32IM statement,
// whole run and shard, at random rows, aux rows, challenges and selectors, the two give the same
// constraint values in the same order. The flattened form merges a column's coefficients over
// the fields and folds bus, beta powers and signs in; this is what checks that bookkeeping.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "goldfinch/air/logup.h"
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

}  // namespace
}  // namespace goldfinch::circuit
