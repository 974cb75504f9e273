// Test support for Fp3HornerTable (fp3_horner_table_test.cc, fp3_horner_table_attack_test.cc): a
// counterparty table standing in for the CPU and memory, calls built against a small memory model
// (so overlapping buffers get the timestamps the CPU would give them), a proving key for
// {counterparty, table, range} set up once, and helpers an attack test uses to break a witness
// consistently (re-running the Horner chain, recounting the range lookups from the table).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <bit>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "goldfinch/circuit/fp3_horner_table.h"
#include "goldfinch/circuit/table_test_harness.h"
#include "goldfinch/field/ext3.h"
#include "goldfinch/vm/precompiles.h"

namespace goldfinch::circuit::fp3_testing {

using namespace fp3_cols;

// The test's stand-in for the CPU and for memory (testing::CallAndMemoryRequests): per event, the
// call, then its accesses.
class CounterpartyTable : public testing::CallAndMemoryRequests {
 public:
  std::string name() const override { return "fp3_counterparty"; }

  // Rows of one event, in this order: the call, then (before, after) per access: a1..a4, x 0..5,
  // the coefficient words, out 0..5.
  static constexpr size_t kXAccess = 4, kCoeffAccess = 10;
  static size_t rows_of(const Fp3HornerEvent& e) { return 1 + 2 * (16 + e.coeffs.size()); }
  static size_t out_access(const Fp3HornerEvent& e) { return kCoeffAccess + e.coeffs.size(); }
  // The row of access `access` of the event starting at row `row0`.
  static size_t access_row(size_t row0, size_t access) { return row0 + 1 + 2 * access; }

  static RowMajorMatrix trace(std::span<const Fp3HornerEvent> events) {
    Rows rows;
    for (const Fp3HornerEvent& e : events) {
      const uint64_t t = 4 * e.clk;
      rows.call(kPrecompileFp3Horner, e.clk, e.regs[0]);
      for (uint32_t r = 1; r <= 4; ++r) rows.access(0, 10 + r, e.regs[r], e.reg_ts_prev[r - 1], e.regs[r], t + 2);
      for (uint32_t i = 0; i < 6; ++i)
        rows.access(1 + e.x_ro[i], e.regs[0] / 4 + i, e.x[i], e.x_ts_prev[i], e.x[i], t + 1);
      for (size_t i = 0; i < e.coeffs.size(); ++i)
        rows.access(1 + e.coeffs_ro[i], e.regs[1] / 4 + i, e.coeffs[i], e.coeffs_ts_prev[i], e.coeffs[i], t + 2);
      for (uint32_t i = 0; i < 6; ++i)
        rows.access(1, e.regs[3] / 4 + i, e.out_before[i], e.out_ts_prev[i], e.out[i], t + 3);
    }
    return rows.matrix();
  }
};

struct CallOptions {
  uint32_t kind = 3;
  uint32_t n = 5;
  bool x_ro = false, coeffs_ro = false;
  bool out_over_x = false;       // out is x, word for word
  bool out_over_coeffs = false;  // out is the first 6 coefficient words
  bool x_over_coeffs = false;    // x is the first 6 coefficient words
};

// A memory of random words with random previous timestamps; a call reads and writes it as the
// CPU witness does (x at 4 clk + 1, coefficients at 4 clk + 2, out at 4 clk + 3).
class Memory {
 public:
  explicit Memory(std::mt19937_64& rng) : rng_(rng) {}
  uint32_t read(uint32_t wa, uint64_t ts, uint64_t* prev) {
    Cell& c = cell(wa, ts);
    *prev = c.ts;
    c.ts = ts;
    return c.value;
  }
  uint32_t write(uint32_t wa, uint32_t v, uint64_t ts, uint64_t* prev) {
    Cell& c = cell(wa, ts);
    const uint32_t old = c.value;
    *prev = c.ts;
    c = {v, ts};
    return old;
  }
  void put(uint32_t wa, uint32_t v) { cells_[wa] = {v, 1}; }

 private:
  struct Cell {
    uint32_t value = 0;
    uint64_t ts = 0;
  };
  Cell& cell(uint32_t wa, uint64_t ts) {
    auto it = cells_.find(wa);
    if (it == cells_.end())
      it = cells_.emplace(wa, Cell{static_cast<uint32_t>(rng_()), ts - 1 - rng_() % std::min<uint64_t>(ts, 1 << 20)})
               .first;
    return it->second;
  }
  std::mt19937_64& rng_;
  std::map<uint32_t, Cell> cells_;
};

// One call at clk with random words (every u64 below 2^64, so non-canonical ones too), out by
// vm::fp3_horner; `words` overrides the first x / coefficient words when given.
inline Fp3HornerEvent random_call(std::mt19937_64& rng, uint64_t clk, const CallOptions& o = {}) {
  Memory mem(rng);
  Fp3HornerEvent e;
  e.clk = clk;
  const uint64_t t = 4 * clk;
  const uint32_t base = 0x10000 + 0x400 * static_cast<uint32_t>(rng() % 0x3FF00);
  const uint32_t c_at = base + 0x100;
  e.regs = {o.x_over_coeffs ? c_at : base, c_at, o.n, 0, o.kind};
  e.regs[3] = o.out_over_x ? e.regs[0] : o.out_over_coeffs ? c_at : c_at + 8 * o.kind * o.n + 0x40;
  for (uint32_t r = 0; r < 4; ++r) e.reg_ts_prev[r] = t + 1 - rng() % std::min<uint64_t>(t, 1 << 20);
  for (uint32_t i = 0; i < 6; ++i) {
    e.x[i] = mem.read(e.regs[0] / 4 + i, t + 1, &e.x_ts_prev[i]);
    e.x_ro[i] = o.x_ro || (o.x_over_coeffs && o.coeffs_ro);
  }
  const size_t words = size_t{2} * o.kind * o.n;
  e.coeffs.resize(words);
  e.coeffs_ro.resize(words);
  e.coeffs_ts_prev.resize(words);
  for (size_t i = 0; i < words; ++i) {
    uint64_t prev = 0;
    e.coeffs[i] = mem.read(c_at / 4 + static_cast<uint32_t>(i), t + 2, &prev);
    e.coeffs_ts_prev[i] = prev;
    e.coeffs_ro[i] = o.coeffs_ro || (o.x_over_coeffs && o.x_ro && i < 6);
  }
  uint64_t xs[3], out[3];
  std::vector<uint64_t> cs(words / 2);
  for (uint32_t j = 0; j < 3; ++j) xs[j] = uint64_t{e.x[2 * j]} | uint64_t{e.x[2 * j + 1]} << 32;
  for (size_t j = 0; j < cs.size(); ++j) cs[j] = uint64_t{e.coeffs[2 * j]} | uint64_t{e.coeffs[2 * j + 1]} << 32;
  vm::fp3_horner(xs, cs.data(), o.n, o.kind, out);
  for (uint32_t i = 0; i < 6; ++i) {
    e.out[i] = static_cast<uint32_t>(out[i / 2] >> (32 * (i % 2)));
    e.out_before[i] = mem.write(e.regs[3] / 4 + i, e.out[i], t + 3, &e.out_ts_prev[i]);
  }
  return e;
}

// Recomputes an event's out from its words (after a test changed them).
inline void compute_out(Fp3HornerEvent& e) {
  uint64_t xs[3], out[3];
  std::vector<uint64_t> cs(e.coeffs.size() / 2);
  for (uint32_t j = 0; j < 3; ++j) xs[j] = uint64_t{e.x[2 * j]} | uint64_t{e.x[2 * j + 1]} << 32;
  for (size_t j = 0; j < cs.size(); ++j) cs[j] = uint64_t{e.coeffs[2 * j]} | uint64_t{e.coeffs[2 * j + 1]} << 32;
  vm::fp3_horner(xs, cs.data(), e.regs[2], e.regs[4], out);
  for (uint32_t i = 0; i < 6; ++i) e.out[i] = static_cast<uint32_t>(out[i / 2] >> (32 * (i % 2)));
}

// One proving key for {counterparty, table, range}; the shared harness (table_test_harness.h).
using Witness = testing::TableWitness;
using Harness = testing::TableHarness<CounterpartyTable, Fp3HornerTable, Fp3HornerEvent>;
using testing::recount_range;

inline Harness& harness() {
  static Harness h;
  return h;
}

inline void expect_caught(const Witness& w, const std::string& what) {
  testing::expect_table_attack_caught(harness(), w, what);
}

inline void set(RowMajorMatrix& t, size_t r, uint32_t c, uint64_t v) { t.at(r, c) = Fp::from_u64(v); }

// Re-runs the Horner chain of the call on rows [row0, row0 + n) from row `from` on (acc of rows
// after `from` from each row's own acc, c and x columns), writes the canonical result into the
// out columns of every row of the call, and returns it as 6 words.
inline std::array<uint32_t, 6> rerun_horner(RowMajorMatrix& t, size_t row0, size_t n, size_t from) {
  auto comp = [&](size_t r, uint32_t base, uint32_t j) {
    return t.at(r, base + 2 * j) + Fp::from_u64(uint64_t{1} << 32) * t.at(r, base + 2 * j + 1);
  };
  Fp3 acc;
  for (size_t r = from; r < row0 + n; ++r) {
    Fp3 a, c, x;
    for (uint32_t j = 0; j < 3; ++j) {
      a[j] = t.at(r, kAcc + j);
      c[j] = comp(r, kC, j);
      x[j] = comp(r, kX, j);
    }
    acc = (a + c) * x;
    for (uint32_t j = 0; j < 3; ++j) t.at(r, kAccNext + j) = acc[j];
    if (r + 1 < row0 + n)
      for (uint32_t j = 0; j < 3; ++j) t.at(r + 1, kAcc + j) = acc[j];
  }
  std::array<uint32_t, 6> out{};
  for (uint32_t j = 0; j < 3; ++j) {
    out[2 * j] = static_cast<uint32_t>(acc[j].value());
    out[2 * j + 1] = static_cast<uint32_t>(acc[j].value() >> 32);
  }
  for (size_t r = row0; r < row0 + n; ++r)
    for (uint32_t j = 0; j < 6; ++j) {
      set(t, r, kOut + j, out[j]);
      set(t, r, kOutHi + j, out[j] >> 16);
      if (j % 2) {
        const Fp d = Fp::from_u64(0xFFFFFFFFu - out[j]);
        t.at(r, kOutInv + j / 2) = d.inverse();
      }
    }
  return out;
}

}  // namespace goldfinch::circuit::fp3_testing
