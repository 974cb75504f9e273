// The malicious-prover harness of the whole RV32IM statement (docs/circuit.md, "Soundness
// suite"). From the honest witness of small real programs it corrupts one cell of every main
// column of every table on live rows and requires the debug checkers to report it (or the cell to
// be on the documented allow-list below), forces a sample of the broken witnesses through the
// prover and requires the proofs not to verify, and runs targeted attacks named after what they
// forge. Generic over Rv32imCircuit::tables(): a new table is swept without edits here.
// The guests are in statement_guests.h.
#include <fmt/core.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <string>

#include "goldfinch/circuit/statement_guests.h"
#include "goldfinch/circuit/statement_harness.h"
#include "goldfinch/circuit/sweep.h"

namespace goldfinch::circuit {
namespace {

using testing::Statement;
using testing::kGuests;
using testing::kNumGuests;
using Witness = std::vector<stark::TableWitness>;
namespace ram = circuit::ram;

// Each guest is executed and set up once per test binary.
const Statement& statement_of(size_t guest) {
  static std::map<size_t, std::unique_ptr<Statement>> cache;
  auto& s = cache[guest];
  const auto& g = kGuests[guest];
  if (!s) s = std::make_unique<Statement>(g.image(), g.input ? *g.input : std::vector<uint8_t>{});
  return *s;
}

// The lookup tables' tuples of a statement, built once per statement.
const testing::LookupIndex& lookups_of(const Statement& s) {
  static std::map<const Statement*, std::unique_ptr<testing::LookupIndex>> cache;
  auto& l = cache[&s];
  if (!l) l = std::make_unique<testing::LookupIndex>(s);
  return *l;
}

// The allow-list, the cell checks and the sweep itself are in sweep.h (shared with the shard sweep).
using sweep::allow_list;
using sweep::allowed;
using sweep::Allowed;
using sweep::caught_after;
using sweep::Cell;
using sweep::is1;
using sweep::RowView;
using sweep::sample_live_rows;

// Issue 10: the input region's rules (the length bound, L carried to every row, the byte masks,
// the zero bytes past L) must never hide behind an allow-list entry: the only free RAM boundary
// cells are the gap limbs of the last real row.
TEST(SingleCell, AllowListNeverCoversTheInputRegionRules) {
  for (const Allowed& a : allow_list()) {
    if (std::string(a.table) == "ram_boundary") {
      EXPECT_TRUE(a.column == ram::kGapLo || a.column == ram::kGapHi) << a.column;
    }
  }
}

// The sweep covers the input region's rules: the io guest's RAM boundary has the magic and version
// rows, the length and reserved rows, and payload rows keeping all, some and none of their bytes.
TEST(SingleCell, SweptGuestsCoverTheInputRegionRows) {
  size_t io = kNumGuests;
  for (size_t g = 0; g < kNumGuests; ++g)
    if (std::string(kGuests[g].name) == "io") io = g;
  ASSERT_LT(io, kNumGuests);
  const Statement& s = statement_of(io);
  const RowMajorMatrix& t = s.honest()[s.table("ram_boundary")].main;
  size_t header = 0, len = 0, kept[5] = {};
  for (size_t r = 0; r < t.height(); ++r) {
    header += t.at(r, ram::kIsHeader) == Fp::one();
    len += t.at(r, ram::kIsLen) == Fp::one();
    if (t.at(r, ram::kIsInput) == Fp::one())
      ++kept[(t.at(r, ram::kM0) + t.at(r, ram::kM1) + t.at(r, ram::kM2) + t.at(r, ram::kM3)).value()];
  }
  EXPECT_EQ(header, 2u);
  EXPECT_EQ(len, 2u);
  EXPECT_GT(kept[4], 0u);
  EXPECT_GT(kept[1], 0u);  // 17 bytes: the fifth word keeps one
  EXPECT_GT(kept[0], 0u);
}

// ---------------------------------------------------------------------------------------------
// The single-cell sweep.

// Live rows swept per table and guest (every real CPU row of these guests); GOLDFINCH_SWEEP_ROWS
// raises it for long sweeps.
const size_t kSweepRows = testing::env_count("GOLDFINCH_SWEEP_ROWS", 64);

// Every main column of table `ti` of `s` on up to `max_rows` live rows, changed by +1 and by -1.
std::vector<Cell> sweep_table(const Statement& s, const testing::LookupIndex& lookups, size_t ti, size_t max_rows) {
  Witness w = s.honest();
  const auto tr = s.traces(w);
  return sweep::sweep_table(w[ti].main, tr, lookups, ti, max_rows);
}

std::string describe_cell(const Statement& s, const Cell& c) {
  return sweep::describe_cell(s.tables()[c.table]->name(), s.honest()[c.table].main, c);
}

// Sweeps every table of `s`; an escape that is not allow-listed is a test failure. Returns the
// number of caught cells.
size_t sweep_statement(const Statement& s, const std::string& label, std::vector<size_t>* uses = nullptr) {
  Witness w = s.honest();
  const auto tr = s.traces(w);
  const sweep::Tally t = sweep::sweep_witness(w, tr, lookups_of(s), kSweepRows, uses);
  for (const Cell& c : t.escapes)
    ADD_FAILURE() << label
                  << ": undetected corruption (soundness bug or missing allow-list entry): " << describe_cell(s, c);
  std::printf("[ sweep ] %s: %zu tables swept, %zu cells caught, %zu allow-listed\n", label.c_str(), t.tables_swept,
              t.caught, t.allowed);
  return t.caught;
}

size_t limb_shift(const Statement& s, const std::string& label, size_t rows);

// The compiled guests (guest/: the per-instruction test guests and SDK examples, built by the
// guest toolchain) swept and limb-shifted too; skipped when they were not built. GOLDFINCH_SWEEP_ELF=<path>
// sweeps one more ELF (run on an empty input).
TEST(SingleCellGuests, CompiledGuestsAreCaughtOrAllowListed) {
#ifdef GF_GUEST_BIN_DIR
  struct Elf {
    std::string path;
    std::vector<uint8_t> input;
  };
  const std::string dir = GF_GUEST_BIN_DIR;
  std::vector<Elf> elfs = {{dir + "/isa_rv32i_alu.elf", {}},          {dir + "/isa_rv32i_shift.elf", {}},
                           {dir + "/isa_rv32i_branch_jump.elf", {}},  {dir + "/isa_rv32i_mem.elf", {}},
                           {dir + "/isa_rv32m.elf", {}},              {dir + "/fibonacci.elf", {12, 0, 0, 0}},
                           {dir + "/sha256.elf", {'a', 'b', 'c'}},    {dir + "/keccak.elf", {'a', 'b', 'c'}},
                           {dir + "/bigint.elf", {5, 0, 0, 0}},       {dir + "/sort.elf", {7, 0, 0, 0, 20, 0, 0, 0}}};
  if (const char* extra = std::getenv("GOLDFINCH_SWEEP_ELF"); extra && *extra) elfs.push_back({extra, {}});
  size_t swept = 0;
  for (const Elf& e : elfs) {
    std::ifstream f(e.path, std::ios::binary);
    if (!f) continue;
    const std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(f), {}};
    auto loaded = vm::load_elf(bytes);
    ASSERT_TRUE(std::holds_alternative<vm::ElfImage>(loaded)) << e.path;
    const Statement s(std::get<vm::ElfImage>(loaded), e.input, 1 << 22);
    const std::string label = e.path.substr(e.path.rfind('/') + 1);
    EXPECT_GT(sweep_statement(s, label), 100u);
    EXPECT_GT(limb_shift(s, label, testing::env_count("GOLDFINCH_LIMB_ROWS", 4)), 1000u);
    ++swept;
  }
  if (swept == 0) GTEST_SKIP() << "no guest ELF in " << dir << " (guest toolchain missing)";
#else
  GTEST_SKIP() << "built without the guests";
#endif
}

// Every main column of every table of every guest on live rows: caught by a debug checker, or
// allow-listed; and every allow-list entry is needed by some guest (a stale entry would hide a
// future bug).
TEST(SingleCell, EveryColumnOfEveryTableIsCaughtOrAllowListed) {
  std::vector<size_t> uses(allow_list().size(), 0);
  for (size_t g = 0; g < kNumGuests; ++g) EXPECT_GT(sweep_statement(statement_of(g), kGuests[g].name, &uses), 100u);
  for (size_t i = 0; i < uses.size(); ++i)
    EXPECT_GT(uses[i], 0u) << "allow-list entry for table '" << allow_list()[i].table << "' column " << allow_list()[i].column
                           << " (" << allow_list()[i].row_kind << ") is never needed";
}

// The same sweep and the limb shifts below over seeded random programs (testing::ProgramGenerator):
// 2 by default; GOLDFINCH_SWEEP_PROGRAMS=<k> sweeps k, GOLDFINCH_SEED=<n> starts there.
TEST(SingleCellRandom, RandomProgramsAreCaughtOrAllowListed) {
  const uint64_t base = testing::seed_from_env(0x5EED5000);
  const size_t count = testing::env_count("GOLDFINCH_SWEEP_PROGRAMS", 2);
  for (size_t i = 0; i < count; ++i) {
    testing::ProgramGenerator gen(base + i);
    const vm::ElfImage image = gen.generate(testing::env_count("GOLDFINCH_RANDOM_LENGTH", 160));
    const Statement s(image, gen.input());
    const std::string label = fmt::format("GOLDFINCH_SEED=0x{:x}", base + i);
    EXPECT_GT(sweep_statement(s, label), 100u);
    EXPECT_GT(limb_shift(s, label, testing::env_count("GOLDFINCH_LIMB_ROWS", 4)), 1000u);
  }
}

// On a row that is not live (padding, an unused lookup row), every column that feeds a bus
// multiplicity must be caught when set: a padding row cannot be turned into a live one.
void expect_padding_rows_stay_dead(const Statement& s) {
  const testing::LookupIndex& lookups = lookups_of(s);
  Witness w = s.honest();
  const auto tr = s.traces(w);
  for (size_t ti = 0; ti < tr.size(); ++ti) {
    size_t dead = tr[ti].main.height;
    for (size_t r = 0; r < tr[ti].main.height && dead == tr[ti].main.height; ++r)
      if (!testing::row_is_live(tr[ti], r)) dead = r;
    if (dead == tr[ti].main.height || tr[ti].main.width == 0) continue;
    std::vector<uint32_t> mult_cols;
    for (const auto& it : tr[ti].air->interactions())
      for (const auto& [col, k] : it.multiplicity.terms)
        if (col.kind == air::Column::kMain) mult_cols.push_back(col.index);
    std::sort(mult_cols.begin(), mult_cols.end());
    mult_cols.erase(std::unique(mult_cols.begin(), mult_cols.end()), mult_cols.end());
    const auto honest_row = testing::row_contribution(tr[ti], dead);
    for (uint32_t col : mult_cols) {
      w[ti].main.at(dead, col) += Fp::one();
      std::string how;
      EXPECT_TRUE(caught_after(tr, ti, dead, honest_row, lookups, &how))
          << "table '" << tr[ti].air->name() << "' padding row " << dead << " column " << col << " set to 1 is not caught";
      w[ti].main.at(dead, col) -= Fp::one();
    }
  }
}

TEST(SingleCell, PaddingRowsCannotBeMadeLive) {
  for (size_t g = 0; g < kNumGuests; ++g) {
    SCOPED_TRACE(kGuests[g].name);
    expect_padding_rows_stay_dead(statement_of(g));
  }
}

// Every public value of every table (exit code, cycles, the public output bytes, and whatever
// later tables publish): changed by one, caught by the checkers.
TEST(SingleCell, EveryPublicValueIsBound) {
  for (size_t g = 0; g < kNumGuests; ++g) {
    const Statement& s = statement_of(g);
    const Witness& honest = s.honest();
    size_t n = 0;
    for (size_t ti = 0; ti < honest.size(); ++ti)
      for (size_t i = 0; i < honest[ti].public_values.size(); ++i, ++n) {
        Witness w = honest;
        w[ti].public_values[i] += Fp::one();
        EXPECT_FALSE(s.check(w, 1).empty()) << kGuests[g].name << ": table '" << s.tables()[ti]->name() << "' public value " << i;
      }
    EXPECT_GE(n, 2u) << kGuests[g].name;
  }
}

// A deterministic sample forced through the prover: per table with main columns, from one guest
// (the guests rotate over the tables), the middle cell caught by a constraint (even tables) or
// by the buses only (odd tables; either kind when the other has none). Every such proof must
// fail to verify.
TEST(SingleCellProofs, ForcedProofsOfBrokenWitnessesDoNotVerify) {
  const size_t num_tables = statement_of(0).tables().size();
  size_t tables_proven = 0;
  for (size_t ti = 0; ti < num_tables; ++ti) {
    for (size_t k = 0; k < kNumGuests; ++k) {
      const size_t g = (ti + k) % kNumGuests;
      const Statement& s = statement_of(g);
      std::vector<Cell> by_constraint, by_bus;
      for (Cell& c : sweep_table(s, lookups_of(s), ti, 8))
        if (c.caught) (c.how.find("constraint #") != std::string::npos ? by_constraint : by_bus).push_back(c);
      if (by_constraint.empty() && by_bus.empty()) continue;
      const bool constraint = (ti % 2 == 0 && !by_constraint.empty()) || by_bus.empty();
      const std::vector<Cell>& cells = constraint ? by_constraint : by_bus;
      const Cell& c = cells[cells.size() / 2];
      Witness w = s.honest();
      w[ti].main.at(c.row, c.col) += c.delta;
      const auto findings = s.check(w, 4);
      EXPECT_FALSE(findings.empty()) << describe_cell(s, c);
      bool made = false;
      const Error e = s.prove_and_verify(std::move(w), true, &made);
      EXPECT_TRUE(made) << describe_cell(s, c) << ": " << e.what;
      EXPECT_FALSE(e.ok()) << "forced proof verified: " << describe_cell(s, c);
      std::printf("[ forced ] guest %-8s %.48s -> %.100s; verifier: %s\n", kGuests[g].name, describe_cell(s, c).c_str(),
                  c.how.c_str(), e.what);
      ++tables_proven;
      break;
    }
  }
  EXPECT_GE(tables_proven, num_tables - 1);  // every table with main columns (the image table has none)
}

// Limb pairs that may be re-split freely on rows of a given kind (value unchanged): the limb
// shift below skips them.
struct AllowedPair {
  const char* table;
  uint32_t lo, hi;
  const char* row_kind;
  std::function<bool(RowView)> applies;
  const char* reason;
};
const std::vector<AllowedPair>& allowed_pairs() {
  using namespace cpu;
  static const std::vector<AllowedPair> list = {
      {"cpu", kMemW0, kMemW1, "no memory slot (not load, store, cycle count)",
       [](RowView r) { return !is1(r, kFLoad) && !is1(r, kFStore) && !is1(r, kIsCycle); },
       "the word address w = w0 + 2^16 w1 is only used (address, memory tuples, range checks of w0 and 4 w1) on "
       "memory-slot rows"},
  };
  return list;
}

bool pair_allowed(const std::string& table, uint32_t a, uint32_t b, RowView row) {
  for (const AllowedPair& p : allowed_pairs())
    if (table == p.table && ((a == p.lo && b == p.hi) || (a == p.hi && b == p.lo)) && p.applies(row)) return true;
  return false;
}

// Two cells of one row shifted so that lo + 2^16 hi is unchanged (lo + 2^16, hi - 1, and back):
// a limb pair whose decomposition is not unique (a limb not range-checked) would escape.
// Every ordered pair of columns on a few live rows of every table (pairs with an allow-listed
// cell reduce to the single-cell sweep and are skipped).
size_t limb_shift(const Statement& s, const std::string& label, size_t rows) {
  const Fp two16 = Fp::from_u64(1 << 16);
  const testing::LookupIndex& lookups = lookups_of(s);
  Witness w = s.honest();
  const auto tr = s.traces(w);
  size_t checked = 0;
  for (size_t ti = 0; ti < tr.size(); ++ti) {
    if (lookups.is_lookup(ti)) continue;
    // Every pair of the precompile tables' thousands of columns is out of reach (~15 M pairs per
    // row); their limbs are bit recompositions, attacked in their own tests (keccak_table_test,
    // blake3_table_test: limb out of range with compensation).
    if (tr[ti].main.width > 1024) continue;
    const std::string& name = tr[ti].air->name();
    for (size_t row : sample_live_rows(tr[ti], rows)) {
      const auto honest_row = testing::row_contribution(tr[ti], row);
      for (uint32_t lo = 0; lo < tr[ti].main.width; ++lo)
        for (uint32_t hi = 0; hi < tr[ti].main.width; ++hi) {
          // A pair with a cell that is free on this row reduces to a single-cell change.
          if (lo == hi || allowed(name, lo, s.honest()[ti].main, row) || allowed(name, hi, s.honest()[ti].main, row) ||
              pair_allowed(name, lo, hi, s.honest()[ti].main.row(row)))
            continue;
          for (Fp sign : {Fp::one(), -Fp::one()}) {
            w[ti].main.at(row, lo) += sign * two16;
            w[ti].main.at(row, hi) -= sign;
            std::string how;
            const bool caught = caught_after(tr, ti, row, honest_row, lookups, &how);
            w[ti].main.at(row, lo) -= sign * two16;
            w[ti].main.at(row, hi) += sign;
            ++checked;
            if (!caught)
              ADD_FAILURE() << label << ": table '" << name << "' row " << row << ": column " << lo
                            << (sign == Fp::one() ? " + 2^16" : " - 2^16") << " with column " << hi << " -/+ 1 escapes";
          }
        }
    }
  }
  std::printf("[ limbs ] %s: %zu pair shifts checked\n", label.c_str(), checked);
  return checked;
}

TEST(LimbShift, EveryColumnPairOfEveryTableIsCaught) {
  for (size_t g = 0; g < kNumGuests; ++g)
    EXPECT_GT(limb_shift(statement_of(g), kGuests[g].name, testing::env_count("GOLDFINCH_LIMB_ROWS", 4)), 1000u);
}

}  // namespace
}  // namespace goldfinch::circuit
