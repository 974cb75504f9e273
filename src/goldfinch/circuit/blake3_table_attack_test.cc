// Blake3Table attacks: each breaks one thing in an honest witness and must be named by the debug
// checkers and make a forced proof fail to verify; single-cell sweeps of a real call and of a
// padding group; trace heights.
#include <gtest/gtest.h>

#include <cstdio>
#include <random>

#include "goldfinch/circuit/blake3_table.h"
#include "goldfinch/circuit/blake3_table_test_util.h"

namespace goldfinch::circuit {
namespace {

using namespace blake3_cols;
using namespace blake3_testing;

TEST(Blake3Table, HonestWitnessPassesHarness) {
  harness().expect_honest(harness().honest({one_event()}));
}

TEST(Blake3Table, AttackForgedOutputWord) {
  Blake3Event e = one_event();
  Witness w = harness().honest({e});
  e.out[3] ^= 1;  // memory receives the forged word; the table claims it consistently
  w.requests = CounterpartyTable::trace(std::vector<Blake3Event>{e});
  for (uint32_t r = 0; r < kRowsPerCall; ++r) set(w.table, r, kOutV + 3, e.out[3]);
  set(w.table, 5, slot_col(3, kSlotVal), e.out[3]);
  expect_caught(w, "feed-forward: out[i] = v[i] ^ v[i + 8]");
}

TEST(Blake3Table, AttackCvReadFromDifferentAddress) {
  const Blake3Event e = one_event();
  Witness w = harness().honest({e});
  const uint64_t addr = e.regs[0] / 4 + 100;  // a word holding the same value
  set(w.table, 1, slot_col(0, kSlotAddr), addr);
  const size_t r = CounterpartyTable::access_row(0, CounterpartyTable::kCvAccess);
  set(w.requests, r, 1, addr);
  set(w.requests, r + 1, 1, addr);
  expect_caught(w, "slot: address");
}

TEST(Blake3Table, AttackOutputWrittenToReadOnlyWord) {
  const Blake3Event e = one_event();
  Witness w = harness().honest({e});
  set(w.table, 5, slot_col(0, kSlotRo), 1);
  const size_t r = CounterpartyTable::access_row(0, CounterpartyTable::kOutAccess);
  set(w.requests, r, 0, 2);
  set(w.requests, r + 1, 0, 2);
  expect_caught(w, "slot: registers and out words are not read-only");
}

TEST(Blake3Table, AttackRoundSkipped) {
  Blake3Event e = one_event();
  Witness w = harness().honest({e});
  // Row 1 starts from the initial state again (round 0's result dropped), rows 1..7 follow from
  // there honestly, and the output is the one of that 6-round compression.
  uint32_t v[16], m[16];
  for (uint32_t i = 0; i < 8; ++i) v[i] = e.cv[i];
  for (uint32_t i = 0; i < 4; ++i) v[8 + i] = kBlake3Iv[i];
  v[12] = e.regs[2], v[13] = e.regs[3], v[14] = e.regs[4], v[15] = e.regs[5];
  for (uint32_t i = 0; i < 16; ++i) m[i] = static_cast<uint32_t>(w.table.at(1, kMsg + i).value());
  uint32_t final_state[16];
  for (uint32_t r = 1; r < kRowsPerCall; ++r) {
    if (r == kRowsPerCall - 1) std::copy(v, v + 16, final_state);
    Blake3Table::fill_round(std::span<Fp>(&w.table.at(r, 0), kNumCols), v, m);
    uint32_t next[16];
    for (uint32_t i = 0; i < 16; ++i) next[i] = m[kBlake3MsgPerm[i]];
    std::copy(next, next + 16, m);
  }
  for (uint32_t i = 0; i < 8; ++i) {
    e.out[i] = final_state[i] ^ final_state[i + 8];
    e.out[i + 8] = final_state[i + 8] ^ e.cv[i];
  }
  for (uint32_t r = 0; r < kRowsPerCall; ++r)
    for (uint32_t i = 0; i < 16; ++i) set(w.table, r, kOutV + i, e.out[i]);
  for (uint32_t r = 5; r < kRowsPerCall; ++r)
    for (uint32_t j = 0; j < kSlots; ++j)
      if (slot_plan()[r][j].kind == SlotKind::kOut)
        set(w.table, r, slot_col(j, kSlotVal), e.out[slot_plan()[r][j].index]);
  w.requests = CounterpartyTable::trace(std::vector<Blake3Event>{e});
  const auto f = harness().check(w);
  ASSERT_FALSE(f.empty());
  EXPECT_NE(f[0].find("row 0"), std::string::npos) << f[0];  // only round 0's transition fails
  expect_caught(w, "state after the round");
}

TEST(Blake3Table, AttackBitOutOfRangeWithCompensation) {
  Witness w = harness().honest({one_event()});
  const uint32_t a1 = kG + kGA1;  // G0 of row 0
  uint32_t i = 0;
  while (!(w.table.at(0, a1 + i).is_zero() && w.table.at(0, a1 + i + 1) == Fp::one())) ++i;
  set(w.table, 0, a1 + i, 2);  // 2 * 2^i + 0 * 2^(i+1): the same word
  set(w.table, 0, a1 + i + 1, 0);
  expect_caught(w, "G: a1 bit is boolean");
}

TEST(Blake3Table, AttackTimestampLimbOutOfRangeWithCompensation) {
  Blake3Event e = one_event();
  e.cv_ts_prev[0] = 4 * e.clk + 1 - 1 - 0x30005;  // gap 0x30005: hi = 3
  Witness w = harness().honest({e});
  const uint32_t lo = slot_col(0, kSlotLo), hi = slot_col(0, kSlotHi);
  ASSERT_EQ(w.table.at(1, hi), Fp::from_u64(3));
  set(w.table, 1, lo, 5 + 0x10000);
  set(w.table, 1, hi, 2);
  expect_caught(w, "bus 11");
}

TEST(Blake3Table, AttackWrongCarry) {
  Witness w = harness().honest({one_event()});
  const uint32_t carry = kG + 2 * kGWidth + kGCarryC1;
  set(w.table, 3, carry, 1 - w.table.at(3, carry).value());
  expect_caught(w, "G: c1 = c + d1");
}

TEST(Blake3Table, AttackBlockLen65) {
  Blake3Event e = one_event();
  e.regs[4] = 65;
  compute_out(e);
  expect_caught(harness().honest({e}), "block_len <= 64");
}

TEST(Blake3Table, AttackFlags256) {
  Blake3Event e = one_event();
  e.regs[5] = 256 | kChunkStart;
  compute_out(e);
  expect_caught(harness().honest({e}), "flags < 256");
}

TEST(Blake3Table, AttackMisalignedPointer) {
  Blake3Event e = one_event();
  Witness w = harness().honest({e});
  // The CPU's a0 is cv + 2: the table can only receive 4 (w0 + 2^16 w1).
  e.regs[0] += 2;
  w.requests = CounterpartyTable::trace(std::vector<Blake3Event>{e});
  expect_caught(w, "bus 25");
  // The table's word pointer as a0 / 4 in the field: no longer a 16-bit limb.
  Witness w2 = harness().honest({e});
  const Fp w0 = Fp::from_u64(e.regs[0]) * Fp::from_u64(4).inverse() - Fp::from_u64(1 << 16) * w2.table.at(0, kCvW1);
  for (uint32_t r = 0; r < kRowsPerCall; ++r) w2.table.at(r, kCvW0) = w0;
  const Fp cvw = w0 + Fp::from_u64(1 << 16) * w2.table.at(0, kCvW1);
  for (uint32_t r = 1; r <= 2; ++r)
    for (uint32_t j = 0; j < kSlots; ++j)
      if (slot_plan()[r][j].kind == SlotKind::kCv) {
        const Fp a = cvw + Fp::from_u64(slot_plan()[r][j].index);
        w2.table.at(r, slot_col(j, kSlotAddr)) = a;
        const size_t cr = CounterpartyTable::access_row(0, CounterpartyTable::kCvAccess + slot_plan()[r][j].index);
        w2.requests.at(cr, 1) = a;
        w2.requests.at(cr + 1, 1) = a;
      }
  expect_caught(w2, "bus 11");
}

TEST(Blake3Table, AttackCallWithoutTableRow) {
  Witness w = harness().honest({one_event()});
  Harness::clear_table(w);
  CounterpartyTable::drop_accesses(w.requests);  // only the call is claimed
  expect_caught(w, "bus 25");
}

TEST(Blake3Table, AttackRealCallCutOffAtTheEnd) {
  const Blake3Event e = one_event();
  Witness w = harness().honest({e});
  RowMajorMatrix cut(4, kNumCols);
  for (size_t r = 0; r < 4; ++r)
    for (size_t c = 0; c < kNumCols; ++c) cut.at(r, c) = w.table.at(r, c);
  w.table = std::move(cut);
  expect_caught(w, "the last row ends a call");
}

TEST(Blake3Table, AttackTimestampNotAfterPreviousAccess) {
  const Blake3Event e = one_event();
  Witness w = harness().honest({e});
  const uint64_t ts = 4 * e.clk + 1;  // cv 0 "previously" accessed at its own timestamp
  set(w.table, 1, slot_col(0, kSlotTsPrev), ts);
  set(w.table, 1, slot_col(0, kSlotLo), 0);
  set(w.table, 1, slot_col(0, kSlotHi), 0);
  set(w.requests, CounterpartyTable::access_row(0, CounterpartyTable::kCvAccess), 3, ts);
  expect_caught(w, "slot: accessed after its previous access");
}

// Every main cell of each step's row of a one-call trace, changed by +1, must fail a constraint
// or unbalance a bus. No column is free on a real row. 40 cells are caught only by the memory bus,
// by design: `old` of the 16 out writes (the word's previous value, which only memory knows) and
// `ro` of the 24 cv and block reads (it selects the memory space, 1 or 2, of a read).
TEST(Blake3Table, SingleCellSweep) {
  const Witness honest = harness().honest({one_event()});
  ASSERT_TRUE(harness().check(honest).empty());
  const auto n = testing::sweep_table_cells(harness(), honest, kRowsPerCall);
  std::printf("sweep: %zu cells, %zu caught only by a bus, %zu escaped\n", n.cells, n.by_bus, n.escaped);
  EXPECT_EQ(n.cells, size_t{kRowsPerCall} * kNumCols);
  EXPECT_EQ(n.by_bus, 40u);
}

// The same over a padding group (a trace of no calls is one padding group): padding is an honest
// compression of an all-zero input with no interactions, and no cell of it is free either.
TEST(Blake3Table, SingleCellSweepPadding) {
  const Witness w = harness().honest({});
  ASSERT_EQ(w.table.height(), kRowsPerCall);
  ASSERT_TRUE(harness().check(w).empty());
  EXPECT_EQ(testing::sweep_table_cells(harness(), w, kRowsPerCall, "padding row").escaped, 0u);
}

TEST(Blake3Table, TraceHeights) {
  std::mt19937_64 rng(4);
  for (auto [calls, groups] : {std::pair<size_t, size_t>{0, 1}, {1, 1}, {2, 2}, {3, 4}, {4, 4}, {5, 8}}) {
    std::vector<Blake3Event> events;
    for (size_t i = 0; i < calls; ++i) events.push_back(random_event(rng, 100 + 10 * i));
    LookupCounts counts;
    EXPECT_EQ(Blake3Table::trace(events, counts).height(), groups * kRowsPerCall) << calls << " calls";
  }
}

}  // namespace
}  // namespace goldfinch::circuit
