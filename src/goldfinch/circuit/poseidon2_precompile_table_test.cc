// Poseidon2PrecompileTable: honest calls (random canonical states, edge elements p - 1 and
// 2^32 - 1, the published "range" vector) proven end to end against multiset::poseidon2_permute;
// named attacks (each breaks one thing in an honest witness, the rest kept consistent, and must
// be named by the debug checkers and make a forced proof fail to verify); single-cell sweeps.
#include "goldfinch/circuit/poseidon2_precompile_table.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>

#include "goldfinch/air/logup.h"
#include "goldfinch/circuit/table_test_harness.h"
#include "goldfinch/multiset/poseidon2.h"

namespace goldfinch::circuit {
namespace {

using namespace p2p_cols;

// The CPU and memory stand-in: per event the call, then the 16 word accesses at 4 clk + 2.
class CounterpartyTable : public testing::CallAndMemoryRequests {
 public:
  std::string name() const override { return "poseidon2_counterparty"; }
  // The row of access `w` (its before row; the after row follows) of event `k`.
  static size_t access_row(size_t k, uint32_t w) { return k * 33 + 1 + 2 * w; }
  static RowMajorMatrix trace(std::span<const Poseidon2Event> events) {
    Rows rows;
    for (const Poseidon2Event& e : events) {
      rows.call(kPrecompilePoseidon2, e.clk, e.a0);
      for (uint32_t w = 0; w < kWords; ++w)
        rows.access(1, e.a0 / 4 + w, e.before[w], e.ts_prev[w], e.after[w], 4 * e.clk + 2);
    }
    return rows.matrix();
  }
};

using Witness = testing::TableWitness;
using Harness = testing::TableHarness<CounterpartyTable, Poseidon2PrecompileTable, Poseidon2Event>;

Harness& harness() {
  static Harness h;
  return h;
}

void expect_caught(const Witness& w, const std::string& what) {
  testing::expect_table_attack_caught(harness(), w, what);
}

void permute(Poseidon2Event& e) {
  multiset::Poseidon2State s;
  for (uint32_t i = 0; i < 8; ++i) s[i] = Fp::from_u64(uint64_t{e.before[2 * i]} | uint64_t{e.before[2 * i + 1]} << 32);
  multiset::poseidon2_permute(s);
  for (uint32_t w = 0; w < kWords; ++w) e.after[w] = static_cast<uint32_t>(s[w / 2].value() >> (32 * (w % 2)));
}

Poseidon2Event make_call(std::mt19937_64& rng, uint64_t clk, const std::array<uint64_t, 8>* state = nullptr) {
  Poseidon2Event e;
  e.clk = clk;
  e.a0 = 0x10000 + 8 * static_cast<uint32_t>(rng() % 0x1000000);
  for (uint32_t i = 0; i < 8; ++i) {
    const uint64_t v = state ? (*state)[i] : rng() % Fp::kModulus;
    e.before[2 * i] = static_cast<uint32_t>(v);
    e.before[2 * i + 1] = static_cast<uint32_t>(v >> 32);
  }
  for (uint32_t w = 0; w < kWords; ++w) e.ts_prev[w] = 4 * clk + 1 - rng() % std::min<uint64_t>(4 * clk, 1 << 20);
  permute(e);
  return e;
}

Poseidon2Event one_call(uint64_t seed = 7) {
  std::mt19937_64 rng(seed);
  return make_call(rng, 1000000);
}

// Memory's view follows the event (the forger controls both); the range table is recounted.
void follow(Witness& w, const Poseidon2Event& e) {
  w.requests = CounterpartyTable::trace(std::vector<Poseidon2Event>{e});
  w.range = testing::recount_range(harness().table(), w.table);
}

TEST(Poseidon2PrecompileTable, DegreeAtMostThree) {
  Poseidon2PrecompileTable t;
  air::SymbolicBuilder sb(t.width(), 0, 0);
  t.eval(sb);
  EXPECT_LE(sb.max_degree(), 3u);
  const size_t helpers = (t.interactions().size() + air::kLogupChunk - 1) / air::kLogupChunk;
  std::printf("poseidon2_precompile: %zu columns, %zu constraints, max degree %u, %zu interactions, aux %zu\n",
              t.width(), sb.constraints().size(), sb.max_degree(), t.interactions().size(), 3 * (helpers + 1));
  EXPECT_EQ(t.width(), 288u);
}

TEST(Poseidon2PrecompileTable, HonestCallsMatchThePermutation) {
  std::mt19937_64 rng(1);
  const std::array<uint64_t, 8> range = {0, 1, 2, 3, 4, 5, 6, 7};
  const uint64_t p = Fp::kModulus;
  const std::array<uint64_t, 8> edge = {p - 1, 0xFFFFFFFFull, 0x100000000ull, 0, p - 2, 0xFFFFFFFF00000000ull,
                                        1,     p - 1};
  std::vector<Poseidon2Event> events = {make_call(rng, 100, &range), make_call(rng, 107, &edge)};
  for (int i = 0; i < 5; ++i) events.push_back(make_call(rng, 200 + 3 * i));
  // The published Plonky3/HorizenLabs vector (multiset/poseidon2_test.cc) in the table's out.
  LookupCounts counts;
  const RowMajorMatrix t = Poseidon2PrecompileTable::trace(events, counts);
  EXPECT_EQ(t.height(), 8u);
  const uint64_t published0 = 14266028122062624699ull;
  EXPECT_EQ(t.at(0, kOut).value() | t.at(0, kOut + 1).value() << 32, published0);
  harness().expect_honest(harness().honest(events));
  Harness::expect_proves_full(events);
}

TEST(Poseidon2PrecompileTable, AttackForgedOutputWord) {
  Poseidon2Event e = one_call();
  Witness w = harness().honest({e});
  e.after[5] ^= 1;  // memory receives the forged word; the table claims it consistently
  w.table.at(0, kOut + 5) = Fp::from_u64(e.after[5]);
  w.table.at(0, kOutHi + 5) = Fp::from_u64(e.after[5] >> 16);
  w.table.at(0, kOutInv + 2) = Fp::from_u64(0xFFFFFFFFu - e.after[5]).inverse();  // word 5: element 2's hi
  follow(w, e);
  const auto f = harness().check(w);
  ASSERT_FALSE(f.empty());
  for (const auto& s : f) EXPECT_NE(s.find("out = poseidon2(in)"), std::string::npos) << s;
  expect_caught(w, "out = poseidon2(in)");
}

TEST(Poseidon2PrecompileTable, AttackCorruptedPermutationCell) {
  Witness w = harness().honest({one_call()});
  w.table.at(0, kRounds + 2 * 40 + 1) += Fp::one();  // the a^7 cell of S-box 40 (a partial round)
  expect_caught(w, "poseidon2 S-box: cube = a^3");
}

// Element 3 is 0; written as p (lo 1, hi 0xFFFFFFFF) it is the same field element, so the rounds
// and out stay as they are and only the canonical check can object (the executor traps on it).
TEST(Poseidon2PrecompileTable, AttackNonCanonicalInputLimb) {
  std::mt19937_64 rng(3);
  const std::array<uint64_t, 8> state = {9, 8, 7, 0, 5, 4, 3, 2};
  Poseidon2Event e = make_call(rng, 5000, &state);
  Witness w = harness().honest({e});
  e.before[6] = 1;
  e.before[7] = 0xFFFFFFFFu;
  w.table.at(0, kIn + 6) = Fp::one();
  w.table.at(0, kIn + 7) = Fp::from_u64(0xFFFFFFFFu);
  w.table.at(0, kInInv + 3) = Fp::zero();
  follow(w, e);
  const auto f = harness().check(w);
  ASSERT_FALSE(f.empty());
  for (const auto& s : f) EXPECT_NE(s.find("in canonical"), std::string::npos) << s;
  expect_caught(w, "in canonical: hi = 0xFFFFFFFF only with lo = 0");
}

// An output word outside u32 (the element's lo word + 2^32, hi word - 1: the same field
// element): the out range checks object.
TEST(Poseidon2PrecompileTable, AttackOutputWordNotU32) {
  Poseidon2Event e = one_call();
  Witness w = harness().honest({e});
  ASSERT_NE(e.after[1], 0u);
  w.table.at(0, kOut) += Fp::from_u64(uint64_t{1} << 32);
  w.table.at(0, kOut + 1) -= Fp::one();
  w.table.at(0, kOutHi + 1) = Fp::from_u64((e.after[1] - 1) >> 16);
  w.table.at(0, kOutInv) = Fp::from_u64(0xFFFFFFFFu - (e.after[1] - 1)).inverse();
  w.requests = CounterpartyTable::trace(std::vector<Poseidon2Event>{e});
  w.requests.at(CounterpartyTable::access_row(0, 0) + 1, 2) = w.table.at(0, kOut);
  w.requests.at(CounterpartyTable::access_row(0, 1) + 1, 2) = w.table.at(0, kOut + 1);
  w.range = testing::recount_range(harness().table(), w.table);
  expect_caught(w, "bus 11");
}

TEST(Poseidon2PrecompileTable, AttackCallWithoutTableRow) {
  Witness w = harness().honest({one_call()});
  Harness::clear_table(w);
  CounterpartyTable::drop_accesses(w.requests);  // only the call is claimed
  expect_caught(w, "bus 25");
}

TEST(Poseidon2PrecompileTable, AttackTableRowWithoutCall) {
  Witness w = harness().honest({one_call()});
  w.requests.at(0, CounterpartyTable::kMCall) = Fp::zero();  // memory agrees, but no CPU row made the call
  expect_caught(w, "bus 25");
}

// The table claims the call one cycle later (its memory accesses with it): the CPU's call at clk
// finds no row.
TEST(Poseidon2PrecompileTable, AttackWrongClk) {
  Poseidon2Event e = one_call();
  Witness w = harness().honest({e});
  Poseidon2Event later = e;
  later.clk += 1;
  LookupCounts counts;
  w.table = Poseidon2PrecompileTable::trace(std::vector<Poseidon2Event>{later}, counts);
  w.range = RangeU16Table::trace(counts);
  w.requests = CounterpartyTable::trace(std::vector<Poseidon2Event>{later});
  w.requests.at(0, 1) = Fp::from_u64(e.clk);  // the CPU's call
  expect_caught(w, "bus 25");
}

TEST(Poseidon2PrecompileTable, AttackTimestampNotAfterPreviousAccess) {
  const Poseidon2Event e = one_call();
  Witness w = harness().honest({e});
  const uint64_t ts = 4 * e.clk + 2;  // word 4 "previously" accessed at the call's own timestamp
  w.table.at(0, slot(4, kSlotTsPrev)) = Fp::from_u64(ts);
  w.table.at(0, slot(4, kSlotTsLo)) = Fp::zero();
  w.table.at(0, slot(4, kSlotTsHi)) = Fp::zero();
  w.requests.at(CounterpartyTable::access_row(0, 4), 3) = Fp::from_u64(ts);
  w.range = testing::recount_range(harness().table(), w.table);
  expect_caught(w, "state word accessed after its previous access");
}

// a0 + 4: not 8-aligned, so h0 = (a0 + 4) / 8 is no 16-bit limb.
TEST(Poseidon2PrecompileTable, AttackMisalignedPointer) {
  Poseidon2Event e = one_call();
  Witness w = harness().honest({e});
  const Fp h0 =
      (Fp::from_u64(e.a0 + 4) - Fp::from_u64(uint64_t{1} << 19) * w.table.at(0, kH1)) * Fp::from_u64(8).inverse();
  w.table.at(0, kH0) = h0;
  e.a0 += 4;
  follow(w, e);
  expect_caught(w, "bus 11");
}

// State words in read-only memory (space 2): the table accesses space 1 only.
TEST(Poseidon2PrecompileTable, AttackStateInReadOnlyMemory) {
  Witness w = harness().honest({one_call()});
  for (uint32_t q = 0; q < kWords; ++q) {
    const size_t r = CounterpartyTable::access_row(0, q);
    w.requests.at(r, 0) = Fp::from_u64(2);
    w.requests.at(r + 1, 0) = Fp::from_u64(2);
  }
  expect_caught(w, "bus 13");
}

// Every main cell of two calls and two padding rows, changed by +1, fails a constraint or
// unbalances a bus (those caught by a bus only: the pointer limbs, the timestamps' previous
// values, the out high limbs).
TEST(Poseidon2PrecompileTable, SingleCellSweep) {
  std::mt19937_64 rng(11);
  const Witness honest = harness().honest({make_call(rng, 5000), make_call(rng, 5003)});
  ASSERT_EQ(honest.table.height(), 4u);
  ASSERT_TRUE(harness().check(honest).empty());
  const auto n = testing::sweep_table_cells(harness(), honest, honest.table.height());
  std::printf("sweep: %zu cells, %zu caught only by a bus, %zu escaped\n", n.cells, n.by_bus, n.escaped);
  EXPECT_EQ(n.cells, 4u * kNumCols);
  EXPECT_EQ(n.escaped, 0u);
}

}  // namespace
}  // namespace goldfinch::circuit
