// The malicious-prover harness of the whole RV32IM statement (docs/circuit.md, "Soundness
// suite"). From the honest witness of small real programs it corrupts one cell of every main
// column of every table on live rows and requires the debug checkers to report it (or the cell to
// be on the documented allow-list below), forces a sample of the broken witnesses through the
// prover and requires the proofs not to verify, and runs targeted attacks named after what they
// forge. Generic over Rv32imCircuit::tables(): a new table is swept without edits here.
#include <fmt/core.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <string>

#include "goldfinch/circuit/statement_harness.h"
#include "goldfinch/vm/rv_asm.h"

namespace goldfinch::circuit {
namespace {

namespace rv = vm::rv;
using testing::Statement;
using Witness = std::vector<stark::TableWitness>;
namespace ram = circuit::ram;

constexpr uint32_t kExit = 93;

// ---------------------------------------------------------------------------------------------
// The guest programs (hand-assembled; each ends with the exit call).

vm::ElfImage alu_program() {
  std::vector<uint32_t> c;
  rv::li(c, 5, 0xDEADBEEF);
  rv::li(c, 6, 0x80000000);
  rv::li(c, 7, 0x7FFFFFFF);
  c.push_back(rv::addi(8, 0, -1));
  for (uint32_t w : {rv::add(9, 5, 6), rv::sub(10, 6, 5), rv::add(11, 7, 8), rv::sub(12, 0, 6), rv::addi(13, 5, -2048),
                     rv::xor_(14, 5, 8), rv::or_(15, 5, 6), rv::and_(16, 5, 7), rv::xori(17, 5, 0x555), rv::ori(18, 6, -1),
                     rv::andi(19, 5, 0x0F0), rv::sll(20, 5, 8), rv::srl(21, 5, 8), rv::sra(22, 6, 8), rv::slli(23, 5, 0),
                     rv::srli(24, 6, 31), rv::srai(25, 6, 16), rv::sll(26, 7, 0), rv::slt(27, 6, 7), rv::sltu(28, 6, 7),
                     rv::slti(29, 8, 0), rv::sltiu(30, 8, -1), rv::lui(31, 0xFFFFF), rv::auipc(1, 0x80000)})
    c.push_back(w);
  // a0 = a checksum of the results (nonzero), then exit.
  for (uint32_t r = 9; r <= 31; ++r) c.push_back(rv::add(10, 10, r));
  c.push_back(rv::ori(10, 10, 1));
  c.push_back(rv::addi(17, 0, kExit));
  c.push_back(rv::ecall());
  return rv::image_from_code(c);
}

// Code at 0x10000, read-only data at 0x11000, writable data (with bss) at 0x12000, plain RAM at
// 0x100000: loads of every width and sign, stores of every width, and a load of the code itself.
vm::ElfImage memory_program() {
  std::vector<uint32_t> code = {
      rv::lui(5, 0x12), rv::lui(20, 0x11), rv::lui(14, 0x100), rv::lui(18, 0x10),
      rv::lw(6, 5, 0), rv::lb(7, 5, 0), rv::lb(8, 5, 1), rv::lbu(9, 5, 2), rv::lh(11, 5, 2), rv::lhu(12, 5, 0),
      rv::lhu(21, 20, 2), rv::lw(22, 20, 4), rv::lb(23, 20, 3), rv::lbu(24, 20, 3), rv::lh(25, 20, 6),
      rv::sw(6, 5, 4), rv::sb(9, 5, 5), rv::sh(8, 5, 6), rv::sb(8, 5, 11), rv::lw(13, 5, 4), rv::lw(26, 5, 8),
      rv::lw(15, 14, 0), rv::sw(13, 14, 8), rv::sh(7, 14, 10), rv::lw(16, 14, 8), rv::sb(11, 14, 3), rv::lbu(27, 14, 3),
      rv::lw(19, 18, 0),
      rv::add(10, 6, 7), rv::add(10, 10, 8), rv::add(10, 10, 9), rv::add(10, 10, 11), rv::add(10, 10, 12),
      rv::xor_(10, 10, 13), rv::add(10, 10, 15), rv::add(10, 10, 16), rv::add(10, 10, 19), rv::add(10, 10, 21),
      rv::add(10, 10, 22), rv::add(10, 10, 23), rv::add(10, 10, 24), rv::add(10, 10, 25), rv::add(10, 10, 26),
      rv::add(10, 10, 27), rv::ori(10, 10, 1),
      rv::addi(17, 0, kExit), rv::ecall(),
  };
  vm::ElfImage image = rv::image_from_code(code);
  vm::Segment ro;
  ro.vaddr = 0x11000;
  ro.data = {0x11, 0x22, 0xF3, 0x84, 0x55, 0x66, 0x77, 0x88};
  ro.memsz = 8;
  vm::Segment rw;
  rw.vaddr = 0x12000;
  rw.writable = true;
  rw.data = {0x01, 0x7F, 0xFF, 0x80};
  rw.memsz = 16;  // 12 bytes of bss
  image.segments.push_back(ro);
  image.segments.push_back(rw);
  return image;
}

// LUI/AUIPC, JAL to a subroutine and JALR back through a target with bit 0 set, every branch kind
// taken and not taken, an x0 write, then exit with a checksum.
vm::ElfImage control_program() {
  return rv::image_from_code({
      rv::lui(1, 0x12345), rv::auipc(2, 1), rv::addi(0, 0, 7),
      rv::addi(3, 0, -5), rv::addi(4, 0, 3),
      rv::slt(5, 3, 4), rv::sltu(6, 3, 4),
      rv::blt(3, 4, 8), rv::addi(9, 9, 100),   // taken
      rv::bge(3, 4, 8), rv::addi(9, 9, 1),     // not taken
      rv::bltu(3, 4, 8), rv::addi(9, 9, 2),    // not taken
      rv::bgeu(3, 4, 8), rv::addi(9, 9, 200),  // taken
      rv::beq(4, 4, 8), rv::addi(9, 9, 300),   // taken
      rv::bne(4, 4, 8), rv::addi(9, 9, 4),     // not taken
      rv::bne(3, 4, 8), rv::addi(9, 9, 400),   // taken
      rv::jal(1, 20),
      rv::add(10, 9, 5), rv::add(10, 10, 6),
      rv::addi(17, 0, kExit), rv::ecall(),
      rv::addi(9, 9, 8),                       // subroutine
      rv::addi(11, 1, 1), rv::jalr(0, 11, 0),
  });
}

// Multiply and divide corner cases: division by zero, INT_MIN / -1, signs of every kind.
vm::ElfImage muldiv_program() {
  std::vector<uint32_t> c;
  rv::li(c, 5, 0x80000000);
  c.push_back(rv::addi(6, 0, -1));
  c.push_back(rv::addi(7, 0, 7));
  rv::li(c, 8, 0xFFFFFFF9);  // -7
  for (uint32_t w : {rv::div(9, 5, 6), rv::rem(11, 5, 6), rv::div(12, 7, 0), rv::divu(13, 7, 0), rv::rem(14, 7, 0),
                     rv::remu(15, 8, 0), rv::div(16, 8, 7), rv::rem(18, 8, 7), rv::divu(19, 8, 7), rv::remu(20, 8, 7),
                     rv::mul(21, 8, 8), rv::mulh(22, 5, 5), rv::mulh(23, 8, 7), rv::mulhsu(24, 8, 6), rv::mulhu(25, 6, 6),
                     rv::mulhsu(26, 7, 8), rv::mul(27, 5, 6)})
    c.push_back(w);
  for (uint32_t r : {9u, 11u, 12u, 13u, 14u, 15u, 16u, 18u, 19u, 20u, 21u, 22u, 23u, 24u, 25u, 26u, 27u})
    c.insert(c.end(), {rv::xor_(10, 10, r), rv::slli(10, 10, 1), rv::add(10, 10, r)});
  c.push_back(rv::ori(10, 10, 1));
  c.push_back(rv::addi(17, 0, kExit));
  c.push_back(rv::ecall());
  return rv::image_from_code(c);
}

// The cycle-count and write system calls (console and a bad fd), exit with a nonzero code.
vm::ElfImage syscall_program() {
  return rv::image_from_code({
      rv::lui(17, 0x47460), rv::addi(17, 17, 2), rv::addi(11, 0, 77), rv::ecall(),  // a0 = cycles, a1 = 0
      rv::addi(20, 10, 0), rv::addi(21, 11, 0),
      rv::lui(11, 0x10), rv::addi(10, 0, 1), rv::addi(12, 0, 5), rv::addi(17, 0, 64), rv::ecall(),  // write(1, code, 5)
      rv::addi(22, 10, 0),
      rv::addi(10, 0, 2), rv::addi(12, 0, 3), rv::ecall(),                                           // write(2, code, 3)
      rv::addi(23, 10, 0),
      rv::addi(10, 0, 7), rv::ecall(),                                                               // write(7, ...) = -9
      rv::add(10, 10, 20), rv::add(10, 10, 21), rv::add(10, 10, 22), rv::add(10, 10, 23), rv::andi(10, 10, 0xFF),
      rv::addi(17, 0, kExit), rv::ecall(),
  });
}

struct Guest {
  const char* name;
  vm::ElfImage (*image)();
};
const Guest kGuests[] = {{"alu", alu_program},
                         {"memory", memory_program},
                         {"control", control_program},
                         {"muldiv", muldiv_program},
                         {"syscalls", syscall_program}};
constexpr size_t kNumGuests = std::size(kGuests);

// Each guest is executed and set up once per test binary.
const Statement& statement_of(size_t guest) {
  static std::map<size_t, std::unique_ptr<Statement>> cache;
  auto& s = cache[guest];
  if (!s) s = std::make_unique<Statement>(kGuests[guest].image());
  return *s;
}

// ---------------------------------------------------------------------------------------------
// The allow-list: cells whose corruption is harmless by design on rows of a given kind. Each
// entry names the table, the column, the row kind (a predicate on the row's values) and why the
// cell is free there. Anything not listed that escapes the checkers is a soundness bug.

using RowView = std::span<const Fp>;
struct Allowed {
  const char* table;
  uint32_t column;
  const char* row_kind;
  std::function<bool(RowView)> applies;
  const char* reason;
};

bool is1(RowView r, uint32_t c) { return r[c] == Fp::one(); }

const std::vector<Allowed>& allow_list() {
  using namespace cpu;
  auto no_wr = [](RowView r) { return !is1(r, kWr); };
  auto no_slot2 = [](RowView r) { return !is1(r, kFLoad) && !is1(r, kFStore) && !is1(r, kIsCycle) && !is1(r, kIsWrite); };
  auto no_mem = [](RowView r) { return !is1(r, kFLoad) && !is1(r, kFStore); };
  static const std::vector<Allowed> list = {
      {"cpu", kRdVal, "no register write (wr = 0)", no_wr, "rd's value is only sent on the memory bus with multiplicity wr"},
      {"cpu", kRdPrev, "wr = 0", no_wr, "rd's previous value is only received with multiplicity wr"},
      {"cpu", kRdTsPrev, "wr = 0", no_wr, "rd's previous timestamp is only received with multiplicity wr"},
      {"cpu", kRdLo, "wr = 0", no_wr, "the rd timestamp limbs are range-checked and constrained only when wr"},
      {"cpu", kRdHi, "wr = 0", no_wr, "as rd_lo"},
      {"cpu", kTarget, "no target (not AUIPC, JAL, JALR, branch, load, store)",
       [](RowView r) {
         return !is1(r, kFAuipc) && !is1(r, kFJal) && !is1(r, kFJalr) && !is1(r, kFBranch) && !is1(r, kFLoad) &&
                !is1(r, kFStore);
       },
       "the target is only requested (pc/rs1 + imm) on those rows and next_pc ignores it elsewhere"},
      {"cpu", kAluRes, "BEQ/BNE (a branch comparing by equality: no ALU request)",
       [](RowView r) { return is1(r, kFBranch) && is1(r, kBrEq); },
       "the condition is is_eq there (cond = alu_res + br_eq (is_eq - alu_res)) and alu_req = 0, so alu_res feeds nothing"},
      {"cpu", kEqInv, "rs1 = rs2 (is_eq = 1)", [](RowView r) { return is1(r, kIsEq); },
       "the inverse witness is only used when the operands differ"},
      {"cpu", kMemOld, "no memory slot (not load, store, cycle count, write)", no_slot2, "memory-slot tuples have multiplicity 0"},
      {"cpu", kMemNew, "no memory slot", no_slot2, "memory-slot tuples have multiplicity 0"},
      {"cpu", kMemTsPrev, "no memory slot", no_slot2, "memory-slot tuples have multiplicity 0"},
      {"cpu", kMemLo, "no memory slot", no_slot2, "memory-slot range checks have multiplicity 0"},
      {"cpu", kMemHi, "no memory slot", no_slot2, "memory-slot range checks have multiplicity 0"},
      {"cpu", kLsReg, "not a load or store", no_mem, "the load/store request has multiplicity 0"},
      {"cpu", kMemOff0, "not a load or store", no_mem, "the offset only enters the address (gated) and the load/store request"},
      {"cpu", kMemOff1, "not a load or store", no_mem, "as mem_off0"},
      {"cpu", kConsole, "not a write call", [](RowView r) { return !is1(r, kIsWrite); },
       "the console flag only enters constraints multiplied by is_write"},
      {"cpu", kPqInv, "not a write to a non-console fd (nc = 0)", [](RowView r) { return !is1(r, kNc); },
       "the inverse witness of (fd-1)(fd-2) is only used when nc"},
      {"divrem", DivRemChip::kQNeg, "division by zero (b_zero = 1)", [](RowView r) { return is1(r, DivRemChip::kBZero); },
       "Q's sign enters the identity only multiplied by b or b's sign, both 0 here; q itself is pinned to 2^32 - 1 and "
       "q_neg is on no bus"},
  };
  return list;
}

const Allowed* allowed(const std::string& table, uint32_t col, RowView row) {
  for (const Allowed& a : allow_list())
    if (table == a.table && col == a.column && a.applies(row)) return &a;
  return nullptr;
}

// ---------------------------------------------------------------------------------------------
// The single-cell sweep.

// Live rows swept per table and guest (every real CPU row of these guests).
constexpr size_t kSweepRows = 64;

struct Cell {
  size_t table = 0;
  size_t row = 0;
  uint32_t col = 0;
  Fp delta;
  bool caught = false;
  std::string how;  // the first finding of the debug checkers
};

// Up to `n` live rows, evenly spread, first and last included.
std::vector<size_t> sample_live_rows(const air::TableTrace& t, size_t n) {
  std::vector<size_t> live;
  for (size_t r = 0; r < t.main.height; ++r)
    if (testing::row_is_live(t, r)) live.push_back(r);
  if (live.size() <= n) return live;
  std::vector<size_t> out;
  for (size_t i = 0; i < n; ++i) out.push_back(live[i * (live.size() - 1) / (n - 1)]);
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Whether the checkers see `w` with one cell of table `ti` changed: that table's constraints
// (the others are unchanged), and the changed row's bus contribution against the honest one
// (every other row is unchanged and the honest buses balance).
bool caught_after(const std::vector<air::TableTrace>& tr, size_t ti, size_t row,
                  const std::vector<air::BusImbalance>& honest_row, std::string* how) {
  const auto f = air::check_constraints(tr[ti], 1);
  if (!f.empty()) {
    *how = f[0].describe();
    return true;
  }
  const auto now = testing::row_contribution(tr[ti], row);
  if (testing::same(now, honest_row)) return false;
  for (const auto& b : now) {
    const bool was = std::any_of(honest_row.begin(), honest_row.end(), [&](const air::BusImbalance& h) {
      return h.bus == b.bus && h.tuple == b.tuple && h.net == b.net;
    });
    if (!was) {
      *how = fmt::format("table '{}', row {} changes its bus contribution: {}", tr[ti].air->name(), row, b.describe());
      return true;
    }
  }
  *how = fmt::format("table '{}', row {} drops a bus tuple it contributed", tr[ti].air->name(), row);
  return true;
}

// Every main column of table `ti` on up to `max_rows` live rows, changed by +1 and by -1 (so booleans
// are flipped both ways and a 0 becomes p - 1).
std::vector<Cell> sweep_table(const Statement& s, size_t ti, size_t max_rows) {
  Witness w = s.honest();
  const auto tr = s.traces(w);
  std::vector<Cell> out;
  if (tr[ti].main.width == 0) return out;
  for (size_t row : sample_live_rows(tr[ti], max_rows)) {
    const auto honest_row = testing::row_contribution(tr[ti], row);
    for (uint32_t col = 0; col < tr[ti].main.width; ++col) {
      Fp& cell = w[ti].main.at(row, col);
      const Fp original = cell;
      for (Fp d : {Fp::one(), -Fp::one()}) {
        Cell c{ti, row, col, d, false, {}};
        cell = original + d;
        c.caught = caught_after(tr, ti, row, honest_row, &c.how);
        cell = original;
        out.push_back(std::move(c));
      }
    }
  }
  return out;
}

std::string describe_cell(const Statement& s, const Cell& c) {
  std::string row_values;
  const auto r = s.honest()[c.table].main.row(c.row);
  for (size_t i = 0; i < r.size(); ++i) row_values += fmt::format("{}{}", i ? " " : "", r[i].value());
  return fmt::format("table '{}' column {} row {} ({}); honest row: [{}]", s.tables()[c.table]->name(), c.col, c.row,
                     c.delta == Fp::one() ? "+1" : "-1", row_values);
}

class SingleCell : public ::testing::TestWithParam<size_t> {};

// Every main column of every table on live rows: caught by a debug checker, or allow-listed.
TEST_P(SingleCell, EveryColumnOfEveryTableIsCaughtOrAllowListed) {
  const Statement& s = statement_of(GetParam());
  const auto tables = s.tables();
  size_t caught = 0, allowed_cells = 0, tables_swept = 0;
  for (size_t ti = 0; ti < tables.size(); ++ti) {
    const auto cells = sweep_table(s, ti, kSweepRows);
    if (!cells.empty()) ++tables_swept;
    for (const Cell& c : cells) {
      if (c.caught) {
        ++caught;
        continue;
      }
      if (allowed(tables[ti]->name(), c.col, s.honest()[ti].main.row(c.row))) {
        ++allowed_cells;
        continue;
      }
      ADD_FAILURE() << "undetected corruption (soundness bug or missing allow-list entry): " << describe_cell(s, c);
    }
  }
  std::printf("[ guest %-8s ] %zu tables swept, %zu cells caught, %zu allow-listed\n", kGuests[GetParam()].name,
              tables_swept, caught, allowed_cells);
  EXPECT_GT(caught, 100u);
}

// On a row that is not live (padding, an unused lookup row), every column that feeds a bus
// multiplicity must be caught when set: a padding row cannot be turned into a live one.
TEST_P(SingleCell, PaddingRowsCannotBeMadeLive) {
  const Statement& s = statement_of(GetParam());
  Witness w = s.honest();
  const auto tr = s.traces(w);
  for (size_t ti = 0; ti < tr.size(); ++ti) {
    size_t dead = tr[ti].main.height;
    for (size_t r = 0; r < tr[ti].main.height; ++r)
      if (!testing::row_is_live(tr[ti], r)) {
        dead = r;
        break;
      }
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
      EXPECT_TRUE(caught_after(tr, ti, dead, honest_row, &how))
          << "table '" << tr[ti].air->name() << "' padding row " << dead << " column " << col << " set to 1 is not caught";
      w[ti].main.at(dead, col) -= Fp::one();
    }
  }
}

// Every public value of every table (exit code, cycles, and whatever later tables publish):
// changed by one, caught by the checkers.
TEST_P(SingleCell, EveryPublicValueIsBound) {
  const Statement& s = statement_of(GetParam());
  const Witness& honest = s.honest();
  size_t n = 0;
  for (size_t ti = 0; ti < honest.size(); ++ti)
    for (size_t i = 0; i < honest[ti].public_values.size(); ++i, ++n) {
      Witness w = honest;
      w[ti].public_values[i] += Fp::one();
      EXPECT_FALSE(s.check(w, 1).empty()) << "table '" << s.tables()[ti]->name() << "' public value " << i;
    }
  EXPECT_GE(n, 2u);
}

INSTANTIATE_TEST_SUITE_P(Guests, SingleCell, ::testing::Range(size_t{0}, kNumGuests),
                         [](const ::testing::TestParamInfo<size_t>& i) { return std::string(kGuests[i.param].name); });

// A deterministic sample forced through the prover: per table with main columns, from one guest
// (the guests rotate over the tables), the middle cell caught by a constraint and the middle cell
// caught by the buses only. Every such proof must fail to verify.
TEST(SingleCellProofs, ForcedProofsOfBrokenWitnessesDoNotVerify) {
  const size_t num_tables = statement_of(0).tables().size();
  size_t tables_proven = 0;
  for (size_t ti = 0; ti < num_tables; ++ti) {
    for (size_t k = 0; k < kNumGuests; ++k) {
      const size_t g = (ti + k) % kNumGuests;
      const Statement& s = statement_of(g);
      std::vector<Cell> by_constraint, by_bus;
      for (Cell& c : sweep_table(s, ti, 8))
        if (c.caught) (c.how.rfind("table", 0) == 0 && c.how.find("constraint") != std::string::npos ? by_constraint : by_bus).push_back(c);
      if (by_constraint.empty() && by_bus.empty()) continue;
      for (const auto* cells : {&by_constraint, &by_bus}) {
        if (cells->empty()) continue;
        const Cell& c = (*cells)[cells->size() / 2];
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
      }
      ++tables_proven;
      break;
    }
  }
  EXPECT_GE(tables_proven, num_tables - 1);  // every table with main columns (the image table has none)
}

// Every allow-list entry is needed by some guest (a stale entry would hide a future bug).
TEST(SingleCellAllowList, EveryEntryIsUsed) {
  std::vector<size_t> uses(allow_list().size(), 0);
  for (size_t g = 0; g < kNumGuests; ++g) {
    const Statement& s = statement_of(g);
    for (size_t ti = 0; ti < s.tables().size(); ++ti)
      for (const Cell& c : sweep_table(s, ti, kSweepRows)) {
        if (c.caught) continue;
        const Allowed* a = allowed(s.tables()[ti]->name(), c.col, s.honest()[ti].main.row(c.row));
        if (a) ++uses[static_cast<size_t>(a - allow_list().data())];
      }
  }
  for (size_t i = 0; i < uses.size(); ++i)
    EXPECT_GT(uses[i], 0u) << "allow-list entry for table '" << allow_list()[i].table << "' column " << allow_list()[i].column
                           << " (" << allow_list()[i].row_kind << ") is never needed";
}

// ---------------------------------------------------------------------------------------------
// Targeted attacks, each named after what it forges. Each must be reported by the debug
// checkers (a finding containing `expect`, when given) and its forced proof must not verify.

void expect_rejected(const Statement& s, Witness w, const std::string& expect) {
  const auto findings = s.check(w, 8);
  ASSERT_FALSE(findings.empty()) << "the debug checkers found nothing";
  std::string all;
  for (const auto& f : findings) all += f + "\n";
  EXPECT_NE(all.find(expect), std::string::npos) << "expected a finding with '" << expect << "', got:\n" << all;
  bool made = false;
  const Error e = s.prove_and_verify(std::move(w), true, &made);
  EXPECT_TRUE(made) << e.what;
  EXPECT_FALSE(e.ok()) << "the forced proof verified";
  std::printf("[ attack ] %.140s; verifier: %s\n", findings[0].c_str(), e.what);
}

size_t find_row(const RowMajorMatrix& m, const std::function<bool(RowView)>& pred) {
  for (size_t r = 0; r < m.height(); ++r)
    if (pred(m.row(r))) return r;
  GF_CHECK(false, "no such row");
  return 0;
}

Fp u(uint64_t v) { return Fp::from_u64(v); }

// x5 = 0x12345, x6 = 0xFFFF, x7 = x5 + x6 (= 0x22344, never read again), exit code 3.
vm::ElfImage add_program() {
  std::vector<uint32_t> c;
  rv::li(c, 5, 0x12345);
  rv::li(c, 6, 0xFFFF);
  c.push_back(rv::add(7, 5, 6));
  c.insert(c.end(), {rv::addi(10, 0, 3), rv::addi(17, 0, kExit), rv::ecall()});
  return rv::image_from_code(c);
}
constexpr size_t kAddRow = 4;  // the CPU row of the ADD

const Statement& add_statement() {
  static const Statement s(add_program());
  return s;
}

size_t add_chip_row(const Statement& s, const Witness& w) {
  return find_row(w[s.table("alu_add_sub")].main, [](RowView r) {
    return is1(r, AddSubChip::kIsAdd) && r[AddSubChip::kA0] == u(0x2345) && r[AddSubChip::kB0] == u(0xFFFF);
  });
}

size_t register_row(const Statement& s, uint32_t reg) {
  const size_t t = s.table("register_boundary");
  for (size_t r = 0; r < s.pk().preprocessed[t].height(); ++r)
    if (s.pk().preprocessed[t].at(r, 0) == u(reg)) return r;
  GF_CHECK(false, "no such register");
  return 0;
}

// The CPU and the add/sub chip agree on 0x12345 + 0xFFFF = 0x22345 (and the register's final
// value follows): every bus balances, only the chip's adder constraint can object.
TEST(StatementAttack, ForgedAluResultWithTheChipAgreeing) {
  const Statement& s = add_statement();
  Witness w = s.honest();
  auto& cpu = w[Rv32imCircuit::kCpuIndex].main;
  ASSERT_EQ(cpu.at(kAddRow, cpu::kAluRes), u(0x22344));
  cpu.at(kAddRow, cpu::kAluRes) += Fp::one();
  cpu.at(kAddRow, cpu::kRdVal) += Fp::one();
  cpu.at(kAddRow, cpu::kCond) += Fp::one();  // cond mirrors alu_res off branches
  w[s.table("alu_add_sub")].main.at(add_chip_row(s, w), AddSubChip::kC0) += Fp::one();
  w[s.table("register_boundary")].main.at(register_row(s, 7), 0) += Fp::one();
  testing::rebalance_lookups(s, w);
  EXPECT_TRUE(air::check_buses(s.traces(w), 4).empty()) << "the forgery is not consistent on the buses";
  for (const auto& f : s.check(w)) EXPECT_NE(f.find("table 'alu_add_sub'"), std::string::npos) << f;
  expect_rejected(s, w, "constraint #4 'adder'");
}

// The result's low limb set to c0 + 2^16 with the high limb one less: the value and the adder
// identity are unchanged, only the limb's range check can object.
TEST(StatementAttack, LimbSetTo2Pow16WithTheCarryAdjusted) {
  const Statement& s = add_statement();
  Witness w = s.honest();
  auto& chip = w[s.table("alu_add_sub")].main;
  const size_t r = add_chip_row(s, w);
  ASSERT_EQ(chip.at(r, AddSubChip::kC1), u(2));
  chip.at(r, AddSubChip::kC0) += u(1 << 16);
  chip.at(r, AddSubChip::kC1) -= Fp::one();
  testing::rebalance_lookups(s, w);
  EXPECT_TRUE(air::check_constraints(s.traces(w)[s.table("alu_add_sub")], 1).empty());
  expect_rejected(s, w, "bus 11: tuple (74564) has net multiplicity 1");  // 0x2344 + 2^16
}

// lui x14, 0x100; lw x10, 0(x14) (plain RAM word 0x40000, never written: 0); exit with it.
vm::ElfImage plain_load_program() {
  return rv::image_from_code({rv::lui(14, 0x100), rv::lw(10, 14, 0), rv::addi(17, 0, kExit), rv::ecall()});
}

// A word address split as w0 = 2^16, w1 = 3 instead of (0, 4): the address is unchanged, only
// the range check of w0 can object.
TEST(StatementAttack, RangeCheckedValueOutOfRange) {
  const Statement s(plain_load_program());
  Witness w = s.honest();
  auto& cpu = w[Rv32imCircuit::kCpuIndex].main;
  ASSERT_EQ(cpu.at(1, cpu::kMemW1), u(4));
  cpu.at(1, cpu::kMemW0) += u(1 << 16);
  cpu.at(1, cpu::kMemW1) -= Fp::one();
  testing::rebalance_lookups(s, w);
  EXPECT_TRUE(air::check_constraints(s.traces(w)[Rv32imCircuit::kCpuIndex], 1).empty());
  expect_rejected(s, w, "bus 11: tuple (65536) has net multiplicity 1");
}

// The executor's trace forged so the load from never-written plain RAM returns 5 (and the exit
// code is 5); the witness generator encodes the lie honestly, the RAM boundary's initial value is
// set to 5 to match and the lookups rebalanced: only "plain RAM starts at zero" can object.
TEST(StatementAttack, ForgedLoadFromPlainRamWithTheBoundaryAdjusted) {
  const Statement s(plain_load_program());
  ASSERT_EQ(s.exit_code(), 0u);
  std::vector<vm::TraceRow> rows = s.rows();
  rows[1].mem_before = rows[1].mem_after = rows[1].rd_value = 5;
  rows[3].rs2_value = rows[3].rd_value = 5;
  auto forged = s.circuit().witness(rows);
  ASSERT_TRUE(forged.ok()) << forged.error().what;
  Witness w = std::move(*forged);
  EXPECT_EQ(w[Rv32imCircuit::kCpuIndex].public_values[0], u(5));  // the statement the attack claims
  auto& ram = w[s.table("ram_boundary")].main;
  const size_t r = find_row(ram, [](RowView v) { return v[ram::kAddr] == u(0x40000) && is1(v, ram::kIsRam); });
  ram.at(r, ram::kV0) = u(5);
  ram.at(r, ram::kV0Lo) = u(5);
  testing::rebalance_lookups(s, w);
  EXPECT_TRUE(air::check_buses(s.traces(w), 4).empty()) << "the forgery is not consistent on the buses";
  expect_rejected(s, w, "'plain RAM starts at zero'");
}

// The same lie about a writable image word (0x12000 holds 0x80FF7F01): with the boundary's
// initial value adjusted, the image bus (the verifying key's image) objects.
TEST(StatementAttack, ForgedLoadFromTheImageWithTheBoundaryAdjusted) {
  vm::ElfImage image = rv::image_from_code({rv::lui(14, 0x12), rv::lw(10, 14, 0), rv::addi(17, 0, kExit), rv::ecall()});
  vm::Segment rw;
  rw.vaddr = 0x12000;
  rw.writable = true;
  rw.data = {0x01, 0x7F, 0xFF, 0x80};
  rw.memsz = 4;
  image.segments.push_back(rw);
  const Statement s(image);
  ASSERT_EQ(s.exit_code(), 0x80FF7F01u);
  std::vector<vm::TraceRow> rows = s.rows();
  rows[1].mem_before = rows[1].mem_after = rows[1].rd_value = 5;
  rows[3].rs2_value = rows[3].rd_value = 5;
  auto forged = s.circuit().witness(rows);
  ASSERT_TRUE(forged.ok()) << forged.error().what;
  Witness w = std::move(*forged);
  auto& ram = w[s.table("ram_boundary")].main;
  const size_t r = find_row(ram, [](RowView v) { return v[ram::kAddr] == u(0x12000 / 4); });
  ram.at(r, ram::kV0) = u(5);
  ram.at(r, ram::kV0Lo) = u(5);
  ram.at(r, ram::kV0Hi) = u(0);
  testing::rebalance_lookups(s, w);
  EXPECT_TRUE(air::check_constraints(s.traces(w)[s.table("ram_boundary")], 1).empty());
  expect_rejected(s, w, "bus 16: tuple (18432, 5, 1) has net multiplicity 1");
}

// x5 written at cycle 1, read at cycle 2 claiming its previous access was at its own time 8
// (t - t_prev - 1 = -1, written as limbs 0xFFFF + 2^16 (p - 1)): the limb range check objects.
TEST(StatementAttack, TimestampGoingBackwards) {
  const Statement s(rv::image_from_code({rv::addi(5, 0, 1), rv::addi(6, 5, 1), rv::addi(17, 0, kExit), rv::ecall()}));
  Witness w = s.honest();
  auto& cpu = w[Rv32imCircuit::kCpuIndex].main;
  ASSERT_EQ(cpu.at(1, cpu::kRs1), u(5));
  cpu.at(1, cpu::kRs1TsPrev) = u(8);
  cpu.at(1, cpu::kRs1Lo) = u(0xFFFF);
  cpu.at(1, cpu::kRs1Hi) = -Fp::one();
  testing::rebalance_lookups(s, w);
  EXPECT_TRUE(air::check_constraints(s.traces(w)[Rv32imCircuit::kCpuIndex], 1).empty());
  expect_rejected(s, w, "bus 11: tuple (18446744069414584320) has net multiplicity 1");
}

// addi x0, x0, 7 turned into a real write of x0 (wr = 1, the rd access filled in consistently):
// the program table says this instruction writes no register.
TEST(StatementAttack, RegisterWriteToX0) {
  const Statement s(rv::image_from_code({rv::addi(0, 0, 7), rv::addi(17, 0, kExit), rv::ecall()}));
  Witness w = s.honest();
  auto& cpu = w[Rv32imCircuit::kCpuIndex].main;
  ASSERT_EQ(cpu.at(0, cpu::kRd), u(0));
  ASSERT_EQ(cpu.at(0, cpu::kWr), u(0));
  ASSERT_EQ(cpu.at(0, cpu::kRdVal), u(7));
  cpu.at(0, cpu::kWr) = Fp::one();
  cpu.at(0, cpu::kRdPrev) = Fp::zero();
  cpu.at(0, cpu::kRdTsPrev) = u(5);  // x0's last access: rs2 at 4 clk + 1
  cpu.at(0, cpu::kRdLo) = u(1);      // 4 clk + 3 - 5 - 1
  cpu.at(0, cpu::kRdHi) = Fp::zero();
  w[s.table("register_boundary")].main.at(register_row(s, 0), 0) = u(7);
  w[s.table("register_boundary")].main.at(register_row(s, 0), 1) = u(7);
  testing::rebalance_lookups(s, w);
  expect_rejected(s, w, "bus 14");
}

// A bus multiplicity doubled: an instruction the program table claims ran twice; a range-table
// row claimed used twice.
TEST(StatementAttack, BusMultiplicityDoubled) {
  const Statement& s = add_statement();
  {
    Witness w = s.honest();
    auto& prog = w[s.table("program")].main;
    prog.at(kAddRow, 0) *= u(2);
    ASSERT_EQ(prog.at(kAddRow, 0), u(2));
    expect_rejected(s, w, "bus 14");
  }
  {
    Witness w = s.honest();
    auto& range = w[s.table("range_u16")].main;
    ASSERT_FALSE(range.at(0x2344, 0).is_zero());
    range.at(0x2344, 0) *= u(2);
    expect_rejected(s, w, "bus 11: tuple (9028)");
  }
}

// A selector flipped: the CPU's class flag (ALU -> ALU immediate, still one flag), and the adder
// chip's row turned into a consistent SUB of the same operands (its constraints hold).
TEST(StatementAttack, SelectorFlipped) {
  const Statement& s = add_statement();
  {
    Witness w = s.honest();
    auto& cpu = w[Rv32imCircuit::kCpuIndex].main;
    ASSERT_TRUE(cpu.at(kAddRow, cpu::kFAlu) == Fp::one());
    cpu.at(kAddRow, cpu::kFAlu) = Fp::zero();
    cpu.at(kAddRow, cpu::kFAluImm) = Fp::one();
    expect_rejected(s, w, "bus 14");
  }
  {
    Witness w = s.honest();
    auto& chip = w[s.table("alu_add_sub")].main;
    const size_t r = add_chip_row(s, w);
    const uint32_t diff = 0x12345u - 0xFFFFu;
    chip.at(r, AddSubChip::kIsAdd) = Fp::zero();
    chip.at(r, AddSubChip::kIsSub) = Fp::one();
    chip.at(r, AddSubChip::kC0) = u(diff & 0xFFFF);
    chip.at(r, AddSubChip::kC1) = u(diff >> 16);
    chip.at(r, AddSubChip::kCarry) = Fp::zero();
    testing::rebalance_lookups(s, w);
    EXPECT_TRUE(air::check_constraints(s.traces(w)[s.table("alu_add_sub")], 1).empty());
    expect_rejected(s, w, "bus 10");
  }
}

// The program counter skips an instruction: row 1 claims next_pc = pc + 8 and row 2 runs the
// (identical) instruction there.
TEST(StatementAttack, ProgramCounterSkipsAnInstruction) {
  const Statement s(rv::image_from_code({rv::addi(5, 0, 1), rv::addi(5, 5, 1), rv::addi(5, 5, 1), rv::addi(5, 5, 1),
                                         rv::add(10, 5, 0), rv::addi(17, 0, kExit), rv::ecall()}));
  ASSERT_EQ(s.exit_code(), 4u);
  Witness w = s.honest();
  auto& cpu = w[Rv32imCircuit::kCpuIndex].main;
  cpu.at(1, cpu::kNextPc) += u(4);
  cpu.at(2, cpu::kPc) += u(4);
  cpu.at(2, cpu::kNextPc) += u(4);
  testing::rebalance_lookups(s, w);
  expect_rejected(s, w, "table 'cpu', row 1: constraint #46 'next pc'");
}

// The exit code, then the cycle count, changed in the public values.
TEST(StatementAttack, ExitCodeChangedInThePublicValues) {
  const Statement& s = add_statement();
  Witness w = s.honest();
  w[Rv32imCircuit::kCpuIndex].public_values[0] += Fp::one();
  expect_rejected(s, w, "'exit code is a0 at the exit call'");
}

TEST(StatementAttack, CycleCountChangedInThePublicValues) {
  const Statement& s = add_statement();
  Witness w = s.honest();
  w[Rv32imCircuit::kCpuIndex].public_values[1] += Fp::one();
  expect_rejected(s, w, "'cycles = clk at the exit call'");
}

// The exit call dropped (its row made padding): the run no longer halts.
TEST(StatementAttack, ExitCallRemoved) {
  const Statement& s = add_statement();
  Witness w = s.honest();
  w[Rv32imCircuit::kCpuIndex].main.at(s.cycles() - 1, cpu::kIsReal) = Fp::zero();
  expect_rejected(s, w, "table 'cpu'");
}

// An honest proof of one program does not verify against another program's verifying key: a
// program of another shape, and one differing from it in a single immediate.
TEST(StatementAttack, ProofOfOneProgramAgainstAnotherProgramsKey) {
  const Statement& s = statement_of(0);
  std::vector<uint8_t> proof;
  ASSERT_TRUE(s.prove_and_verify(s.honest(), false, nullptr, nullptr, &proof).ok());
  vm::ElfImage same_shape = alu_program();
  same_shape.segments[0].data[4 * 9 + 2] ^= 0x10;  // one immediate bit of an instruction
  for (const vm::ElfImage& other : {control_program(), same_shape}) {
    Rv32imCircuit c2(other);
    auto pk2 = stark::setup(c2.tables(), testing::harness_params());
    ASSERT_TRUE(pk2.ok());
    EXPECT_NE((*pk2)->vk.digest(), s.pk().vk.digest());
    const stark::AlignedBytes aligned(proof);
    const Error e = stark::verify((*pk2)->vk, c2.tables(), aligned.span());
    EXPECT_FALSE(e.ok());
    std::printf("[ attack ] proof of 'alu' against another program's key: %s\n", e.what);
  }
}

}  // namespace
}  // namespace goldfinch::circuit
