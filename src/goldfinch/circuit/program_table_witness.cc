// Witness generation (the prover side) of program_table.h; the AIR itself (interactions, constants,
// preprocessed columns) is in program_table.cc, which the verifier guest compiles too.
#include "goldfinch/circuit/program_table.h"

#include <algorithm>

#include "goldfinch/base/bits.h"
#include "goldfinch/vm/insn.h"

namespace goldfinch::circuit {

using air::Direction;
using air::LinearCombination;
using vm::Op;

namespace {

ProgramRow decode_row(uint32_t pc, uint32_t word) {
  ProgramRow r;
  r.pc = pc;
  const vm::Insn in = vm::decode(word);
  r.rd = in.rd;
  r.rs1 = in.rs1;
  r.rs2 = in.rs2;
  r.imm = static_cast<uint32_t>(in.imm);
  auto alu = [&](OpClass c, AluOp op) {
    r.opclass = c;
    r.alu_op = op;
  };
  switch (in.op) {
    case Op::kAdd: alu(kClassAlu, kAdd); break;
    case Op::kSub: alu(kClassAlu, kSub); break;
    case Op::kXor: alu(kClassAlu, kXor); break;
    case Op::kOr: alu(kClassAlu, kOr); break;
    case Op::kAnd: alu(kClassAlu, kAnd); break;
    case Op::kSll: alu(kClassAlu, kSll); break;
    case Op::kSrl: alu(kClassAlu, kSrl); break;
    case Op::kSra: alu(kClassAlu, kSra); break;
    case Op::kSlt: alu(kClassAlu, kSlt); break;
    case Op::kSltu: alu(kClassAlu, kSltu); break;
    case Op::kMul: alu(kClassAlu, kMul); break;
    case Op::kMulh: alu(kClassAlu, kMulh); break;
    case Op::kMulhsu: alu(kClassAlu, kMulhsu); break;
    case Op::kMulhu: alu(kClassAlu, kMulhu); break;
    case Op::kDiv: alu(kClassAlu, kDiv); break;
    case Op::kDivu: alu(kClassAlu, kDivu); break;
    case Op::kRem: alu(kClassAlu, kRem); break;
    case Op::kRemu: alu(kClassAlu, kRemu); break;
    case Op::kAddi: case Op::kMarker: alu(kClassAluImm, kAdd); break;
    case Op::kXori: alu(kClassAluImm, kXor); break;
    case Op::kOri: alu(kClassAluImm, kOr); break;
    case Op::kAndi: alu(kClassAluImm, kAnd); break;
    case Op::kSlti: alu(kClassAluImm, kSlt); break;
    case Op::kSltiu: alu(kClassAluImm, kSltu); break;
    case Op::kSlli: alu(kClassAluImm, kSll); break;
    case Op::kSrli: alu(kClassAluImm, kSrl); break;
    case Op::kSrai: alu(kClassAluImm, kSra); break;
    case Op::kFence:  // a no-op: addi x0, x0, 0
      alu(kClassAluImm, kAdd);
      r.rd = r.rs1 = r.rs2 = 0;
      r.imm = 0;
      break;
    case Op::kLui: r.opclass = kClassLui; break;
    case Op::kAuipc: r.opclass = kClassAuipc; break;
    case Op::kJal: r.opclass = kClassJal; break;
    case Op::kJalr: r.opclass = kClassJalr; break;
    case Op::kBeq: r.opclass = kClassBranch; r.br_kind = 1; break;
    case Op::kBne: r.opclass = kClassBranch; r.br_kind = 3; break;
    case Op::kBlt: r.opclass = kClassBranch; r.br_kind = 0; r.alu_op = kSlt; break;
    case Op::kBge: r.opclass = kClassBranch; r.br_kind = 2; r.alu_op = kSlt; break;
    case Op::kBltu: r.opclass = kClassBranch; r.br_kind = 0; r.alu_op = kSltu; break;
    case Op::kBgeu: r.opclass = kClassBranch; r.br_kind = 2; r.alu_op = kSltu; break;
    case Op::kEcall:
      r.opclass = kClassEcall;
      r.rs1 = 17;  // a7: the syscall number
      r.rs2 = 10;  // a0: the first argument (the exit code, the fd)
      r.rd = 10;   // a0: every supported call returns in a0 (exit leaves it)
      break;
    case Op::kLb: r.opclass = kClassLoad; r.alu_op = kLb; break;
    case Op::kLh: r.opclass = kClassLoad; r.alu_op = kLh; break;
    case Op::kLw: r.opclass = kClassLoad; r.alu_op = kLw; break;
    case Op::kLbu: r.opclass = kClassLoad; r.alu_op = kLbu; break;
    case Op::kLhu: r.opclass = kClassLoad; r.alu_op = kLhu; break;
    case Op::kSb: r.opclass = kClassStore; r.alu_op = kSb; r.rd = 0; break;
    case Op::kSh: r.opclass = kClassStore; r.alu_op = kSh; r.rd = 0; break;
    case Op::kSw: r.opclass = kClassStore; r.alu_op = kSw; r.rd = 0; break;
    default:
      r = ProgramRow{};  // EBREAK and illegal words: not provable, as the executor stops there
      r.pc = pc;
      return r;
  }
  if (r.opclass == kClassBranch) r.rd = 0;
  const bool writes = r.opclass == kClassAlu || r.opclass == kClassAluImm || r.opclass == kClassLui ||
                      r.opclass == kClassAuipc || r.opclass == kClassJal || r.opclass == kClassJalr ||
                      r.opclass == kClassLoad || r.opclass == kClassEcall;
  r.wr = writes && r.rd != 0 ? 1 : 0;
  if (!r.wr) r.rd = 0;
  return r;
}

}  // namespace

std::vector<ProgramRow> decode_program(const vm::Program& program) {
  std::vector<ProgramRow> rows(program.slots);
  for (uint32_t s = 0; s < program.slots; ++s) {
    rows[s] = decode_row(program.pc_of(s), program.words[s]);
    rows[s].word = program.words[s];
    rows[s].wx = program.is_wx(s) ? 1 : 0;
  }
  return rows;
}

RowMajorMatrix ProgramTable::trace(const std::vector<uint64_t>& counts) const {
  RowMajorMatrix t(height_, 1);
  for (size_t i = 0; i < counts.size() && i < height_; ++i) t.at(i, 0) = Fp::from_u64(counts[i]);
  return t;
}

}  // namespace goldfinch::circuit
