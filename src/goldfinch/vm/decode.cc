#include "goldfinch/vm/insn.h"

#include <cstddef>

namespace goldfinch::vm {
namespace {

constexpr int32_t imm_i(uint32_t w) { return static_cast<int32_t>(w) >> 20; }
constexpr int32_t imm_s(uint32_t w) {
  return (static_cast<int32_t>(w & 0xFE000000u) >> 20) | static_cast<int32_t>((w >> 7) & 0x1F);
}
constexpr int32_t imm_b(uint32_t w) {
  return (static_cast<int32_t>(w & 0x80000000u) >> 19) | static_cast<int32_t>(((w >> 7) & 1) << 11) |
         static_cast<int32_t>(((w >> 25) & 0x3F) << 5) | static_cast<int32_t>(((w >> 8) & 0xF) << 1);
}
constexpr int32_t imm_u(uint32_t w) { return static_cast<int32_t>(w & 0xFFFFF000u); }
constexpr int32_t imm_j(uint32_t w) {
  return (static_cast<int32_t>(w & 0x80000000u) >> 11) | static_cast<int32_t>(w & 0xFF000u) |
         static_cast<int32_t>(((w >> 20) & 1) << 11) | static_cast<int32_t>(((w >> 21) & 0x3FF) << 1);
}

Insn illegal(IllegalKind kind) { return Insn{Op::kIllegal, 0, 0, 0, static_cast<int32_t>(kind)}; }

Insn make(Op op, uint32_t rd, uint32_t rs1, uint32_t rs2, int32_t imm) {
  return Insn{op, static_cast<uint8_t>(rd), static_cast<uint8_t>(rs1), static_cast<uint8_t>(rs2), imm};
}

}  // namespace

Insn decode(uint32_t w) {
  if ((w & 3) != 3) return illegal(IllegalKind::kCompressed);
  const uint32_t opcode = w & 0x7F;
  const uint32_t rd = (w >> 7) & 0x1F;
  const uint32_t f3 = (w >> 12) & 7;
  const uint32_t rs1 = (w >> 15) & 0x1F;
  const uint32_t rs2 = (w >> 20) & 0x1F;
  const uint32_t f7 = w >> 25;
  switch (opcode) {
    case 0x37: return make(Op::kLui, rd, 0, 0, imm_u(w));
    case 0x17: return make(Op::kAuipc, rd, 0, 0, imm_u(w));
    case 0x6F: return make(Op::kJal, rd, 0, 0, imm_j(w));
    case 0x67:
      if (f3 != 0) return illegal(IllegalKind::kBadFunct);
      return make(Op::kJalr, rd, rs1, 0, imm_i(w));
    case 0x63: {
      static constexpr Op kBranch[8] = {Op::kBeq, Op::kBne, Op::kIllegal, Op::kIllegal,
                                        Op::kBlt, Op::kBge, Op::kBltu,    Op::kBgeu};
      if (kBranch[f3] == Op::kIllegal) return illegal(IllegalKind::kBadFunct);
      return make(kBranch[f3], 0, rs1, rs2, imm_b(w));
    }
    case 0x03: {
      static constexpr Op kLoad[8] = {Op::kLb,  Op::kLh,  Op::kLw,      Op::kIllegal,
                                      Op::kLbu, Op::kLhu, Op::kIllegal, Op::kIllegal};
      if (kLoad[f3] == Op::kIllegal) return illegal(IllegalKind::kBadFunct);
      return make(kLoad[f3], rd, rs1, 0, imm_i(w));
    }
    case 0x23: {
      static constexpr Op kStore[3] = {Op::kSb, Op::kSh, Op::kSw};
      if (f3 > 2) return illegal(IllegalKind::kBadFunct);
      return make(kStore[f3], 0, rs1, rs2, imm_s(w));
    }
    case 0x13:
      switch (f3) {
        case 0:
          if (rd == 0 && rs1 == 0 && imm_i(w) != 0) return make(Op::kMarker, 0, 0, 0, imm_i(w));
          return make(Op::kAddi, rd, rs1, 0, imm_i(w));
        case 1:
          if (f7 != 0) return illegal(IllegalKind::kBadFunct);
          return make(Op::kSlli, rd, rs1, 0, static_cast<int32_t>(rs2));
        case 2: return make(Op::kSlti, rd, rs1, 0, imm_i(w));
        case 3: return make(Op::kSltiu, rd, rs1, 0, imm_i(w));
        case 4: return make(Op::kXori, rd, rs1, 0, imm_i(w));
        case 5:
          if (f7 == 0) return make(Op::kSrli, rd, rs1, 0, static_cast<int32_t>(rs2));
          if (f7 == 0x20) return make(Op::kSrai, rd, rs1, 0, static_cast<int32_t>(rs2));
          return illegal(IllegalKind::kBadFunct);
        case 6: return make(Op::kOri, rd, rs1, 0, imm_i(w));
        default: return make(Op::kAndi, rd, rs1, 0, imm_i(w));
      }
    case 0x33: {
      static constexpr Op kBase[8] = {Op::kAdd, Op::kSll, Op::kSlt, Op::kSltu,
                                      Op::kXor, Op::kSrl, Op::kOr,  Op::kAnd};
      static constexpr Op kMulDiv[8] = {Op::kMul, Op::kMulh, Op::kMulhsu, Op::kMulhu,
                                        Op::kDiv, Op::kDivu, Op::kRem,    Op::kRemu};
      if (f7 == 0) return make(kBase[f3], rd, rs1, rs2, 0);
      if (f7 == 1) return make(kMulDiv[f3], rd, rs1, rs2, 0);
      if (f7 == 0x20 && f3 == 0) return make(Op::kSub, rd, rs1, rs2, 0);
      if (f7 == 0x20 && f3 == 5) return make(Op::kSra, rd, rs1, rs2, 0);
      return illegal(IllegalKind::kBadFunct);
    }
    case 0x0F:
      // FENCE (funct3 0) and FENCE.I (funct3 1). Their unused fields are ignored, as the
      // specification asks of base implementations.
      if (f3 > 1) return illegal(IllegalKind::kBadFunct);
      return make(Op::kFence, 0, 0, 0, 0);
    case 0x73:
      if (w == 0x00000073) return make(Op::kEcall, 0, 0, 0, 0);
      if (w == 0x00100073) return make(Op::kEbreak, 0, 0, 0, 0);
      return illegal(IllegalKind::kSystem);
    default: return illegal(IllegalKind::kBadOpcode);
  }
}

bool writes_rd(Op op) {
  switch (op) {
    case Op::kLui: case Op::kAuipc: case Op::kJal: case Op::kJalr:
    case Op::kLb: case Op::kLh: case Op::kLw: case Op::kLbu: case Op::kLhu:
    case Op::kAddi: case Op::kSlti: case Op::kSltiu: case Op::kXori: case Op::kOri: case Op::kAndi:
    case Op::kSlli: case Op::kSrli: case Op::kSrai:
    case Op::kAdd: case Op::kSub: case Op::kSll: case Op::kSlt: case Op::kSltu: case Op::kXor:
    case Op::kSrl: case Op::kSra: case Op::kOr: case Op::kAnd:
    case Op::kMul: case Op::kMulh: case Op::kMulhsu: case Op::kMulhu:
    case Op::kDiv: case Op::kDivu: case Op::kRem: case Op::kRemu:
    case Op::kLi: case Op::kJalBad:
      return true;
    default: return false;
  }
}

const char* op_name(Op op) {
  static constexpr const char* kNames[] = {
      "illegal", "fetch-fault", "lui", "auipc", "jal", "jalr",
      "beq", "bne", "blt", "bge", "bltu", "bgeu",
      "lb", "lh", "lw", "lbu", "lhu", "sb", "sh", "sw",
      "addi", "slti", "sltiu", "xori", "ori", "andi", "slli", "srli", "srai",
      "add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra", "or", "and",
      "mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu",
      "fence", "ecall", "ebreak", "marker", "li", "jal(bad target)", "branch(bad target)",
      "wx-check"};
  static_assert(sizeof(kNames) / sizeof(kNames[0]) == static_cast<size_t>(Op::kCount));
  const auto i = static_cast<size_t>(op);
  return i < static_cast<size_t>(Op::kCount) ? kNames[i] : "?";
}

const char* illegal_kind_name(IllegalKind kind) {
  switch (kind) {
    case IllegalKind::kCompressed: return "compressed or all-zero encoding (RVC is not supported)";
    case IllegalKind::kBadOpcode: return "opcode not in RV32IM";
    case IllegalKind::kBadFunct: return "reserved funct3/funct7 encoding";
    case IllegalKind::kSystem: return "SYSTEM instruction other than ECALL/EBREAK (no CSRs)";
  }
  return "?";
}

}  // namespace goldfinch::vm
