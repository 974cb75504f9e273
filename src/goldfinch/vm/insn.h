// RV32IM instruction decoding. The decoder checks every opcode, funct3 and funct7 field and turns
// a 32-bit word into an Insn (operation, register numbers, immediate) or an illegal-instruction
// reason; the executor pre-decodes all executable memory once with it.
#pragma once

#include <cstdint>

namespace goldfinch::vm {

// One entry per distinct behaviour. kLi covers LUI and AUIPC (the pc is known at pre-decode time).
enum class Op : uint8_t {
  kIllegal,     // imm holds an IllegalKind
  kFetchFault,  // pc outside executable memory (pre-decoded padding)
  kLui, kAuipc, kJal, kJalr,
  kBeq, kBne, kBlt, kBge, kBltu, kBgeu,
  kLb, kLh, kLw, kLbu, kLhu,
  kSb, kSh, kSw,
  kAddi, kSlti, kSltiu, kXori, kOri, kAndi, kSlli, kSrli, kSrai,
  kAdd, kSub, kSll, kSlt, kSltu, kXor, kSrl, kSra, kOr, kAnd,
  kMul, kMulh, kMulhsu, kMulhu, kDiv, kDivu, kRem, kRemu,
  kFence,   // FENCE and FENCE.I: no-ops
  kEcall, kEbreak,
  kMarker,  // addi x0, x0, N with N != 0: a profiler step marker, a no-op
  // Executor-internal forms produced by pre-decoding (never returned by decode()):
  kLi,          // rd = imm (LUI, and AUIPC with the pc folded in)
  kJalBad,      // JAL whose target is misaligned or outside executable memory
  kBranchBad,   // a branch whose target is bad; rd holds the original Op
  kWxCheck,     // a slot of a writable and executable segment: compares the word in memory
                // with the loaded word, then runs Program::wx_ops[slot] (fields as decoded)
  kCount
};

enum class IllegalKind : uint8_t {
  kCompressed,     // low two bits != 0b11 (RVC, or the all-zero word)
  kBadOpcode,      // major opcode not in RV32IM
  kBadFunct,       // a funct3/funct7 (or shift-immediate) pattern that RV32IM leaves reserved
  kSystem,         // CSR instructions, WFI, MRET and every SYSTEM word but ECALL/EBREAK
};

struct Insn {
  Op op = Op::kIllegal;
  uint8_t rd = 0;   // 0 when the instruction has no destination
  uint8_t rs1 = 0;  // 0 when unused
  uint8_t rs2 = 0;  // 0 when unused
  int32_t imm = 0;  // sign-extended immediate; shift amount for shifts; IllegalKind for kIllegal
};
static_assert(sizeof(Insn) == 8);

// Decodes one word. Never fails: an illegal word gives Op::kIllegal with the reason in imm.
Insn decode(uint32_t word);

const char* op_name(Op op);
const char* illegal_kind_name(IllegalKind kind);

// True for the ops that write rd.
bool writes_rd(Op op);

}  // namespace goldfinch::vm
