// The single-cell sweep of a statement's witness (docs/circuit.md, "Soundness suite"), shared by
// the whole-run sweep (statement_attack_test.cc) and the shard sweep (shard/shard_sweep_test.cc):
// every main cell of a sample of live rows changed by +1 and -1 must fail a constraint at rows
// row - 1 or row, or change the row's bus contribution on a tuple no lookup table could absorb,
// unless the allow-list below says the cell is free on that kind of row.
#pragma once

#include <fmt/core.h>

#include <algorithm>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "goldfinch/circuit/statement_harness.h"

namespace goldfinch::circuit::sweep {

// The allow-list: cells whose corruption is harmless by design on rows of a given kind. Each
// entry names the table, the column, the row kind (a predicate on the row's values) and why the
// cell is free there. Anything not listed that escapes the checkers is a soundness bug. A shard's
// tables keep the whole-run columns at the same indices, so the entries apply to them too.

using RowView = std::span<const Fp>;
struct Allowed {
  const char* table;
  uint32_t column;
  const char* row_kind;
  std::function<bool(RowView, RowView)> applies;  // (the row, the next row or empty)
  const char* reason;
};

inline bool is1(RowView r, uint32_t c) { return r[c] == Fp::one(); }

inline const std::vector<Allowed>& allow_list() {
  using namespace cpu;
  auto no_wr = [](RowView r, RowView) { return !is1(r, kWr); };
  auto no_slot2 = [](RowView r, RowView) { return !is1(r, kFLoad) && !is1(r, kFStore) && !is1(r, kIsCycle); };
  auto no_mem = [](RowView r, RowView) { return !is1(r, kFLoad) && !is1(r, kFStore); };
  auto last_ram_row = [](RowView, RowView next) {
    return next.empty() ||
           (next[ram::kIsImage] + next[ram::kIsInput] + next[ram::kIsRam] + next[ram::kIsHeader] + next[ram::kIsLen])
               .is_zero();
  };
  // commit and verify_claim rows (neither reads a2).
  auto is_commit = [](RowView r, RowView) { return is1(r, io_call::kIsCommit) || is1(r, io_call::kIsClaim); };
  auto is_write = [](RowView r, RowView) { return is1(r, io_call::kIsWrite); };
  auto not_read = [](RowView r, RowView) { return !is1(r, io_call::kIsRead); };
  // Whether byte j of an I/O word row is outside the call: m_j = sum_{i <= j} s_i - sum_{i < j} e_i.
  auto outside_mask = [](uint32_t j) {
    return [j](RowView r, RowView) {
      Fp m = Fp::zero();
      for (uint32_t i = 0; i <= j; ++i) m += r[io_words::kS0 + i];
      for (uint32_t i = 0; i < j; ++i) m -= r[io_words::kE0 + i];
      return m.is_zero();
    };
  };
  static const std::vector<Allowed> list = {
      {"cpu", kRdVal, "no register write (wr = 0)", no_wr,
       "rd's value is only sent on the memory bus with multiplicity wr"},
      {"cpu", kRdPrev, "wr = 0", no_wr, "rd's previous value is only received with multiplicity wr"},
      {"cpu", kRdTsPrev, "wr = 0", no_wr, "rd's previous timestamp is only received with multiplicity wr"},
      {"cpu", kRdLo, "wr = 0", no_wr, "the rd timestamp limbs are range-checked and constrained only when wr"},
      {"cpu", kRdHi, "wr = 0", no_wr, "as rd_lo"},
      {"cpu", kTarget, "no target (not AUIPC, JAL, JALR, branch, load, store)",
       [](RowView r, RowView) {
         return !is1(r, kFAuipc) && !is1(r, kFJal) && !is1(r, kFJalr) && !is1(r, kFBranch) && !is1(r, kFLoad) &&
                !is1(r, kFStore);
       },
       "the target is only requested (pc/rs1 + imm) on those rows and next_pc ignores it elsewhere"},
      {"cpu", kAluRes, "BEQ/BNE (a branch comparing by equality: no ALU request)",
       [](RowView r, RowView) { return is1(r, kFBranch) && is1(r, kBrEq); },
       "the condition is is_eq there (cond = alu_res + br_eq (is_eq - alu_res)) and alu_req = 0, so alu_res feeds "
       "nothing"},
      {"cpu", kEqInv, "rs1 = rs2 (is_eq = 1)", [](RowView r, RowView) { return is1(r, kIsEq); },
       "the inverse witness is only used when the operands differ"},
      {"cpu", kMemOld, "no memory slot (not load, store, cycle count)", no_slot2,
       "memory-slot tuples have multiplicity 0"},
      {"cpu", kMemNew, "no memory slot", no_slot2, "memory-slot tuples have multiplicity 0"},
      {"cpu", kMemTsPrev, "no memory slot", no_slot2, "memory-slot tuples have multiplicity 0"},
      {"cpu", kMemLo, "no memory slot", no_slot2, "memory-slot range checks have multiplicity 0"},
      {"cpu", kMemHi, "no memory slot", no_slot2, "memory-slot range checks have multiplicity 0"},
      {"cpu", kLsReg, "not a load or store", no_mem, "the load/store request has multiplicity 0"},
      {"cpu", kMemOff0, "not a load or store", no_mem,
       "the offset only enters the address (gated) and the load/store request"},
      {"cpu", kMemOff1, "not a load or store", no_mem, "as mem_off0"},
      {"divrem", DivRemChip::kQNeg, "division by zero (b_zero = 1)",
       [](RowView r, RowView) { return is1(r, DivRemChip::kBZero); },
       "Q's sign enters the identity only multiplied by b or b's sign, both 0 here; q itself is pinned to 2^32 - 1 and "
       "q_neg is on no bus"},
      // The RAM boundary: row i holds the gap to row i + 1's address, checked only when row i + 1 is real.
      {"ram_boundary", ram::kGapLo, "the last real row (the next row is padding)", last_ram_row,
       "the gap constraint is gated by the next row being real; the limb is range-checked, so +1 on a 0 is absorbed by "
       "the range table"},
      {"ram_boundary", ram::kGapHi, "the last real row", last_ram_row, "as gap_lo"},
      // The I/O call table (read and commit): a commit has no a2 and reads no payload length.
      {"io_call", io_call::kA2, "commit, verify_claim", is_commit,
       "a2 is read (and used as len) only on reads and writes"},
      {"io_call", io_call::kA2Ts, "commit, verify_claim", is_commit,
       "a2's access and its limbs have multiplicity is_read + is_write"},
      {"io_call", io_call::kA2Lo, "commit, verify_claim", is_commit, "as a2_ts"},
      {"io_call", io_call::kA2Hi, "commit, verify_claim", is_commit, "as a2_ts"},
      {"io_call", io_call::kPayloadLen, "not a read (commit, write)", not_read,
       "the payload length is read (multiplicity is_read) and used (times is_fd0) only on reads"},
      {"io_call", io_call::kLenTs, "not a read", not_read,
       "the payload-length word's access and limbs have multiplicity is_read"},
      {"io_call", io_call::kLenLo, "not a read", not_read, "as len_ts"},
      {"io_call", io_call::kLenHi, "not a read", not_read, "as len_ts"},
      {"io_call", io_call::kCurTs, "write", is_write,
       "a write has no state cell: its access and limbs have multiplicity read + commit"},
      {"io_call", io_call::kCurLo, "write", is_write, "as cur_ts"},
      {"io_call", io_call::kCurHi, "write", is_write, "as cur_ts"},
      {"io_call", io_call::kPqInv, "not a write to a non-console fd",
       [](RowView r, RowView) { return !is1(r, io_call::kIsWrite) || is1(r, io_call::kConsole); },
       "the inverse of (fd - 1)(fd - 2) is only used, times is_write - console, to prove fd is neither 1 nor 2"},
      {"io_call", io_call::kFdInv, "not a read of an fd other than 0",
       [](RowView r, RowView) { return !is1(r, io_call::kIsRead) || is1(r, io_call::kIsFd0); },
       "the inverse witness of fd is only used (times is_read - is_fd0) to prove fd != 0"},
      {"io_call", io_call::kDiffLo, "not a read of fd 0 (is_fd0 = 0)",
       [](RowView r, RowView) { return !is1(r, io_call::kIsFd0); },
       "diff (min(len, left)) is constrained and range-checked only times is_fd0"},
      {"io_call", io_call::kDiffHi, "is_fd0 = 0", [](RowView r, RowView) { return !is1(r, io_call::kIsFd0); },
       "as diff_lo"},
      // The read words: the input bytes outside the call's bytes in the word.
      {"io_read_words", io_words::kD0, "byte 0 not written by the call", outside_mask(0),
       "d_j only enters times the mask m_j (new byte, input bus)"},
      {"io_read_words", io_words::kD1, "byte 1 not written by the call", outside_mask(1), "as d0"},
      {"io_read_words", io_words::kD2, "byte 2 not written by the call", outside_mask(2), "as d0"},
      {"io_read_words", io_words::kD3, "byte 3 not written by the call", outside_mask(3), "as d0"},
  };
  return list;
}

// The entry of `list` that allows changing (table, col) on row `row` of the honest trace `m`, or null.
inline const Allowed* allowed(const std::string& table, uint32_t col, const RowMajorMatrix& m, size_t row,
                              const std::vector<Allowed>& list = allow_list()) {
  const RowView next = row + 1 < m.height() ? m.row(row + 1) : RowView();
  for (const Allowed& a : list)
    if (table == a.table && col == a.column && a.applies(m.row(row), next)) return &a;
  return nullptr;
}

// Up to `n` live rows, evenly spread, first and last included.
inline std::vector<size_t> sample_live_rows(const air::TableTrace& t, size_t n) {
  std::vector<size_t> live;
  for (size_t r = 0; r < t.main.height; ++r)
    if (testing::row_is_live(t, r)) live.push_back(r);
  if (live.size() <= n) return live;
  std::vector<size_t> out;
  for (size_t i = 0; i < n; ++i) out.push_back(live[i * (live.size() - 1) / (n - 1)]);
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Whether the checkers see one changed cell of table `ti` (on `row`) even after the cheating
// prover re-sets the lookup tables' multiplicities: that table's constraints fail at rows row - 1
// or row (the only ones that read the row; the honest trace satisfies all, the other tables are
// unchanged), or the row's bus contribution changes (every other row is unchanged and the
// honest buses balance) on a tuple no lookup table could absorb. Cells of the lookup tables
// themselves are judged without absorption.
inline bool caught_after(const std::vector<air::TableTrace>& tr, size_t ti, size_t row,
                         const std::vector<air::BusImbalance>& honest_row, const testing::LookupIndex& lookups,
                         std::string* how) {
  const size_t h = tr[ti].main.height;
  const auto f = testing::check_constraints_at(tr[ti], {(row + h - 1) % h, row});
  if (!f.empty()) {
    *how = f[0].describe();
    return true;
  }
  // delta = (the row's contribution now) - (its honest contribution), per (bus, tuple).
  std::map<std::pair<uint32_t, std::vector<uint64_t>>, Fp> delta;
  auto add = [&](const std::vector<air::BusImbalance>& list, bool negate) {
    for (const auto& b : list) {
      std::vector<uint64_t> key;
      for (Fp v : b.tuple) key.push_back(v.value());
      delta[{b.bus, key}] += negate ? -b.net : b.net;
    }
  };
  add(testing::row_contribution(tr[ti], row), false);
  add(honest_row, true);
  const bool absorb = !lookups.is_lookup(ti);
  for (const auto& [key, net] : delta) {
    if (net.is_zero()) continue;
    std::vector<Fp> tuple;
    for (uint64_t v : key.second) tuple.push_back(Fp::from_canonical(v));
    if (absorb && lookups.holds(key.first, tuple)) continue;
    *how = fmt::format("table '{}', row {} changes its bus contribution: {}", tr[ti].air->name(), row,
                       air::BusImbalance{key.first, tuple, net}.describe());
    return true;
  }
  return false;
}

struct Cell {
  size_t table = 0;
  size_t row = 0;
  uint32_t col = 0;
  Fp delta;
  bool caught = false;
  std::string how;  // the first finding of the debug checkers
};

// Every main column of table `ti` on up to `max_rows` live rows, changed by +1 and by -1 (so
// booleans are flipped both ways and a 0 becomes p - 1). `tr` views the witness whose table `ti`
// has the main trace `main`; each cell is restored after its check.
inline std::vector<Cell> sweep_table(RowMajorMatrix& main, const std::vector<air::TableTrace>& tr,
                                     const testing::LookupIndex& lookups, size_t ti, size_t max_rows) {
  std::vector<Cell> out;
  if (tr[ti].main.width == 0) return out;
  // The precompile tables (thousands of columns) have every cell of every step swept by their own
  // tests (keccak_table_test, blake3_table_test); a statement's sweep takes their first and last
  // live rows (the call and the last memory slots), where they meet the other tables.
  if (tr[ti].main.width > 1024) max_rows = std::min<size_t>(max_rows, 2);
  for (size_t row : sample_live_rows(tr[ti], max_rows)) {
    const auto honest_row = testing::row_contribution(tr[ti], row);
    for (uint32_t col = 0; col < tr[ti].main.width; ++col) {
      Fp& cell = main.at(row, col);
      const Fp original = cell;
      for (Fp d : {Fp::one(), -Fp::one()}) {
        Cell c{ti, row, col, d, false, {}};
        cell = original + d;
        c.caught = caught_after(tr, ti, row, honest_row, lookups, &c.how);
        cell = original;
        out.push_back(std::move(c));
      }
    }
  }
  return out;
}

// The cell, its change and its honest row, for a failure message.
inline std::string describe_cell(const std::string& table, const RowMajorMatrix& honest, const Cell& c) {
  std::string row_values;
  const auto r = honest.row(c.row);
  for (size_t i = 0; i < r.size(); ++i) row_values += fmt::format("{}{}", i ? " " : "", r[i].value());
  return fmt::format("table '{}' column {} row {} ({}); honest row: [{}]", table, c.col, c.row,
                     c.delta == Fp::one() ? "+1" : "-1", row_values);
}

// What a sweep of every table of a witness found.
struct Tally {
  size_t tables_swept = 0, caught = 0, allowed = 0;
  std::vector<Cell> escapes;  // neither caught nor allow-listed
};

// Sweeps every table of the witness `w` (viewed by `tr`) against the allow-list `list`. `uses`,
// when given (one count per entry of `list`), counts the cells each entry allowed.
inline Tally sweep_witness(std::vector<stark::TableWitness>& w, const std::vector<air::TableTrace>& tr,
                           const testing::LookupIndex& lookups, size_t max_rows, std::vector<size_t>* uses = nullptr,
                           const std::vector<Allowed>& list = allow_list()) {
  Tally t;
  for (size_t ti = 0; ti < tr.size(); ++ti) {
    const auto cells = sweep_table(w[ti].main, tr, lookups, ti, max_rows);
    if (!cells.empty()) ++t.tables_swept;
    for (const Cell& c : cells) {
      if (c.caught) {
        ++t.caught;
      } else if (const Allowed* a = allowed(tr[ti].air->name(), c.col, w[ti].main, c.row, list)) {
        ++t.allowed;
        if (uses) ++(*uses)[static_cast<size_t>(a - list.data())];
      } else {
        t.escapes.push_back(c);
      }
    }
  }
  return t;
}

}  // namespace goldfinch::circuit::sweep
