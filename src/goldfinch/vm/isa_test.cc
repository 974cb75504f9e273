// Per-instruction tests. Every expected value below was computed by hand from the RISC-V
// specification (not by running the executor); instruction words come from rv_asm.h encoders.
#include <gtest/gtest.h>

#include <string>

#include "goldfinch/vm/machine.h"
#include "goldfinch/vm/rv_asm.h"

namespace goldfinch::vm {
namespace {

using namespace rv;  // NOLINT

constexpr uint32_t kData = 0x40000;

Machine make(const std::vector<uint32_t>& code, std::span<const uint8_t> input = {}) {
  auto m = Machine::create(image_from_code(code, 0x10000, kData, 0x1000), input);
  EXPECT_TRUE(std::holds_alternative<Machine>(m));
  return std::move(std::get<Machine>(m));
}

// Runs one instruction with x1 = a, x2 = b and returns x3.
uint32_t run1(uint32_t word, uint32_t a, uint32_t b) {
  Machine m = make({word, ebreak()});
  m.set_reg(1, a);
  m.set_reg(2, b);
  RunResult r = m.run(1);
  EXPECT_EQ(r.status, RunStatus::kCycleLimit) << r.trap.message();
  EXPECT_EQ(m.pc(), 0x10004u);
  return m.reg(3);
}

struct Case {
  uint32_t a, b, want;
};

void check_rr(const char* name, uint32_t word, std::initializer_list<Case> cases) {
  int i = 0;
  for (const Case& c : cases) {
    EXPECT_EQ(run1(word, c.a, c.b), c.want) << name << " case " << i << " a=" << std::hex << c.a << " b=" << c.b;
    ++i;
  }
}

TEST(IsaTest, AluRegisterRegister) {
  check_rr("add", add(3, 1, 2), {{1, 2, 3}, {0x7FFFFFFF, 1, 0x80000000}, {0xFFFFFFFF, 1, 0}, {0x80000000, 0x80000000, 0}});
  check_rr("sub", sub(3, 1, 2), {{0, 1, 0xFFFFFFFF}, {0x80000000, 1, 0x7FFFFFFF}, {5, 5, 0}});
  check_rr("sll", sll(3, 1, 2), {{1, 31, 0x80000000}, {1, 32, 1}, {0xFFFFFFFF, 4, 0xFFFFFFF0}, {1, 0xFFFFFFE1, 2}});
  check_rr("srl", srl(3, 1, 2), {{0x80000000, 31, 1}, {0x80000000, 32, 0x80000000}, {0xFFFFFFFF, 4, 0x0FFFFFFF}});
  check_rr("sra", sra(3, 1, 2),
           {{0x80000000, 31, 0xFFFFFFFF}, {0x80000000, 4, 0xF8000000}, {0x7FFFFFFF, 30, 1}, {0x80000000, 0x20, 0x80000000}});
  check_rr("slt", slt(3, 1, 2), {{0xFFFFFFFF, 0, 1}, {0, 0xFFFFFFFF, 0}, {0x80000000, 0x7FFFFFFF, 1}, {5, 5, 0}});
  check_rr("sltu", sltu(3, 1, 2), {{0xFFFFFFFF, 0, 0}, {0, 0xFFFFFFFF, 1}, {0x80000000, 0x7FFFFFFF, 0}});
  check_rr("xor", xor_(3, 1, 2), {{0xFF00FF00, 0x0FF00FF0, 0xF0F0F0F0}});
  check_rr("or", or_(3, 1, 2), {{0xFF00FF00, 0x0FF00FF0, 0xFFF0FFF0}});
  check_rr("and", and_(3, 1, 2), {{0xFF00FF00, 0x0FF00FF0, 0x0F000F00}});
}

TEST(IsaTest, MultiplyDivide) {
  check_rr("mul", mul(3, 1, 2),
           {{0xFFFFFFFF, 0xFFFFFFFF, 1}, {0x80000000, 0xFFFFFFFF, 0x80000000}, {0x12345678, 0x10, 0x23456780}, {0x10000, 0x10000, 0}});
  check_rr("mulh", mulh(3, 1, 2),
           {{0x80000000, 0x80000000, 0x40000000}, {0xFFFFFFFF, 0xFFFFFFFF, 0}, {0x80000000, 0x7FFFFFFF, 0xC0000000},
            {0xFFFFFFFF, 1, 0xFFFFFFFF}, {0x7FFFFFFF, 0x7FFFFFFF, 0x3FFFFFFF}});
  check_rr("mulhsu", mulhsu(3, 1, 2),
           {{0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF}, {0x80000000, 0xFFFFFFFF, 0x80000000}, {1, 0xFFFFFFFF, 0},
            {0x7FFFFFFF, 0xFFFFFFFF, 0x7FFFFFFE}, {0xFFFFFFFF, 0, 0}});
  check_rr("mulhu", mulhu(3, 1, 2), {{0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFE}, {0x80000000, 2, 1}, {0x80000000, 0x80000000, 0x40000000}});
  check_rr("div", div(3, 1, 2),
           {{7, 2, 3}, {0xFFFFFFF9, 2, 0xFFFFFFFD}, {7, 0, 0xFFFFFFFF}, {0x80000000, 0xFFFFFFFF, 0x80000000},
            {0, 0, 0xFFFFFFFF}, {0x80000000, 1, 0x80000000}, {7, 0xFFFFFFFE, 0xFFFFFFFD}});
  check_rr("divu", divu(3, 1, 2), {{7, 2, 3}, {0xFFFFFFFF, 2, 0x7FFFFFFF}, {7, 0, 0xFFFFFFFF}, {0x80000000, 0xFFFFFFFF, 0}});
  check_rr("rem", rem(3, 1, 2),
           {{7, 2, 1}, {0xFFFFFFF9, 2, 0xFFFFFFFF}, {7, 0xFFFFFFFE, 1}, {7, 0, 7}, {0x80000000, 0xFFFFFFFF, 0},
            {0xFFFFFFF9, 0, 0xFFFFFFF9}});
  check_rr("remu", remu(3, 1, 2), {{7, 2, 1}, {0xFFFFFFFF, 0x10, 0xF}, {7, 0, 7}, {0x80000000, 0xFFFFFFFF, 0x80000000}});
}

TEST(IsaTest, AluImmediate) {
  EXPECT_EQ(run1(addi(3, 1, -1), 0, 0), 0xFFFFFFFFu);
  EXPECT_EQ(run1(addi(3, 1, 2047), 0x7FFFFFFF, 0), 0x800007FEu);
  EXPECT_EQ(run1(addi(3, 1, -2048), 0, 0), 0xFFFFF800u);
  EXPECT_EQ(run1(slti(3, 1, -1), 0x80000000, 0), 1u);
  EXPECT_EQ(run1(slti(3, 1, -1), 0, 0), 0u);
  EXPECT_EQ(run1(sltiu(3, 1, -1), 0xFFFFFFFE, 0), 1u);  // imm sign-extends to 0xFFFFFFFF
  EXPECT_EQ(run1(sltiu(3, 1, -1), 0xFFFFFFFF, 0), 0u);
  EXPECT_EQ(run1(sltiu(3, 1, 1), 0, 0), 1u);
  EXPECT_EQ(run1(xori(3, 1, -1), 0x0F0F0F0F, 0), 0xF0F0F0F0u);
  EXPECT_EQ(run1(ori(3, 1, -2048), 1, 0), 0xFFFFF801u);
  EXPECT_EQ(run1(andi(3, 1, -16), 0x12345678, 0), 0x12345670u);
  EXPECT_EQ(run1(slli(3, 1, 31), 3, 0), 0x80000000u);
  EXPECT_EQ(run1(srli(3, 1, 1), 0x80000001, 0), 0x40000000u);
  EXPECT_EQ(run1(srai(3, 1, 1), 0x80000001, 0), 0xC0000000u);
  EXPECT_EQ(run1(srai(3, 1, 0), 0x80000001, 0), 0x80000001u);
  EXPECT_EQ(run1(lui(3, 0xFFFFF), 0, 0), 0xFFFFF000u);
  EXPECT_EQ(run1(auipc(3, 0x1), 0, 0), 0x11000u);      // pc 0x10000 + 0x1000
  EXPECT_EQ(run1(auipc(3, 0xFFFFF), 0, 0), 0xF000u);   // pc 0x10000 - 0x1000
}

TEST(IsaTest, ZeroRegisterStaysZero) {
  Machine m = make({addi(0, 1, 5), add(0, 1, 1), lui(0, 0x12345), lw(0, 2, 0), jal(0, 4), ebreak()});
  m.set_reg(1, 7);
  m.set_reg(2, kData);
  RunResult r = m.run(5);
  EXPECT_EQ(r.status, RunStatus::kCycleLimit);
  EXPECT_EQ(m.reg(0), 0u);
  EXPECT_EQ(m.pc(), 0x10014u);
}

Machine data_machine(const std::vector<uint32_t>& code) {
  Machine m = make(code);
  const uint8_t bytes[8] = {0x80, 0xFF, 0x34, 0x12, 0x78, 0x56, 0x34, 0x92};
  EXPECT_EQ(m.memory().write_bytes(kData, bytes), StoreStatus::kOk);
  m.set_reg(1, kData);
  return m;
}

uint32_t load(uint32_t word) {
  Machine m = data_machine({word, ebreak()});
  RunResult r = m.run(1);
  EXPECT_EQ(r.status, RunStatus::kCycleLimit) << r.trap.message();
  return m.reg(3);
}

TEST(IsaTest, Loads) {
  EXPECT_EQ(load(lb(3, 1, 0)), 0xFFFFFF80u);
  EXPECT_EQ(load(lbu(3, 1, 0)), 0x80u);
  EXPECT_EQ(load(lh(3, 1, 0)), 0xFFFFFF80u);
  EXPECT_EQ(load(lhu(3, 1, 0)), 0xFF80u);
  EXPECT_EQ(load(lh(3, 1, 2)), 0x1234u);
  EXPECT_EQ(load(lw(3, 1, 0)), 0x1234FF80u);
  EXPECT_EQ(load(lw(3, 1, 4)), 0x92345678u);
  EXPECT_EQ(load(lb(3, 1, 7)), 0xFFFFFF92u);
  EXPECT_EQ(load(lbu(3, 1, 7)), 0x92u);
  EXPECT_EQ(load(lhu(3, 1, 6)), 0x9234u);
  EXPECT_EQ(load(lh(3, 1, 6)), 0xFFFF9234u);
  Machine m = data_machine({lw(3, 1, -4), ebreak()});
  m.set_reg(1, kData + 8);
  m.run(1);
  EXPECT_EQ(m.reg(3), 0x92345678u);
}

uint32_t store_then_word(uint32_t word) {
  Machine m = data_machine({word, ebreak()});
  m.set_reg(2, 0xAABBCCDD);
  RunResult r = m.run(1);
  EXPECT_EQ(r.status, RunStatus::kCycleLimit) << r.trap.message();
  return m.memory().peek_word(kData);
}

TEST(IsaTest, Stores) {
  EXPECT_EQ(store_then_word(sb(2, 1, 1)), 0x1234DD80u);
  EXPECT_EQ(store_then_word(sh(2, 1, 2)), 0xCCDDFF80u);
  EXPECT_EQ(store_then_word(sw(2, 1, 0)), 0xAABBCCDDu);
  EXPECT_EQ(store_then_word(sb(2, 1, 3)), 0xDD34FF80u);
}

uint32_t branch_pc(uint32_t word, uint32_t a, uint32_t b) {
  Machine m = make({word, addi(3, 0, 1), addi(3, 0, 2)});
  m.set_reg(1, a);
  m.set_reg(2, b);
  m.run(1);
  return m.pc();
}

TEST(IsaTest, Branches) {
  constexpr uint32_t kTaken = 0x10008, kNot = 0x10004;
  EXPECT_EQ(branch_pc(beq(1, 2, 8), 5, 5), kTaken);
  EXPECT_EQ(branch_pc(beq(1, 2, 8), 5, 6), kNot);
  EXPECT_EQ(branch_pc(bne(1, 2, 8), 5, 6), kTaken);
  EXPECT_EQ(branch_pc(bne(1, 2, 8), 5, 5), kNot);
  EXPECT_EQ(branch_pc(blt(1, 2, 8), 0xFFFFFFFF, 0), kTaken);
  EXPECT_EQ(branch_pc(blt(1, 2, 8), 0, 0xFFFFFFFF), kNot);
  EXPECT_EQ(branch_pc(blt(1, 2, 8), 5, 5), kNot);
  EXPECT_EQ(branch_pc(bge(1, 2, 8), 5, 5), kTaken);
  EXPECT_EQ(branch_pc(bge(1, 2, 8), 0x80000000, 0x7FFFFFFF), kNot);
  EXPECT_EQ(branch_pc(bltu(1, 2, 8), 0, 0xFFFFFFFF), kTaken);
  EXPECT_EQ(branch_pc(bltu(1, 2, 8), 0xFFFFFFFF, 0), kNot);
  EXPECT_EQ(branch_pc(bgeu(1, 2, 8), 0xFFFFFFFF, 0), kTaken);
  EXPECT_EQ(branch_pc(bgeu(1, 2, 8), 5, 5), kTaken);
  EXPECT_EQ(branch_pc(bgeu(1, 2, 8), 0, 1), kNot);
}

TEST(IsaTest, Jumps) {
  {
    Machine m = make({jal(3, 8), ebreak(), ebreak()});
    m.run(1);
    EXPECT_EQ(m.pc(), 0x10008u);
    EXPECT_EQ(m.reg(3), 0x10004u);
  }
  {
    Machine m = make({ebreak(), ebreak(), jal(3, -8)});
    m.set_pc(0x10008);
    m.run(1);
    EXPECT_EQ(m.pc(), 0x10000u);
    EXPECT_EQ(m.reg(3), 0x1000Cu);
  }
  {  // JALR clears bit 0 of the sum.
    Machine m = make({jalr(3, 1, -1), ebreak(), ebreak()});
    m.set_reg(1, 0x10009);
    m.run(1);
    EXPECT_EQ(m.pc(), 0x10008u);
    EXPECT_EQ(m.reg(3), 0x10004u);
  }
  {  // rd == rs1: the target uses the old value.
    Machine m = make({jalr(1, 1, 0), ebreak(), ebreak()});
    m.set_reg(1, 0x10009);
    m.run(1);
    EXPECT_EQ(m.pc(), 0x10008u);
    EXPECT_EQ(m.reg(1), 0x10004u);
  }
}

Trap trap_of(Machine& m, uint64_t cycles = 10) {
  RunResult r = m.run(cycles);
  EXPECT_EQ(r.status, RunStatus::kTrap);
  return r.trap;
}

TEST(IsaTest, MisalignedJumpTrapsWithoutWritingRd) {
  Machine m = make({jalr(3, 1, 0), ebreak()});
  m.set_reg(1, 0x10006);
  Trap t = trap_of(m);
  EXPECT_EQ(t.reason, TrapReason::kMisalignedJump);
  EXPECT_EQ(t.pc, 0x10000u);
  EXPECT_EQ(t.addr, 0x10006u);
  EXPECT_EQ(m.reg(3), 0u);
  EXPECT_EQ(m.cycles(), 0u);
  Machine b = make({beq(0, 0, 6), ebreak()});
  EXPECT_EQ(trap_of(b).reason, TrapReason::kMisalignedJump);
}

TEST(IsaTest, JumpsOutsideCodeFaultAtTarget) {
  Machine m = make({jal(1, 0x1000), ebreak()});
  Trap t = trap_of(m);
  EXPECT_EQ(t.reason, TrapReason::kFetchFault);
  EXPECT_EQ(t.pc, 0x11000u);
  EXPECT_EQ(m.reg(1), 0x10004u);  // the jump itself completed
  EXPECT_EQ(m.cycles(), 1u);
  Machine j = make({jalr(0, 1, 0)});
  j.set_reg(1, kData);  // data is not executable
  EXPECT_EQ(trap_of(j).pc, kData);
  Machine fall = make({addi(1, 1, 1)});  // falls off the end of the code
  Trap f = trap_of(fall);
  EXPECT_EQ(f.reason, TrapReason::kFetchFault);
  EXPECT_EQ(f.pc, 0x10004u);
}

TEST(IsaTest, IllegalEncodingsTrap) {
  const uint32_t kIllegal[] = {
      0x00000000,                        // all-zero word
      0x00000001, 0x00004501,            // compressed encodings
      0xFFFFFFFF,                        // opcode 0x7F
      0x30001073,                        // csrrw x0, mstatus, x0
      0xC0002573,                        // rdcycle a0 (csrrs)
      0x10500073,                        // wfi
      0x30200073,                        // mret
      0x00200073,                        // uret
      0x00000173,                        // ecall with rd != 0
      0x00108073,                        // ecall with rs1 != 0... (funct3 0, rs1 = 1)
      i_type(0, 1, 1, 3, 0x67),          // jalr funct3 1
      b_type(8, 2, 1, 2), b_type(8, 2, 1, 3),  // branch funct3 2, 3
      i_type(0, 1, 3, 3, 0x03), i_type(0, 1, 6, 3, 0x03), i_type(0, 1, 7, 3, 0x03),  // ld, lwu, ?
      s_type(0, 2, 1, 3, 0x23), s_type(0, 2, 1, 4, 0x23),                            // sd, ?
      r_type(0x20, 1, 1, 1, 3, 0x13),    // slli with funct7 0x20
      r_type(0x01, 1, 1, 5, 3, 0x13),    // srli with funct7 0x01
      r_type(0x01, 1, 1, 1, 3, 0x13),    // slli with shamt[5] set (RV64 form)
      r_type(0x20, 2, 1, 1, 3, 0x33),    // sll with funct7 0x20
      r_type(0x20, 2, 1, 4, 3, 0x33),    // xor with funct7 0x20
      r_type(0x02, 2, 1, 0, 3, 0x33),    // funct7 0x02
      r_type(0x40, 2, 1, 0, 3, 0x33),    // funct7 0x40
      i_type(0, 0, 2, 0, 0x0F),          // MISC-MEM funct3 2
      0x0000202F,                        // AMO (opcode 0x2F)
      0x00002007,                        // flw (opcode 0x07)
      0x0000003B,                        // OP-32 (RV64)
  };
  for (uint32_t w : kIllegal) {
    Machine m = make({w, ebreak()});
    Trap t = trap_of(m);
    EXPECT_EQ(t.reason, TrapReason::kIllegalInstruction) << std::hex << w;
    EXPECT_EQ(t.word, w);
    EXPECT_EQ(t.pc, 0x10000u);
    EXPECT_NE(t.message().find("illegal instruction"), std::string::npos);
  }
}

TEST(IsaTest, FenceAndMarkersAreNoOps) {
  Machine m = make({fence(), 0x0000100F /*fence.i*/, marker(7), addi(3, 0, 9), ebreak()});
  RunResult r = m.run(4);
  EXPECT_EQ(r.status, RunStatus::kCycleLimit);
  EXPECT_EQ(m.reg(3), 9u);
}

TEST(IsaTest, EbreakStops) {
  Machine m = make({addi(3, 0, 1), ebreak()});
  Trap t = trap_of(m);
  EXPECT_EQ(t.reason, TrapReason::kEbreak);
  EXPECT_EQ(t.pc, 0x10004u);
  EXPECT_EQ(t.message(), "ebreak at pc 0x00010004");
  EXPECT_EQ(m.cycles(), 1u);
}

TEST(IsaTest, MemoryFaults) {
  struct F {
    uint32_t word, base;
    TrapReason want;
  };
  const F faults[] = {
      {lw(3, 1, 2), kData, TrapReason::kMisalignedLoad},
      {lh(3, 1, 1), kData, TrapReason::kMisalignedLoad},
      {lhu(3, 1, 3), kData, TrapReason::kMisalignedLoad},
      {sw(2, 1, 1), kData, TrapReason::kMisalignedStore},
      {sh(2, 1, 3), kData, TrapReason::kMisalignedStore},
      {lw(3, 1, 0), 0, TrapReason::kLoadFault},             // null guard
      {lb(3, 1, 0), 0xFFFF, TrapReason::kLoadFault},
      {lw(3, 1, 0), 0x30000000, TrapReason::kLoadFault},    // above the input region
      {lw(3, 1, 0), 0xFFFFFFFC, TrapReason::kLoadFault},
      {sw(2, 1, 0), 0, TrapReason::kStoreFault},
      {sb(2, 1, 0), 0x30000000, TrapReason::kStoreFault},
      {sw(2, 1, 0), 0x10000, TrapReason::kStoreReadOnly},   // code
      {sb(2, 1, 0), 0x20000000, TrapReason::kStoreReadOnly},  // input region
      {sb(2, 1, 0), 0x2FFFFFFF, TrapReason::kStoreReadOnly},
  };
  for (const F& f : faults) {
    Machine m = make({f.word, ebreak()});
    m.set_reg(1, f.base);
    Trap t = trap_of(m);
    EXPECT_EQ(t.reason, f.want) << std::hex << f.word << " @" << f.base;
    EXPECT_EQ(t.pc, 0x10000u);
    EXPECT_EQ(m.cycles(), 0u);
  }
}

TEST(IsaTest, RamAndInputRegionReadable) {
  const uint8_t payload[5] = {0xA1, 0xB2, 0xC3, 0xD4, 0xE5};
  Machine m = make({lw(3, 1, 0), lw(4, 1, 4), lw(5, 1, 8), lw(6, 1, 12), lbu(7, 1, 16), lw(8, 1, 20),
                    lw(9, 2, -4), lw(10, 2, 4), ebreak()},
                   payload);
  m.set_reg(1, 0x20000000);
  m.set_reg(2, 0x20000000);  // -4 → top of RAM (stack), +4 → input header
  RunResult r = m.run(8);
  ASSERT_EQ(r.status, RunStatus::kCycleLimit) << r.trap.message();
  EXPECT_EQ(m.reg(3), 0x4E494647u);  // "GFIN"
  EXPECT_EQ(m.reg(4), 1u);
  EXPECT_EQ(m.reg(5), 5u);
  EXPECT_EQ(m.reg(6), 0u);
  EXPECT_EQ(m.reg(7), 0xA1u);
  EXPECT_EQ(m.reg(8), 0x000000E5u);
  EXPECT_EQ(m.reg(9), 0u);
  EXPECT_EQ(m.reg(10), 1u);
}

}  // namespace
}  // namespace goldfinch::vm
