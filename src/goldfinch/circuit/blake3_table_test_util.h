// Test support for Blake3Table (blake3_table_test.cc, blake3_table_attack_test.cc): a counterparty
// table standing in for the CPU and memory, random calls, and a proving key for {counterparty,
// table, range} set up once, with a witness bundle an attack test can break and re-check.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <bit>
#include <random>
#include <string>
#include <vector>

#include "goldfinch/circuit/blake3_table.h"
#include "goldfinch/circuit/table_test_harness.h"
#include "goldfinch/vm/precompiles.h"

namespace goldfinch::circuit::blake3_testing {

using namespace blake3_cols;

inline constexpr uint32_t kChunkStart = 1, kChunkEnd = 2, kParent = 4, kRoot = 8;

// The test's stand-in for the CPU and for memory (testing::CallAndMemoryRequests): per event, the
// call, then its accesses.
class CounterpartyTable : public testing::CallAndMemoryRequests {
 public:
  std::string name() const override { return "blake3_counterparty"; }

  // Rows of one event, in this order: the call, then (before, after) per access: a1..a6, cv
  // 0..7, block 0..15, out 0..15.
  static constexpr size_t kRowsPerEvent = 1 + 2 * 46;
  static size_t access_row(size_t event, size_t access) { return event * kRowsPerEvent + 1 + 2 * access; }
  static constexpr size_t kCvAccess = 6, kBlockAccess = 14, kOutAccess = 30;

  static RowMajorMatrix trace(std::span<const Blake3Event> events) {
    Rows rows;
    for (const Blake3Event& e : events) {
      const uint64_t t = 4 * e.clk;
      rows.call(kPrecompileBlake3, e.clk, e.regs[0]);
      for (uint32_t r = 1; r <= 6; ++r) rows.access(0, 10 + r, e.regs[r], e.reg_ts_prev[r - 1], e.regs[r], t + 2);
      for (uint32_t i = 0; i < 8; ++i)
        rows.access(1 + e.cv_ro[i], e.regs[0] / 4 + i, e.cv[i], e.cv_ts_prev[i], e.cv[i], t + 1);
      for (uint32_t i = 0; i < 16; ++i)
        rows.access(1 + e.block_ro[i], e.regs[1] / 4 + i, e.block[i], e.block_ts_prev[i], e.block[i], t + 2);
      for (uint32_t i = 0; i < 16; ++i)
        rows.access(1, e.regs[6] / 4 + i, e.out_before[i], e.out_ts_prev[i], e.out[i], t + 3);
    }
    return rows.matrix();
  }
};

inline void compute_out(Blake3Event& e) {
  vm::blake3_compress_xof(e.cv.data(), e.block.data(), uint64_t{e.regs[2]} | uint64_t{e.regs[3]} << 32, e.regs[4],
                          e.regs[5], e.out.data());
}

struct EventOptions {
  uint32_t flags = 0;
  uint32_t block_len = 64;
  bool cv_ro = false, block_ro = false;
  bool out_is_cv = false;     // out overlaps cv word for word
  bool out_is_block = false;  // out overlaps the block word for word
  bool block_is_cv = false;   // the block's first 8 words are the cv
};

// A call at clk with random words; buffers at distinct addresses unless out_is_cv.
inline Blake3Event random_event(std::mt19937_64& rng, uint64_t clk, const EventOptions& o = {}) {
  Blake3Event e;
  e.clk = clk;
  const uint64_t t = 4 * clk;
  auto r32 = [&] { return static_cast<uint32_t>(rng()); };
  auto prev = [&](uint64_t ts) { return ts - 1 - rng() % std::min<uint64_t>(ts, 1 << 20); };
  const uint32_t base = 0x10000 + 0x400 * static_cast<uint32_t>(rng() % 0x3FFF00);  // word-aligned, < 2^32 - 2^10
  e.regs[0] = base;
  e.regs[1] = base + 0x100;
  e.regs[2] = r32();
  e.regs[3] = r32();
  e.regs[4] = o.block_len;
  e.regs[5] = o.flags;
  e.regs[1] = o.block_is_cv ? base : base + 0x100;
  e.regs[6] = o.out_is_cv ? base : o.out_is_block ? e.regs[1] : base + 0x200;
  for (uint32_t i = 0; i < 6; ++i) e.reg_ts_prev[i] = prev(t + 2);
  for (uint32_t i = 0; i < 8; ++i) {
    e.cv[i] = r32();
    e.cv_ro[i] = o.cv_ro;
    e.cv_ts_prev[i] = prev(t + 1);
  }
  for (uint32_t i = 0; i < 16; ++i) {
    e.block[i] = r32();
    e.block_ro[i] = o.block_ro;
    e.block_ts_prev[i] = prev(t + 2);
    if (o.block_is_cv && i < 8) {  // read as cv at 4 clk + 1, then as block at 4 clk + 2
      e.block[i] = e.cv[i];
      e.block_ro[i] = e.cv_ro[i];
      e.block_ts_prev[i] = t + 1;
    }
  }
  compute_out(e);
  for (uint32_t i = 0; i < 16; ++i) {
    const bool over_cv = o.out_is_cv && i < 8, over_block = o.out_is_block || (o.out_is_cv && o.block_is_cv);
    e.out_before[i] = over_block ? e.block[i] : over_cv ? e.cv[i] : r32();
    e.out_ts_prev[i] = over_block ? t + 2 : over_cv ? t + 1 : prev(t + 3);
  }
  return e;
}

// The output words the table proved for call i (row 0 of its group).
inline std::array<uint32_t, 16> table_out(const RowMajorMatrix& t, size_t call) {
  std::array<uint32_t, 16> out{};
  for (uint32_t i = 0; i < 16; ++i) out[i] = static_cast<uint32_t>(t.at(call * kRowsPerCall, kOutV + i).value());
  return out;
}

// One proving key for {counterparty, table, range}; the shared harness (table_test_harness.h).
using Witness = testing::TableWitness;
using Harness = testing::TableHarness<CounterpartyTable, Blake3Table, Blake3Event>;

inline Harness& harness() {
  static Harness h;
  return h;
}

inline void expect_caught(const Witness& w, const std::string& what) {
  testing::expect_table_attack_caught(harness(), w, what);
}

inline Blake3Event one_event(uint64_t seed = 7) {
  std::mt19937_64 rng(seed);
  return random_event(rng, 1000000, {.flags = kChunkStart | kChunkEnd | kRoot, .block_len = 33});
}

inline void set(RowMajorMatrix& t, size_t r, uint32_t c, uint64_t v) { t.at(r, c) = Fp::from_u64(v); }
inline uint32_t slot_col(uint32_t j, uint32_t f) { return kSlot + j * kSlotWidth + f; }

}  // namespace goldfinch::circuit::blake3_testing
