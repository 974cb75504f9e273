// Writable and executable segments in the RV32IM statement. The CPU reads the word at pc in RAM on
// every row of a W+X slot and requires the loaded word, so a run that changed its code and then
// ran it (the executor traps: kSelfModifyingCode) cannot be proven as running the original
// instruction, nor the new one; programs without W+X segments keep the circuit they had.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "goldfinch/circuit/attack_expect.h"
#include "goldfinch/circuit/statement_harness.h"
#include "goldfinch/stark/vk.h"
#include "goldfinch/vm/rv_asm.h"

namespace goldfinch::circuit {
namespace {

using namespace vm::rv;  // NOLINT: the guests read as assembly
using testing::Statement;
using Witness = std::vector<stark::TableWitness>;

constexpr uint32_t kBase = 0x10000;
constexpr uint32_t kA0 = 10, kA1 = 11, kA2 = 12, kA7 = 17;
constexpr uint32_t kBuf = kBase + 0x200;  // a data word of the W+X segment, past the code

Fp u(uint64_t v) { return Fp::from_u64(v); }

using testing::expect_rejected;

void proves(const Statement& s) {
  EXPECT_TRUE(s.check(s.honest()).empty());
  stark::VerifiedProof out;
  const Error e = s.prove_and_verify(s.honest(), false, nullptr, &out);
  ASSERT_TRUE(e.ok()) << e.what;
  auto st = Rv32imCircuit::statement(out.public_values);
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->exit_code, s.exit_code());
  EXPECT_EQ(st->cycles, s.cycles());
}

void read_input(std::vector<uint32_t>& c, uint32_t buf, uint32_t len) {
  li(c, kA7, vm::kSysRead);
  li(c, kA0, 0);
  li(c, kA1, buf);
  li(c, kA2, len);
  c.push_back(ecall());
}

void exit_with_a0(std::vector<uint32_t>& c) {
  li(c, kA7, vm::kSysExit);
  c.push_back(ecall());
}

// Data in the code's own segment (stores, loads and a read call into it) while a loop runs the
// segment's code again and again: every fetch is one more access of its word.
vm::ElfImage data_in_code_segment() {
  std::vector<uint32_t> c;
  read_input(c, kBuf, 8);
  li(c, 5, kBuf);
  c.push_back(lw(6, 5, 0));
  c.push_back(addi(7, 0, 5));
  const size_t loop = c.size();
  c.push_back(addi(6, 6, 3));      // loop: x6 += 3
  c.push_back(sw(6, 5, 8));        //       the segment's data word buf + 8
  c.push_back(sb(7, 5, 13));
  c.push_back(addi(7, 7, -1));
  c.push_back(bne(7, 0, -4 * static_cast<int32_t>(c.size() - loop)));
  c.push_back(lw(8, 5, 8));
  c.push_back(lbu(9, 5, 13));
  c.push_back(add(kA0, 8, 9));
  exit_with_a0(c);
  return wx_image(c, 0x400);
}

// The guest overwrites its next-but-one instruction with the word already there, and a later
// one with garbage that it restores before running it: the rule compares values, so both run.
vm::ElfImage rewrites_the_same_word() {
  std::vector<uint32_t> c;
  const int32_t at = 20;
  li(c, 5, kBase);
  li(c, 6, 0xFFFFFFFF);
  c.push_back(sw(6, 5, 4 * at));
  li(c, 6, addi(kA0, 0, 42));
  c.push_back(sw(6, 5, 4 * at));
  while (c.size() < static_cast<size_t>(at)) c.push_back(addi(0, 0, 0));
  c.push_back(addi(kA0, 0, 42));
  exit_with_a0(c);
  return wx_image(c);
}

// The attack guest: reads a flag; when it is non-zero, stores `addi a0, x0, 99` over the
// `addi a0, x0, 1` it runs next, then exits with a0. Flag 0: an honest run, exit code 1. Flag 1:
// the executor traps at the changed word.
constexpr uint32_t kOriginal = addi(kA0, 0, 1), kPatched = addi(kA0, 0, 99);
struct AttackGuest {
  vm::ElfImage image;
  uint32_t target = 0;  // the address of the changed word
};
AttackGuest attack_guest() {
  std::vector<uint32_t> c;
  read_input(c, kBuf, 4);
  li(c, 5, kBuf);
  c.push_back(lw(5, 5, 0));
  li(c, 6, kPatched);
  li(c, 28, kBase);
  const size_t skip = c.size();
  c.push_back(0);  // beq x5, x0, target (patched below)
  c.push_back(0);  // sw x6, target(x28)
  const uint32_t target = static_cast<uint32_t>(c.size());
  c[skip] = beq(5, 0, 8);
  c[skip + 1] = sw(6, 28, static_cast<int32_t>(4 * target));
  c.push_back(kOriginal);
  exit_with_a0(c);
  return {wx_image(c), kBase + 4 * target};
}

const std::vector<uint8_t> kFlag0 = {0, 0, 0, 0}, kFlag1 = {1, 0, 0, 0};

const Statement& attack_statement() {
  static const Statement s(attack_guest().image, kFlag0);
  return s;
}

// The executor's trace of the flag-1 run up to its trap, followed by the rows the original
// instruction would give: a run that "ran the loaded word" after changing it. Its public
// statement (exit code 1 after the longer path) is false: flag 1 traps, flag 0 is shorter.
std::vector<vm::TraceRow> forged_run_of_the_original() {
  const AttackGuest g = attack_guest();
  auto created = vm::Machine::create(g.image, kFlag1);
  vm::Machine m = std::move(std::get<vm::Machine>(created));
  vm::TraceRecorder head;
  const vm::RunResult r = m.run_trace(&head);
  GF_CHECK(r.status == vm::RunStatus::kTrap && r.trap.reason == vm::TrapReason::kSelfModifyingCode,
           "the attack guest traps at the changed word");
  vm::Checkpoint cp = m.checkpoint();
  cp.final_result.reset();
  vm::Machine rest = vm::Machine::resume(cp);
  const uint8_t bytes[4] = {static_cast<uint8_t>(kOriginal), static_cast<uint8_t>(kOriginal >> 8),
                            static_cast<uint8_t>(kOriginal >> 16), static_cast<uint8_t>(kOriginal >> 24)};
  GF_CHECK(rest.memory().write_bytes(g.target, bytes) == vm::StoreStatus::kOk, "restore the word");
  vm::TraceRecorder tail;
  GF_CHECK(rest.run_trace(&tail).status == vm::RunStatus::kExited, "the rest of the forged run exits");
  std::vector<vm::TraceRow> rows(head.rows.begin(), head.rows.end());
  rows.insert(rows.end(), tail.rows.begin(), tail.rows.end());
  return rows;
}

// The forged run encoded by the honest witness generator, and the CPU row of the changed word.
Witness forged_witness(size_t* row) {
  const Statement& s = attack_statement();
  const std::vector<vm::TraceRow> rows = forged_run_of_the_original();
  auto w = s.circuit().witness(rows, kFlag1);
  GF_CHECK(w.ok(), "the generator encodes the forged run");
  *row = rows.size();
  while (*row > 0 && rows[*row - 1].pc != attack_guest().target) --*row;
  GF_CHECK(*row > 0, "the row of the changed word");
  --*row;
  return std::move(*w);
}

TEST(WxStatement, ProgramsWithoutWxSegmentsKeepTheirCircuit) {
  std::vector<uint32_t> c = {addi(kA0, 0, 3)};
  exit_with_a0(c);
  const Rv32imCircuit plain(image_from_code(c)), wx(wx_image(c));
  EXPECT_FALSE(plain.shape().wx);
  EXPECT_EQ(plain.tables()[Rv32imCircuit::kCpuIndex]->width(), cpu::kNumCols);
  EXPECT_EQ(plain.program().preprocessed_width(), ProgramTable::kFields);
  EXPECT_TRUE(wx.shape().wx);
  EXPECT_EQ(wx.tables()[Rv32imCircuit::kCpuIndex]->width(), cpu::kNumColsWx);
  EXPECT_EQ(wx.program().preprocessed_width(), ProgramTable::kWxFields);
  EXPECT_LE(stark::describe_table(*wx.tables()[Rv32imCircuit::kCpuIndex], stark::kNoFixedHeight).max_degree, 3u);
  // The verifier's circuit of a shape describes the same tables.
  const Rv32imCircuit from_shape(wx.shape());
  EXPECT_EQ(from_shape.tables()[Rv32imCircuit::kCpuIndex]->width(), cpu::kNumColsWx);
  EXPECT_EQ(from_shape.program().interactions()[0].fields.size(), ProgramTable::kWxFields);
}

TEST(WxStatement, DataInTheCodeSegmentProves) {
  const Statement s(data_in_code_segment(), {7, 0, 0, 0, 1, 2, 3, 4});
  EXPECT_EQ(s.exit_code(), 7u + 15 + 1);
  proves(s);
}

TEST(WxStatement, RewritingTheSameWordProves) {
  const Statement s(rewrites_the_same_word());
  EXPECT_EQ(s.exit_code(), 42u);
  proves(s);
}

TEST(WxStatement, HonestPathOfTheAttackGuestProves) {
  EXPECT_EQ(attack_statement().exit_code(), 1u);
  proves(attack_statement());
}

// The forged run as encoded: the fetch read claims the loaded word, memory holds the stored one.
TEST(WxStatement, RunChangedCodeAsLoaded) {
  size_t row = 0;
  Witness w = forged_witness(&row);
  expect_rejected(attack_statement(), std::move(w), "bus 13", /*only=*/true);
}

// The forger drops the fetch read (wx = 0 on the row) and ends the word's memory history at the
// store: memory balances, but the program table has no such row (its wx is 1).
TEST(WxStatement, SkipTheFetchRead) {
  const Statement& s = attack_statement();
  size_t row = 0;
  Witness w = forged_witness(&row);
  RowMajorMatrix& cpu_m = w[s.table("cpu")].main;
  const uint64_t fetch_ts_prev = cpu_m.at(row, cpu::kFetchTsPrev).value();
  for (cpu::Col c : {cpu::kWx, cpu::kFetchTsPrev, cpu::kFetchLo, cpu::kFetchHi}) cpu_m.at(row, c) = Fp::zero();
  RowMajorMatrix& ram_m = w[s.table("ram_boundary")].main;
  for (size_t r = 0; r < ram_m.height(); ++r)
    if (ram_m.at(r, ram::kAddr) == u(attack_guest().target / 4)) ram_m.at(r, ram::kTEnd) = u(fetch_ts_prev);
  testing::rebalance_lookups(s, w);
  expect_rejected(s, std::move(w), "bus 14", /*only=*/true);
}

// The forger reads what memory holds (the stored word): memory balances, but the program table
// holds the loaded word at that pc.
TEST(WxStatement, FetchTheStoredWordAsTheLoadedInstruction) {
  const Statement& s = attack_statement();
  size_t row = 0;
  Witness w = forged_witness(&row);
  w[s.table("cpu")].main.at(row, cpu::kWord) = u(kPatched);
  testing::rebalance_lookups(s, w);
  expect_rejected(s, std::move(w), "bus 14", /*only=*/true);
}

// A padding row that claims a fetch read would add a memory access out of nowhere.
TEST(WxStatement, FetchReadOnAPaddingRow) {
  const Statement& s = attack_statement();
  Witness w = s.honest();
  RowMajorMatrix& cpu_m = w[s.table("cpu")].main;
  ASSERT_GT(cpu_m.height(), s.cycles());
  cpu_m.at(cpu_m.height() - 1, cpu::kWx) = Fp::one();
  expect_rejected(s, std::move(w), "no fetch read on padding rows");
}

}  // namespace
}  // namespace goldfinch::circuit
