// AIR framework tests: degrees from the symbolic builder, the debug checkers naming what broke,
// and LogUp aux columns whose constraints hold on honest traces and whose sums cancel exactly
// when the buses balance.
#include <gtest/gtest.h>

#include <random>

#include "goldfinch/air/debug.h"
#include "goldfinch/air/example_airs.h"
#include "goldfinch/air/logup.h"

namespace goldfinch::air {
namespace {

using namespace examples;

unsigned max_degree(const Air& air) {
  SymbolicBuilder b(air.width(), air.preprocessed_width(), air.num_public_values());
  air.eval_symbolic(b);
  return b.max_degree();
}

TEST(Symbolic, Degrees) {
  EXPECT_EQ(max_degree(FibonacciAir()), 2u);    // linear times a selector
  EXPECT_EQ(max_degree(AddReceiverAir()), 2u);  // m * (m - 1)
  EXPECT_EQ(max_degree(SyntheticAir(4)), 4u);   // x^3 times the transition selector
  SymbolicBuilder b(2, 0, 3);
  FibonacciAir().eval_symbolic(b);
  ASSERT_EQ(b.constraints().size(), 5u);
  EXPECT_EQ(b.constraints()[3].name, "b' = a + b");
  EXPECT_EQ(b.constraints()[3].selector, Selector::kTransition);
}

TEST(DebugChecker, HonestFibonacciPasses) {
  std::vector<Fp> pv;
  auto t = FibonacciAir::trace(64, Fp::one(), Fp::one(), &pv);
  FibonacciAir air;
  EXPECT_TRUE(check_constraints({&air, t.view(), {}, pv}).empty());
}

TEST(DebugChecker, CorruptedCellIsNamed) {
  std::vector<Fp> pv;
  auto t = FibonacciAir::trace(64, Fp::one(), Fp::one(), &pv);
  t.at(5, 1) += Fp::one();
  FibonacciAir air;
  auto f = check_constraints({&air, t.view(), {}, pv});
  ASSERT_FALSE(f.empty());
  EXPECT_EQ(f[0].table, "fibonacci");
  EXPECT_EQ(f[0].row, 4u);
  EXPECT_EQ(f[0].constraint_name, "b' = a + b");
  EXPECT_EQ(f[0].value, Fp::one());  // b5 is one too large: b5 - a4 - b4 = 1
  EXPECT_NE(f[0].describe().find("row 4"), std::string::npos);
}

TEST(DebugChecker, WrongPublicValueIsNamed) {
  std::vector<Fp> pv;
  auto t = FibonacciAir::trace(16, Fp::one(), Fp::one(), &pv);
  pv[2] += Fp::one();
  FibonacciAir air;
  auto f = check_constraints({&air, t.view(), {}, pv});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].row, 15u);
  EXPECT_EQ(f[0].constraint_name, "b ends at pv2");
}

struct RangeSystem {
  RangeCheckedAir checked;
  U16TableAir table;
  RowMajorMatrix values, mult, pre;
  explicit RangeSystem(size_t n, uint64_t seed) : values(n, 1) {
    std::mt19937_64 rng(seed);
    for (size_t r = 0; r < n; ++r) values.at(r, 0) = Fp::from_u64(rng() & 0xFFFF);
    mult = U16TableAir::multiplicities(values);
    pre = table.preprocessed_trace(U16TableAir::kHeight);
  }
  std::vector<TableTrace> traces() const {
    return {{&checked, values.view(), {}, {}}, {&table, mult.view(), pre.view(), {}}};
  }
};

TEST(BusChecker, BalancedRangeCheckPasses) {
  RangeSystem s(1024, 1);
  auto t = s.traces();
  EXPECT_TRUE(check_buses(t).empty());
}

TEST(BusChecker, UnbalancedBusNamesTupleAndCount) {
  RangeSystem s(1024, 2);
  const uint64_t v = s.values.at(7, 0).value();
  s.mult.at(v, 0) -= Fp::one();  // one lookup of v no longer received
  auto t = s.traces();
  auto imb = check_buses(t);
  ASSERT_EQ(imb.size(), 1u);
  EXPECT_EQ(imb[0].bus, kRangeBus);
  ASSERT_EQ(imb[0].tuple.size(), 1u);
  EXPECT_EQ(imb[0].tuple[0].value(), v);
  EXPECT_EQ(imb[0].net, Fp::one());
  EXPECT_NE(imb[0].describe().find("net multiplicity 1"), std::string::npos);
}

TEST(BusChecker, OutOfRangeValueIsUnmatched) {
  RangeSystem s(256, 3);
  s.values.at(0, 0) = Fp::from_u64(70000);  // not in the table; the sender's tuple is unmatched
  auto t = s.traces();
  auto imb = check_buses(t);
  ASSERT_GE(imb.size(), 1u);
  bool found = false;
  for (const auto& i : imb) found |= i.tuple[0].value() == 70000 && i.net == Fp::one();
  EXPECT_TRUE(found);
}

// Evaluates the LogUp constraints on every row of the trace itself, with 0/1 selectors.
size_t logup_violations(const Air& air, ConstMatrixView main, ConstMatrixView pre, const RowMajorMatrix& aux,
                        const LogupChallenges& ch, const Fp3& claimed) {
  const auto its = air.interactions();
  const LogupLayout layout(its.size());
  size_t bad = 0;
  const size_t n = main.height;
  for (size_t r = 0; r < n; ++r) {
    const size_t nx = (r + 1) % n;
    auto ext = [&](size_t row, size_t c) { return Fp3(aux.at(row, 3 * c), aux.at(row, 3 * c + 1), aux.at(row, 3 * c + 2)); };
    SelectorValues<Fp> sel{r == 0 ? Fp::one() : Fp::zero(), r + 1 == n ? Fp::one() : Fp::zero(),
                           r + 1 == n ? Fp::zero() : Fp::one()};
    eval_logup<Fp>(its, layout, ch, [&](uint32_t c) { return main.at(r, c); },
                   [&](uint32_t c) { return pre.at(r, c); }, [&](size_t c) { return ext(r, c); },
                   [&](size_t c) { return ext(nx, c); }, claimed, sel, [&](const Fp3& v) { bad += !v.is_zero(); });
  }
  return bad;
}

LogupChallenges random_challenges(uint64_t seed, size_t fields) {
  std::mt19937_64 rng(seed);
  auto e = [&] { return Fp3(Fp::from_u64(rng()), Fp::from_u64(rng()), Fp::from_u64(rng())); };
  return LogupChallenges::from(e(), e(), fields);
}

TEST(Logup, SumsCancelExactlyWhenBalanced) {
  RangeSystem s(4096, 4);
  auto ch = random_challenges(5, 1);
  Fp3 c1, c2;
  auto aux1 = build_logup_aux(s.checked.interactions(), s.values.view(), {}, ch, &c1);
  auto aux2 = build_logup_aux(s.table.interactions(), s.mult.view(), s.pre.view(), ch, &c2);
  EXPECT_EQ(c1 + c2, Fp3::zero());
  EXPECT_EQ(logup_violations(s.checked, s.values.view(), {}, aux1, ch, c1), 0u);
  EXPECT_EQ(logup_violations(s.table, s.mult.view(), s.pre.view(), aux2, ch, c2), 0u);

  // Unbalance one multiplicity: the sums no longer cancel.
  s.mult.at(s.values.at(0, 0).value(), 0) += Fp::one();
  aux2 = build_logup_aux(s.table.interactions(), s.mult.view(), s.pre.view(), ch, &c2);
  EXPECT_NE(c1 + c2, Fp3::zero());
}

TEST(Logup, CorruptedAuxCellViolatesAConstraint) {
  RangeSystem s(512, 6);
  auto ch = random_challenges(7, 1);
  Fp3 c1;
  auto aux = build_logup_aux(s.checked.interactions(), s.values.view(), {}, ch, &c1);
  for (size_t col = 0; col < aux.width(); ++col) {
    auto bad = aux;
    bad.at(100, col) += Fp::one();
    EXPECT_GT(logup_violations(s.checked, s.values.view(), {}, bad, ch, c1), 0u) << "column " << col;
  }
  EXPECT_GT(logup_violations(s.checked, s.values.view(), {}, aux, ch, c1 + Fp3::one()), 0u) << "wrong claimed sum";
}

TEST(Logup, TablesOfDifferentHeightsOnOneBus) {
  // 256 sends from a short table, received by a taller table that also has padding rows (m = 0).
  AddSenderAir sender;
  AddReceiverAir receiver;
  RowMajorMatrix snd(256, 3), rcv(1024, 4);
  std::mt19937_64 rng(8);
  for (size_t r = 0; r < 256; ++r) {
    const Fp a = Fp::from_u64(rng()), b = Fp::from_u64(rng());
    snd.at(r, 0) = rcv.at(r, 0) = a;
    snd.at(r, 1) = rcv.at(r, 1) = b;
    snd.at(r, 2) = rcv.at(r, 2) = a + b;
    rcv.at(r, 3) = Fp::one();
  }
  std::vector<TableTrace> t = {{&sender, snd.view(), {}, {}}, {&receiver, rcv.view(), {}, {}}};
  EXPECT_TRUE(check_buses(t).empty());
  EXPECT_TRUE(check_constraints(t[1]).empty());
  auto ch = random_challenges(9, 3);
  Fp3 c1, c2;
  build_logup_aux(sender.interactions(), snd.view(), {}, ch, &c1);
  build_logup_aux(receiver.interactions(), rcv.view(), {}, ch, &c2);
  EXPECT_EQ(c1 + c2, Fp3::zero());
  // A wrong sum in the receiver is caught by its own constraint.
  rcv.at(3, 2) += Fp::one();
  auto f = check_constraints(t[1]);
  ASSERT_FALSE(f.empty());
  EXPECT_EQ(f[0].row, 3u);
  EXPECT_EQ(f[0].constraint_name, "c = a + b");
}

TEST(Logup, PublicTermsCancelATableSum) {
  RangeCheckedAir checked;
  RowMajorMatrix v(4, 1);
  for (size_t r = 0; r < 4; ++r) v.at(r, 0) = Fp::from_u64(10 + r);
  auto ch = random_challenges(10, 1);
  Fp3 c;
  build_logup_aux(checked.interactions(), v.view(), {}, ch, &c);
  std::vector<PublicBusTerm> terms;
  for (size_t r = 0; r < 4; ++r) terms.push_back({kRangeBus, {Fp::from_u64(10 + r)}, Fp::one(), Direction::kReceive});
  auto s = public_logup_sum(terms, ch);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(c + *s, Fp3::zero());
  terms[0].fields[0] = Fp::from_u64(99);
  EXPECT_NE(c + *public_logup_sum(terms, ch), Fp3::zero());
}

TEST(Logup, PublicSumOfSeveralTablesWithOneInversion) {
  auto ch = random_challenges(11, 2);
  std::vector<PublicBusTerm> a, b;
  for (uint64_t i = 0; i < 5; ++i)
    a.push_back({kRangeBus, {Fp::from_u64(i), Fp::from_u64(7 * i)}, Fp::from_u64(i + 1), Direction::kSend});
  for (uint64_t i = 0; i < 3; ++i)
    b.push_back({kRangeBus + 1, {Fp::from_u64(100 + i)}, Fp::one(), Direction::kReceive});
  // The reference: one inversion per term.
  Fp3 want = Fp3::zero();
  for (const auto* terms : {&a, &b})
    for (const PublicBusTerm& t : *terms) {
      Fp3 f = Fp3(Fp::from_u64(t.bus));
      for (size_t j = 0; j < t.fields.size(); ++j) f += ch.beta_powers[j + 1] * t.fields[j];
      const Fp3 term = (ch.alpha - f).inverse() * t.multiplicity;
      want += t.direction == Direction::kSend ? term : -term;
    }
  PublicLogupSum batch(ch);
  ASSERT_TRUE(batch.add(a).ok());
  ASSERT_TRUE(batch.add({}).ok());
  ASSERT_TRUE(batch.add(b).ok());
  EXPECT_EQ(batch.sum(), want);
  EXPECT_EQ(*public_logup_sum(a, ch) + *public_logup_sum(b, ch), want);
  EXPECT_EQ(PublicLogupSum(ch).sum(), Fp3::zero());
}

TEST(Logup, PublicSumRejectsAZeroDenominatorInsideABatch) {
  // With alpha = bus, a term with no fields on that bus has d = alpha - bus = 0: the second of
  // three terms of the second table, after other terms are already in the fraction.
  auto ch = random_challenges(12, 1);
  ch.alpha = Fp3(Fp::from_u64(kRangeBus));
  const std::vector<PublicBusTerm> good = {{kRangeBus, {Fp::from_u64(3)}, Fp::one(), Direction::kSend}};
  const std::vector<PublicBusTerm> bad = {{kRangeBus, {Fp::from_u64(5)}, Fp::one(), Direction::kSend},
                                          {kRangeBus, {}, Fp::one(), Direction::kReceive},
                                          {kRangeBus, {Fp::from_u64(6)}, Fp::one(), Direction::kSend}};
  PublicLogupSum batch(ch);
  ASSERT_TRUE(batch.add(good).ok());
  const Error e = batch.add(bad);
  EXPECT_EQ(e.code, ErrorCode::kMismatch);
  EXPECT_STREQ(e.what, "public bus term has a zero LogUp denominator");
  EXPECT_FALSE(public_logup_sum(bad, ch).ok());
  // More fields than the beta powers cover: the same error as public_logup_sum.
  const std::vector<PublicBusTerm> wide = {{kRangeBus, {Fp::one(), Fp::one(), Fp::one()}, Fp::one(), Direction::kSend}};
  EXPECT_EQ(PublicLogupSum(ch).add(wide).code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace goldfinch::air
