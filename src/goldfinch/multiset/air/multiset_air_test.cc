// The multiset-hash tables on honest statements: the Poseidon2 table agrees with the native
// permutation, every table has degree 3, and a statement of random signed tuples proves,
// verifies, and its public sum minus G0 is the native MultisetHash.
#include <gtest/gtest.h>

#include "goldfinch/multiset/air/test_harness.h"

namespace goldfinch::multiset {
namespace {

using testing::Harness;

TEST(Poseidon2Table, RowsMatchTheNativePermutation) {
  std::mt19937_64 rng(testing::test_seed());
  std::vector<Poseidon2State> inputs(5);
  for (auto& s : inputs)
    for (auto& x : s) x = Fp::from_u64(rng());
  inputs[0] = Poseidon2State{};
  const RowMajorMatrix t = Poseidon2Table::trace(inputs, 8);
  // The bus output (a linear combination of the last round's cells) is the native output.
  const auto out = Poseidon2Table().interactions()[0].fields;
  for (size_t r = 0; r < inputs.size(); ++r) {
    Poseidon2State s = inputs[r];
    poseidon2_permute(s);
    for (size_t j = 0; j < kPoseidon2Width; ++j) {
      const Fp v = out[8 + j].eval<Fp>([&](uint32_t c) { return t.at(r, c); }, [](uint32_t) { return Fp::zero(); }, Fp::zero());
      EXPECT_EQ(v, s[j]) << "row " << r << " lane " << j;
    }
  }
  Poseidon2Table table;
  EXPECT_TRUE(air::check_constraints({&table, t.view(), {}, {}}).empty());
}

TEST(Poseidon2Table, ExternalMatrixIsTheWalksLinearLayer) {
  // M_E e_i is what the last full round's linear layer leaves in the state when a walk's S-boxes
  // return zero except the last round's lane i, which returns one.
  for (size_t i = 0; i < kPoseidon2Width; ++i) {
    std::array<Fp, kPoseidon2Width> s{};
    poseidon2_walk<Fp>(
        s, [](Fp c) { return c; },
        [&](Fp, uint32_t col) {
          return (col - p2col::kFirstSbox) / 2 == p2col::kLastRoundSbox + i ? Fp::one() : Fp::zero();
        },
        p2col::kFirstSbox);
    for (size_t j = 0; j < kPoseidon2Width; ++j)
      EXPECT_EQ(s[j], Fp::from_canonical(kPoseidon2ExternalMatrix[j][i])) << "row " << j << " column " << i;
  }
}

TEST(MultisetTables, ConstraintDegree) {
  // Every constraint has degree <= 3 (the LogUp helper constraints add their own degree 3).
  MultisetStatement st({});
  for (const air::Air* a : st.airs()) {
    air::SymbolicBuilder sb(a->width(), a->preprocessed_width(), a->num_public_values());
    a->eval_symbolic(sb);
    EXPECT_LE(sb.max_degree(), 3u) << a->name();
  }
  for (size_t i : {MultisetStatement::kPoseidon2, MultisetStatement::kHashToCurve, MultisetStatement::kSum}) {
    const air::Air* a = st.airs()[i];
    air::SymbolicBuilder sb(a->width(), a->preprocessed_width(), a->num_public_values());
    a->eval_symbolic(sb);
    EXPECT_EQ(sb.max_degree(), 3u) << a->name();
  }
}

TEST(MultisetTables, RowsPerTupleCost) {
  EXPECT_EQ(p2col::kNumCols, 181u);
  EXPECT_EQ(h2c::kNumCols, 26u);
  EXPECT_EQ(msum::kNumCols, 41u);
}

void prove_matches_native(const std::vector<SignedTuple>& tuples) {
  Harness h(tuples);
  const MultisetWitness w = h.honest();
  for (const auto& s : h.check(w)) ADD_FAILURE() << s;
  stark::VerifiedProof vp;
  const Error e = h.prove_and_verify(w, false, nullptr, &vp);
  ASSERT_TRUE(e.ok()) << e.what;
  // The verifier's side: the public values of the sum table, decoded, minus G0.
  Result<Point> c = multiset_contribution(vp.public_values[MultisetStatement::kSum]);
  ASSERT_TRUE(c.ok()) << c.error().what;
  EXPECT_EQ(*c, h.statement().native().digest());
}

TEST(MultisetTables, RandomTuplesProveAndMatchNativeHash) {
  prove_matches_native(testing::random_tuples(64, testing::test_seed()));
}

TEST(MultisetTables, OddCountAndPadding) { prove_matches_native(testing::random_tuples(37, testing::test_seed())); }

TEST(MultisetTables, EmptyListIsTheIdentity) {
  Harness h({});
  const MultisetWitness w = h.honest();
  stark::VerifiedProof vp;
  ASSERT_TRUE(h.prove_and_verify(w, false, nullptr, &vp).ok());
  Result<Point> c = multiset_contribution(vp.public_values[MultisetStatement::kSum]);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->is_infinity());
}

TEST(MultisetTables, BalancedSendsAndReceivesSumToTheIdentity) {
  // The handoff the verifier accepts: every tuple sent and received once (in a mixed order).
  std::vector<SignedTuple> t = testing::random_tuples(16, testing::test_seed());
  std::vector<SignedTuple> all;
  for (auto x : t) {
    x.send = true;
    all.push_back(x);
  }
  for (size_t i = t.size(); i-- > 0;) {
    SignedTuple x = t[i];
    x.send = false;
    all.push_back(x);
  }
  Harness h(all);
  stark::VerifiedProof vp;
  ASSERT_TRUE(h.prove_and_verify(h.honest(), false, nullptr, &vp).ok());
  Result<Point> c = multiset_contribution(vp.public_values[MultisetStatement::kSum]);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->is_infinity());
}

TEST(MultisetTables, ExceptionalHonestAdditionIsAnError) {
  // The honest prover cannot write a row with x1 = x2: the trace builder reports it instead.
  const Point& g0 = multiset_sum_offset();
  const std::vector<AffinePoint> doubling = {{g0.x(), g0.y()}};
  EXPECT_FALSE(MultisetSumTable::trace(doubling, 4, nullptr).ok());
  const std::vector<AffinePoint> to_identity = {{g0.x(), -g0.y()}};
  EXPECT_FALSE(MultisetSumTable::trace(to_identity, 4, nullptr).ok());
}

TEST(MultisetTables, ContributionRejectsPublicValuesOffTheCurve) {
  std::vector<Fp> pv(msum::kNumPublicValues, Fp::one());
  EXPECT_FALSE(multiset_contribution(pv).ok());
  pv.pop_back();
  EXPECT_FALSE(multiset_contribution(pv).ok());
  const Point& g0 = multiset_sum_offset();
  std::vector<Fp> g(g0.x().coeffs().begin(), g0.x().coeffs().end());
  g.insert(g.end(), g0.y().coeffs().begin(), g0.y().coeffs().end());
  ASSERT_TRUE(multiset_contribution(g).ok());
  EXPECT_TRUE(multiset_contribution(g)->is_infinity());
}

TEST(MultisetTables, OffsetIsAFixedCurvePoint) {
  const Point& g0 = multiset_sum_offset();
  EXPECT_FALSE(g0.is_infinity());
  EXPECT_TRUE(g0.is_on_curve());
  EXPECT_EQ(g0, *hash_to_curve(std::span<const Fp>()));
}

}  // namespace
}  // namespace goldfinch::multiset
