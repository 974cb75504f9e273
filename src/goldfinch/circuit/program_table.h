// The program table: one preprocessed row per 4-byte slot of the executable segments, holding
// the decoded instruction; the CPU looks up (pc, decoded fields) on kBusProgram, and the main
// column counts how often each slot ran. Part of the verifying key (preprocessed), so a proof is
// bound to the program's code. Slots that do not decode to a supported instruction get opclass 0,
// which no CPU row accepts; padding rows likewise. For a program with writable and executable
// segments the table has two more fields, the raw word and `wx` (1 on slots in writable memory),
// with which the CPU checks that memory still holds a wx slot's word when it runs it.
#pragma once

#include <cstdint>
#include <vector>

#include "goldfinch/air/air.h"
#include "goldfinch/air/builders.h"
#include "goldfinch/circuit/buses.h"
#include "goldfinch/vm/program.h"

namespace goldfinch::circuit {

// Instruction classes (the CPU has one boolean flag per class; exactly one is set on a real row).
enum OpClass : uint32_t {
  kClassNone = 0,  // not provable (illegal, EBREAK, unsupported yet)
  kClassAlu = 1,     // R-type ALU: rd = op(rs1, rs2)
  kClassAluImm = 2,  // I-type ALU (and FENCE as addi x0, x0, 0): rd = op(rs1, imm)
  kClassLui = 3,
  kClassAuipc = 4,
  kClassJal = 5,
  kClassJalr = 6,
  kClassBranch = 7,
  kClassEcall = 8,
  kClassLoad = 9,   // rd = memory at rs1 + imm (op field: MemOp)
  kClassStore = 10, // memory at rs1 + imm = rs2 (op field: MemOp)
  kNumClasses = 10,
};

// Branch kinds: br_eq + 2 * br_neg (BEQ 1, BNE 3, BLT/BLTU 0 with op SLT/SLTU, BGE/BGEU 2).
struct ProgramRow {
  uint32_t pc = 0;
  uint32_t opclass = kClassNone;
  uint32_t alu_op = 0;  // AluOp for ALU and branch classes, MemOp for loads and stores
  uint32_t br_kind = 0;
  uint32_t rd = 0, rs1 = 0, rs2 = 0;
  uint32_t imm = 0;  // as a u32 (sign-extended immediates wrap)
  uint32_t wr = 0;   // 1 when the instruction writes a register other than x0
  uint32_t word = 0;  // the loaded instruction word (a field only in tables with wx())
  uint32_t wx = 0;    // 1 when the slot lies in a writable and executable segment
};

// Decodes every slot of the program (raw words, the RISC-V encoding — not the executor's forms).
std::vector<ProgramRow> decode_program(const vm::Program& program);

class ProgramTable : public air::AirBase<ProgramTable> {
 public:
  static constexpr size_t kFields = 9;  // pc, opclass, alu_op, br_kind, rd, rs1, rs2, imm, wr
  static constexpr size_t kWxFields = kFields + 2;  // ... word, wx
  // wx() is set when some row has wx = 1.
  explicit ProgramTable(std::vector<ProgramRow> rows);
  // Verifier side (a guest key without its ELF): no rows, only the fixed height, a power of two
  // >= 4 that the key fixes, and whether the program has W+X slots. Same name, columns,
  // interactions as the ELF-built table; its preprocessed columns are committed in the key, so
  // preprocessed_trace() is not available.
  static ProgramTable of_height(size_t height, bool wx = false);

  std::string name() const override { return "program"; }
  size_t width() const override { return 1; }  // execution count
  size_t preprocessed_width() const override { return wx_ ? kWxFields : kFields; }
  size_t fixed_height() const override { return height_; }
  RowMajorMatrix preprocessed_trace(size_t height) const override;
  std::vector<air::Interaction> interactions() const override;
  template <class B>
  void eval(B&) const {}

  const std::vector<ProgramRow>& rows() const { return rows_; }
  // Whether the table carries the word and wx fields (the program has W+X slots).
  bool wx() const { return wx_; }
  // Row index of pc (pc must be in the program).
  size_t row_of(uint32_t pc) const { return (pc - base_) / 4; }
  // Multiplicities from per-row execution counts.
  RowMajorMatrix trace(const std::vector<uint64_t>& counts) const;

 private:
  std::vector<ProgramRow> rows_;
  uint32_t base_ = 0;
  size_t height_ = 4;
  bool shape_only_ = false;
  bool wx_ = false;
};

}  // namespace goldfinch::circuit
