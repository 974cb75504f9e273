// Fp3HornerTable attacks: each breaks one thing in an honest witness (the rest kept consistent:
// the Horner chain re-run, memory's view and the range lookups recounted) and must be named by the
// debug checkers and make a forced proof fail to verify; single-cell sweeps of real calls and of
// padding rows.
#include <gtest/gtest.h>

#include <cstdio>
#include <random>

#include "goldfinch/circuit/fp3_horner_table.h"
#include "goldfinch/circuit/fp3_horner_table_test_util.h"

namespace goldfinch::circuit {
namespace {

using namespace fp3_cols;
using namespace fp3_testing;

Fp3HornerEvent one_call(uint32_t kind = 3, uint32_t n = 5, uint64_t seed = 7) {
  std::mt19937_64 rng(seed);
  return random_call(rng, 1000000, {.kind = kind, .n = n});
}

// Memory's view follows the table's out (the forger controls both); the range table is recounted.
void follow_out(Witness& w, Fp3HornerEvent& e, const std::array<uint32_t, 6>& out) {
  std::copy(out.begin(), out.end(), e.out.begin());
  w.requests = CounterpartyTable::trace(std::vector<Fp3HornerEvent>{e});
  w.range = recount_range(harness().table(), w.table);
}

TEST(Fp3HornerTable, HonestWitnessPassesHarness) {
  harness().expect_honest(harness().honest({one_call()}));
}

TEST(Fp3HornerTable, AttackForgedOutWord) {
  Fp3HornerEvent e = one_call();
  Witness w = harness().honest({e});
  std::array<uint32_t, 6> out;
  std::copy(e.out.begin(), e.out.end(), out.begin());
  out[2] ^= 1;  // memory receives the forged word; the table claims it consistently
  for (size_t r = 0; r < 5; ++r) {
    set(w.table, r, kOut + 2, out[2]);
    set(w.table, r, kOutHi + 2, out[2] >> 16);
  }
  follow_out(w, e, out);
  expect_caught(w, "out = acc_next on the last row");
}

// out component 1 is 0; written as p (lo 1, hi 0xFFFFFFFF) it is the same field element.
TEST(Fp3HornerTable, AttackOutNotCanonical) {
  Fp3HornerEvent e = one_call(1, 1);
  e.x = {1, 0, 0, 0, 0, 0};
  e.coeffs = {5, 0};
  compute_out(e);
  ASSERT_EQ(e.out[2], 0u);
  ASSERT_EQ(e.out[3], 0u);
  Witness w = harness().honest({e});
  std::array<uint32_t, 6> out;
  std::copy(e.out.begin(), e.out.end(), out.begin());
  out[2] = 1;
  out[3] = 0xFFFFFFFFu;
  set(w.table, 0, kOut + 2, out[2]);
  set(w.table, 0, kOut + 3, out[3]);
  set(w.table, 0, kOutHi + 2, out[2] >> 16);
  set(w.table, 0, kOutHi + 3, out[3] >> 16);
  set(w.table, 0, kOutInv + 1, 0);
  follow_out(w, e, out);
  const auto f = harness().check(w);
  for (const auto& s : f) EXPECT_NE(s.find("out canonical: hi = 0xFFFFFFFF only with lo = 0"), std::string::npos) << s;
  expect_caught(w, "out canonical: hi = 0xFFFFFFFF only with lo = 0");
}

// acc on row 2 off by one; rows 3.. and out follow from it honestly, so only row 1's step fails.
TEST(Fp3HornerTable, AttackWrongAccOnMiddleRow) {
  Fp3HornerEvent e = one_call();
  Witness w = harness().honest({e});
  w.table.at(2, kAcc + 1) += Fp::one();
  follow_out(w, e, rerun_horner(w.table, 0, 5, 2));
  const auto f = harness().check(w);
  ASSERT_FALSE(f.empty());
  EXPECT_NE(f[0].find("row 1"), std::string::npos) << f[0];
  expect_caught(w, "acc = previous acc_next");
}

// Row 2 reads its coefficient from 64 words further (memory holds the same words there).
TEST(Fp3HornerTable, AttackCoefficientFromDifferentAddress) {
  Fp3HornerEvent e = one_call();
  Witness w = harness().honest({e});
  const uint64_t addr = w.table.at(2, kCAddr).value() + 64;
  set(w.table, 2, kCAddr, addr);
  for (uint32_t j = 0; j < 6; ++j) {
    const size_t r = CounterpartyTable::access_row(0, CounterpartyTable::kCoeffAccess + 12 + j);
    set(w.requests, r, 1, addr + j);
    set(w.requests, r + 1, 1, addr + j);
  }
  expect_caught(w, "coefficient address advances");
}

// The CPU's a2 says 6 but the table has 5 rows (counter 6..2): a coefficient skipped.
TEST(Fp3HornerTable, AttackRowSkipped) {
  Fp3HornerEvent e = one_call();
  Witness w = harness().honest({e});
  for (size_t r = 0; r < 5; ++r) {
    set(w.table, r, kN, 6);
    set(w.table, r, kCnt, 6 - r);
  }
  e.regs[2] = 6;
  w.requests = CounterpartyTable::trace(std::vector<Fp3HornerEvent>{e});
  w.range = recount_range(harness().table(), w.table);
  expect_caught(w, "counter ends at 1");
}

// An honest 4-term call whose a2 is claimed to be 3: the fourth row is one too many.
TEST(Fp3HornerTable, AttackExtraRowAppended) {
  Fp3HornerEvent e = one_call(3, 4);
  Witness w = harness().honest({e});
  for (size_t r = 0; r < 4; ++r) {
    set(w.table, r, kN, 3);
    set(w.table, r, kCnt, 3 - r);
  }
  e.regs[2] = 3;
  w.requests = CounterpartyTable::trace(std::vector<Fp3HornerEvent>{e});
  w.range = recount_range(harness().table(), w.table);
  expect_caught(w, "counter ends at 1");
}

// x's first word changed from row 2 on; acc and out follow the changed x.
TEST(Fp3HornerTable, AttackXChangedMidCall) {
  Fp3HornerEvent e = one_call();
  Witness w = harness().honest({e});
  for (size_t r = 2; r < 5; ++r) w.table.at(r, kX) += Fp::one();
  follow_out(w, e, rerun_horner(w.table, 0, 5, 0));
  expect_caught(w, "call parameter constant within the call");
}

// a4 = 2: kind = 1 + 2 is_ext needs is_ext = 1/2.
TEST(Fp3HornerTable, AttackKind2) {
  Fp3HornerEvent e = one_call(2, 3);
  expect_caught(harness().honest({e}), "flag is boolean");
}

TEST(Fp3HornerTable, AttackNZero) {
  Fp3HornerEvent e = one_call(1, 1);
  Witness w = harness().honest({e});
  set(w.table, 0, kN, 0);
  set(w.table, 0, kCnt, 0);
  e.regs[2] = 0;
  w.requests = CounterpartyTable::trace(std::vector<Fp3HornerEvent>{e});
  w.range = recount_range(harness().table(), w.table);
  expect_caught(w, "bus 11");
}

TEST(Fp3HornerTable, AttackN4097) {
  const Fp3HornerEvent e = one_call(1, kMaxTerms + 1);
  Witness w = harness().honest({e});
  w.range = recount_range(harness().table(), w.table);
  expect_caught(w, "bus 11");
}

TEST(Fp3HornerTable, AttackMisalignedPointer) {
  Fp3HornerEvent e = one_call();
  Witness w = harness().honest({e});
  // The CPU's a0 is x + 2: the table can only receive 4 (w0 + 2^16 w1).
  e.regs[0] += 2;
  w.requests = CounterpartyTable::trace(std::vector<Fp3HornerEvent>{e});
  expect_caught(w, "bus 25");
  // The table's word pointer as a0 / 4 in the field: no longer a 16-bit limb.
  Witness w2 = harness().honest({e});
  const Fp w0 = Fp::from_u64(e.regs[0]) * Fp::from_u64(4).inverse() - Fp::from_u64(1 << 16) * w2.table.at(0, kXW1);
  for (size_t r = 0; r < 5; ++r) w2.table.at(r, kXW0) = w0;
  const Fp xw = w0 + Fp::from_u64(1 << 16) * w2.table.at(0, kXW1);
  for (uint32_t j = 0; j < 6; ++j) {
    const size_t cr = CounterpartyTable::access_row(0, CounterpartyTable::kXAccess + j);
    w2.requests.at(cr, 1) = w2.requests.at(cr + 1, 1) = xw + Fp::from_u64(j);
  }
  w2.range = recount_range(harness().table(), w2.table);
  expect_caught(w2, "bus 11");
}

// out's words are read-only in memory (space 2): the table writes space 1 only.
TEST(Fp3HornerTable, AttackOutWrittenToReadOnlyWord) {
  const Fp3HornerEvent e = one_call();
  Witness w = harness().honest({e});
  for (uint32_t j = 0; j < 6; ++j) {
    const size_t r = CounterpartyTable::access_row(0, CounterpartyTable::out_access(e) + j);
    set(w.requests, r, 0, 2);
    set(w.requests, r + 1, 0, 2);
  }
  expect_caught(w, "bus 13");
}

TEST(Fp3HornerTable, AttackCallWithoutTableRows) {
  Witness w = harness().honest({one_call()});
  Harness::clear_table(w);
  CounterpartyTable::drop_accesses(w.requests);  // only the call is claimed
  expect_caught(w, "bus 25");
}

TEST(Fp3HornerTable, AttackTableRowsWithoutCall) {
  const Fp3HornerEvent e = one_call();
  Witness w = harness().honest({e});
  w.requests.at(0, CounterpartyTable::kMCall) = Fp::zero();  // memory agrees, but no CPU row made the call
  expect_caught(w, "bus 25");
}

TEST(Fp3HornerTable, AttackCallCutOffAtTheEnd) {
  const Fp3HornerEvent e = one_call(3, 8);
  Witness w = harness().honest({e});
  RowMajorMatrix cut(4, kNumCols);
  for (size_t r = 0; r < 4; ++r)
    for (size_t c = 0; c < kNumCols; ++c) cut.at(r, c) = w.table.at(r, c);
  w.table = std::move(cut);
  w.range = recount_range(harness().table(), w.table);
  expect_caught(w, "the last row ends a call");
}

TEST(Fp3HornerTable, AttackTimestampNotAfterPreviousAccess) {
  const Fp3HornerEvent e = one_call();
  Witness w = harness().honest({e});
  const uint64_t ts = 4 * e.clk + 2;  // coefficient word 0 "previously" accessed at its own timestamp
  set(w.table, 0, c_slot(0, kSlotTsPrev), ts);
  set(w.table, 0, c_slot(0, kSlotLo), 0);
  set(w.table, 0, c_slot(0, kSlotHi), 0);
  set(w.requests, CounterpartyTable::access_row(0, CounterpartyTable::kCoeffAccess), 3, ts);
  w.range = recount_range(harness().table(), w.table);
  expect_caught(w, "slot: accessed after its previous access");
}

// Every main cell of a trace of two calls (kind 3, n = 3; kind 1, n = 1) and its padding row,
// changed by +1, must fail a constraint or unbalance a bus. Cells caught only by a bus, by
// design: `ro` of each x and coefficient word read (it selects memory space 1 or 2), `old` of each
// out word written (the value before, which only memory knows), and on the one-row call (no
// transition ties its per-call columns to another row) the out high limbs and the x and out
// pointer limbs, which only the range, precompile and memory buses see.
TEST(Fp3HornerTable, SingleCellSweep) {
  std::mt19937_64 rng(11);
  const Witness honest =
      harness().honest({random_call(rng, 5000, {.kind = 3, .n = 3}), random_call(rng, 5003, {.kind = 1, .n = 1})});
  ASSERT_EQ(honest.table.height(), 4u);
  ASSERT_TRUE(harness().check(honest).empty());
  const auto n = testing::sweep_table_cells(harness(), honest, honest.table.height());
  std::printf("sweep: %zu cells, %zu caught only by a bus, %zu escaped\n", n.cells, n.by_bus, n.escaped);
  EXPECT_EQ(n.cells, 4u * kNumCols);
  // Call 1: 6 x ro + 3 x 6 coefficient ro + 6 out old; call 2: 6 x ro + 2 coefficient ro + 6 out
  // old + 6 out high limbs + 4 pointer limbs (x and out).
  EXPECT_EQ(n.by_bus, 30u + 24u);
}

TEST(Fp3HornerTable, SingleCellSweepPadding) {
  const Witness w = harness().honest({});
  ASSERT_EQ(w.table.height(), 4u);
  ASSERT_TRUE(harness().check(w).empty());
  EXPECT_EQ(testing::sweep_table_cells(harness(), w, w.table.height(), "padding row").escaped, 0u);
}

}  // namespace
}  // namespace goldfinch::circuit
