// Targeted attacks on the whole RV32IM statement, each named after what it forges (issue 5,
// "Soundness suite"): a consistent forgery is built (the other tables adjusted, lookups
// rebalanced, or the executor's trace itself forged and encoded by the honest witness generator)
// so that exactly the intended check is left to object; each must be reported by the debug
// checkers and its proof, forced through the prover, must not verify.
#include <gtest/gtest.h>

#include <cstdio>
#include <functional>
#include <string>

#include "goldfinch/circuit/attack_expect.h"
#include "goldfinch/circuit/fp3_horner_table.h"
#include "goldfinch/circuit/poseidon2_precompile_table.h"
#include "goldfinch/circuit/statement_guests.h"
#include "goldfinch/circuit/statement_harness.h"
#include "goldfinch/vm/rv_asm.h"

namespace goldfinch::circuit {
namespace {

namespace rv = vm::rv;
namespace ram = circuit::ram;
using testing::Statement;
using Witness = std::vector<stark::TableWitness>;
using RowView = std::span<const Fp>;

constexpr uint32_t kExit = 93;

bool is1(RowView r, uint32_t c) { return r[c] == Fp::one(); }

using testing::expect_rejected;

size_t find_row(const RowMajorMatrix& m, const std::function<bool(RowView)>& pred) {
  for (size_t r = 0; r < m.height(); ++r)
    if (pred(m.row(r))) return r;
  GF_CHECK(false, "no such row");
  return 0;
}

Fp u(uint64_t v) { return Fp::from_u64(v); }

// A RAM boundary row's initial value and its bytes.
void set_v0(RowMajorMatrix& ram, size_t r, uint32_t v) {
  ram.at(r, ram::kV0) = u(v);
  for (uint32_t j = 0; j < 4; ++j) ram.at(r, ram::kB0 + j) = u((v >> (8 * j)) & 0xFF);
}

// v = lo + 2^16 hi in the field with lo = the low 16 bits of v's canonical value (hi is then a
// 16-bit value only when v is below 2^32).
void split16(RowMajorMatrix& m, size_t r, uint32_t lo, uint32_t hi, Fp v) {
  const uint64_t l = v.value() & 0xFFFF;
  m.at(r, lo) = u(l);
  m.at(r, hi) = (v - u(l)) * u(1 << 16).inverse();
}

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
  set_v0(ram, r, 5);
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
  set_v0(ram, r, 5);
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
  const Statement& s = add_statement();
  std::vector<uint8_t> proof;
  ASSERT_TRUE(s.prove_and_verify(s.honest(), false, nullptr, nullptr, &proof).ok());
  vm::ElfImage same_shape = add_program();
  same_shape.segments[0].data[4 * 5 + 3] ^= 0x10;  // one immediate bit of the exit code's addi
  for (const vm::ElfImage& other : {plain_load_program(), same_shape}) {
    Rv32imCircuit c2(other);
    auto pk2 = stark::setup(c2.tables(), testing::harness_params());
    ASSERT_TRUE(pk2.ok());
    EXPECT_NE((*pk2)->vk.digest(), s.pk().vk.digest());
    const stark::AlignedBytes aligned(proof);
    const Error e = stark::verify((*pk2)->vk, c2.tables(), aligned.span());
    EXPECT_FALSE(e.ok());
    std::printf("[ attack ] proof of the add program against another program's key: %s\n", e.what);
  }
}

// ---------------------------------------------------------------------------------------------
// Issue 10: the input region must start as the executor maps it, for some input.

constexpr uint32_t kInputRegion = 0x20000;  // lui immediate of vm::kInputBase

// lui x14, 0x20000; lw x10, 8(x14) (the payload length L); exit with it.
vm::ElfImage length_program() {
  return rv::image_from_code({rv::lui(14, kInputRegion), rv::lw(10, 14, 8), rv::addi(17, 0, kExit), rv::ecall()});
}

// The executor refuses inputs longer than vm::kMaxInputPayload, so no run exits with such a
// length. The trace forged so that the length word reads max + 4 (and the exit code with it),
// encoded by the honest generator; the boundary's length row, L on every row and the bound's
// slack x made to match: only x's range check can object (x = max - L wraps).
TEST(StatementAttack, InputLengthAboveTheMaximum) {
  const Statement s(length_program(), {1, 2, 3, 4});
  ASSERT_EQ(s.exit_code(), 4u);
  const uint32_t forged = static_cast<uint32_t>(vm::kMaxInputPayload + 4);
  std::vector<vm::TraceRow> rows = s.rows();
  rows[1].mem_before = rows[1].mem_after = rows[1].rd_value = forged;
  rows[3].rs2_value = rows[3].rd_value = forged;
  auto generated = s.circuit().witness(rows, std::vector<uint8_t>{1, 2, 3, 4});
  ASSERT_TRUE(generated.ok()) << generated.error().what;
  Witness w = std::move(*generated);
  EXPECT_EQ(w[Rv32imCircuit::kCpuIndex].public_values[0], u(forged));  // the statement the attack claims
  auto& ram = w[s.table("ram_boundary")].main;
  const size_t r = find_row(ram, [](RowView v) { return is1(v, ram::kIsLen) && v[ram::kAddr] == u(kInputWordBase + 2); });
  set_v0(ram, r, forged);
  for (size_t i = 0; i < ram.height(); ++i)
    if (!ram.at(i, ram::kPlen).is_zero()) ram.at(i, ram::kPlen) = u(forged);
  const Fp x = u(vm::kMaxInputPayload) - u(forged);
  split16(ram, r, ram::kXLo, ram::kXHi, x);
  testing::rebalance_lookups(s, w);
  const std::vector<std::string> findings = s.check(w);
  ASSERT_EQ(findings.size(), 1u) << "only the bound's range check should object";
  const std::string hi = std::to_string(((x - u(x.value() & 0xFFFF)) * u(1 << 16).inverse()).value());
  expect_rejected(s, w, "bus 11: tuple (" + hi + ") has net multiplicity 1");
}

// lui x14, 0x20000; commit the 4 bytes of the length word (public output = L, read in place by
// the commit word table); lw x10, 20(x14) (payload bytes 4..7, read in place by the CPU); exit
// with x10. With a 5-byte input bytes 5..7 are zero: output {5, 0, 0, 0}, exit code 5.
vm::ElfImage past_length_program() {
  std::vector<uint32_t> code = {rv::lui(14, kInputRegion), rv::addi(10, 14, 8), rv::addi(11, 0, 4)};
  rv::li(code, 17, vm::kSysCommit);
  code.insert(code.end(), {rv::ecall(), rv::lw(10, 14, 20), rv::addi(17, 0, kExit), rv::ecall()});
  return rv::image_from_code(code);
}

// The trace forged so that the payload word read in place holds bytes 6, 7, 8 past L = 5: the
// statement (output L = 5, exit code 0x08070605) is one no input gives. The boundary's word
// follows the forgery; with the honest byte mask the zero rule objects, with a mask that claims
// the bytes kept the bound L >= 4 w + kept does (its slack wraps).
TEST(StatementAttack, NonZeroInputBytePastTheLengthReadInPlace) {
  const std::vector<uint8_t> input = {1, 2, 3, 4, 5};
  const Statement s(past_length_program(), input);
  ASSERT_EQ(s.exit_code(), 5u);
  ASSERT_EQ(s.output(), (std::vector<uint8_t>{5, 0, 0, 0}));
  const uint32_t word = 0x08070605;
  for (uint32_t claimed_kept : {1u, 4u}) {
    SCOPED_TRACE("byte mask claims " + std::to_string(claimed_kept) + " bytes kept");
    std::vector<vm::TraceRow> rows = s.rows();
    const size_t load = rows.size() - 3, exit = rows.size() - 1;
    ASSERT_EQ(rows[load].word, rv::lw(10, 14, 20));
    rows[load].mem_before = rows[load].mem_after = rows[load].rd_value = word;
    rows[exit].rs2_value = rows[exit].rd_value = word;
    auto generated = s.circuit().witness(rows, input);
    ASSERT_TRUE(generated.ok()) << generated.error().what;
    Witness w = std::move(*generated);
    EXPECT_EQ(w[Rv32imCircuit::kCpuIndex].public_values[0], u(word));  // the statement the attack claims
    auto& ram = w[s.table("ram_boundary")].main;
    const size_t r = find_row(ram, [](RowView v) { return is1(v, ram::kIsInput) && v[ram::kAddr] == u(kPayloadWordBase + 1); });
    ASSERT_EQ(ram.at(r, ram::kM0) + ram.at(r, ram::kM1), u(1)) << "the honest mask keeps byte 4 only";
    set_v0(ram, r, word);
    for (uint32_t j = 0; j < 4; ++j) ram.at(r, ram::kM0 + j) = u(j < claimed_kept);
    split16(ram, r, ram::kXLo, ram::kXHi, u(5) - u(4) - u(claimed_kept));
    testing::rebalance_lookups(s, w);
    const auto findings = s.check(w);
    ASSERT_FALSE(findings.empty());
    for (const auto& f : findings)  // one finding per forged byte, or the bound's range check
      EXPECT_NE(f.find(claimed_kept == 1 ? "'payload bytes past the length are 0'" : "bus 11: tuple ("), std::string::npos)
          << "only the rule under test should object, got: " << f;
    expect_rejected(s, w, claimed_kept == 1 ? "'payload bytes past the length are 0'" : "bus 11: tuple (");
  }
}

// The same lie through the I/O word tables: the guest commits payload bytes 4..7 from the input
// region in place and exits with L = 5; the forged public output {5, 6, 7, 8} has bytes past L.
// The commit word, the output and the boundary agree; the zero rule objects.
TEST(StatementAttack, NonZeroInputBytePastTheLengthCommitted) {
  std::vector<uint32_t> code;
  code.push_back(rv::lui(14, kInputRegion));
  code.push_back(rv::lw(11, 14, 8));
  code.push_back(rv::addi(10, 14, 20));
  code.push_back(rv::addi(11, 0, 4));  // a1 = 4 (the length word was read into x11 first)
  rv::li(code, 17, vm::kSysCommit);
  code.push_back(rv::ecall());
  code.push_back(rv::lw(10, 14, 8));
  code.insert(code.end(), {rv::addi(17, 0, kExit), rv::ecall()});
  const std::vector<uint8_t> input = {1, 2, 3, 4, 5};
  const Statement s(rv::image_from_code(code), input);
  ASSERT_EQ(s.exit_code(), 5u);
  ASSERT_EQ(s.output(), (std::vector<uint8_t>{5, 0, 0, 0}));
  Witness w = s.honest();
  auto& commit = w[s.table("io_commit_words")].main;
  const size_t cr = find_row(commit, [](RowView v) { return is1(v, io_words::kIsReal); });
  const uint32_t word = 0x08070605;
  commit.at(cr, io_words::kOld) = commit.at(cr, io_words::kNew) = u(word);
  for (uint32_t j = 0; j < 4; ++j) {
    commit.at(cr, io_words::kB0 + j) = u((word >> (8 * j)) & 0xFF);
    w[s.table("io_call")].public_values[j] = u((word >> (8 * j)) & 0xFF);
  }
  auto& ram = w[s.table("ram_boundary")].main;
  const size_t r = find_row(ram, [](RowView v) { return is1(v, ram::kIsInput) && v[ram::kAddr] == u(kPayloadWordBase + 1); });
  set_v0(ram, r, word);
  ram.at(r, ram::kVEnd) = u(word);  // read-only: its final value is its initial value
  testing::rebalance_lookups(s, w);
  for (const auto& b : air::check_buses(s.traces(w), 4)) ADD_FAILURE() << "the forgery is not consistent on the buses: " << b.describe();
  expect_rejected(s, w, "'payload bytes past the length are 0'");
}

const Statement& precompile_statement() {
  static const Statement s(testing::guests::precompile_program());
  return s;
}

// The precompiles guest's Horner call writes out over its coefficients at 0x12010; out's first
// word is never read again. Forged there, with the RAM boundary's final value of the word and the
// range lookups following, every bus balances: only the table's Horner check can object.
TEST(StatementAttack, Fp3HornerOutForgedWithMemoryAgreeing) {
  const Statement& s = precompile_statement();
  Witness w = s.honest();
  auto& horner = w[s.table("fp3_horner")].main;
  ASSERT_EQ(horner.at(0, fp3_cols::kFirst), Fp::one());
  ASSERT_EQ(horner.at(2, fp3_cols::kLast), Fp::one());
  const uint32_t forged = static_cast<uint32_t>(horner.at(0, fp3_cols::kOut).value()) ^ 0x10001u;
  for (size_t r = 0; r < 3; ++r) {
    horner.at(r, fp3_cols::kOut) = u(forged);
    horner.at(r, fp3_cols::kOutHi) = u(forged >> 16);
  }
  auto& ram = w[s.table("ram_boundary")].main;
  const size_t r = find_row(ram, [](RowView v) { return v[ram::kAddr] == u(0x12010 / 4) && is1(v, ram::kWritable); });
  ram.at(r, ram::kVEnd) = u(forged);
  testing::rebalance_lookups(s, w);
  for (const auto& b : air::check_buses(s.traces(w), 4)) ADD_FAILURE() << "the forgery is not consistent on the buses: " << b.describe();
  expect_rejected(s, w, "out = acc_next on the last row");
}

// The CPU claims a Horner call but the proof leaves the Horner table out (an optional table with
// no rows): the call's tuple on kBusPrecompile has no receiver (and the memory accesses the table
// made, registers a1..a4 first, are missing from the memory bus).
TEST(StatementAttack, Fp3HornerCallWithTheTableLeftOut) {
  const Statement& s = precompile_statement();
  Witness w = s.honest();
  w[s.table("fp3_horner")].main = RowMajorMatrix(0, fp3_cols::kNumCols);
  testing::rebalance_lookups(s, w);
  bool call_unreceived = false;
  for (const auto& b : air::check_buses(s.traces(w), 1000))
    call_unreceived |= b.describe().find("bus 25: tuple (3, ") != std::string::npos;
  EXPECT_TRUE(call_unreceived) << "the Horner call's tuple on bus 25 is not reported";
  expect_rejected(s, w, "bus 13");
}

// The precompiles guest's Poseidon2 call permutes 0x12080..0x120C0 in place; the first word is
// never read again. Forged there, with the RAM boundary's final value and the range lookups
// following, every bus balances: only the table's permutation check can object.
TEST(StatementAttack, Poseidon2OutForgedWithMemoryAgreeing) {
  const Statement& s = precompile_statement();
  Witness w = s.honest();
  auto& p2 = w[s.table("poseidon2_precompile")].main;
  ASSERT_EQ(p2.at(0, p2p_cols::kCall), Fp::one());
  const uint32_t forged = static_cast<uint32_t>(p2.at(0, p2p_cols::kOut).value()) ^ 0x10001u;
  p2.at(0, p2p_cols::kOut) = u(forged);
  p2.at(0, p2p_cols::kOutHi) = u(forged >> 16);
  auto& ram = w[s.table("ram_boundary")].main;
  const size_t r = find_row(ram, [](RowView v) { return v[ram::kAddr] == u(0x12080 / 4) && is1(v, ram::kWritable); });
  ram.at(r, ram::kVEnd) = u(forged);
  testing::rebalance_lookups(s, w);
  for (const auto& b : air::check_buses(s.traces(w), 4)) ADD_FAILURE() << "the forgery is not consistent on the buses: " << b.describe();
  expect_rejected(s, w, "out = poseidon2(in)");
}

// The CPU claims a Poseidon2 call but the proof leaves the table out (an optional table with no
// rows): the call's tuple on kBusPrecompile has no receiver (and the state's memory accesses are
// missing from the memory bus).
TEST(StatementAttack, Poseidon2CallWithTheTableLeftOut) {
  const Statement& s = precompile_statement();
  Witness w = s.honest();
  w[s.table("poseidon2_precompile")].main = RowMajorMatrix(0, p2p_cols::kNumCols);
  testing::rebalance_lookups(s, w);
  bool call_unreceived = false;
  for (const auto& b : air::check_buses(s.traces(w), 1000))
    call_unreceived |= b.describe().find("bus 25: tuple (4, ") != std::string::npos;
  EXPECT_TRUE(call_unreceived) << "the Poseidon2 call's tuple on bus 25 is not reported";
  expect_rejected(s, w, "bus 13");
}

}  // namespace
}  // namespace goldfinch::circuit
