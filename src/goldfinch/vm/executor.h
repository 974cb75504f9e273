// The one instruction implementation: a threaded interpreter (computed goto) over the
// pre-decoded program, templated on a tracer policy. With FastTracer every hook compiles away;
// with TraceRecorder each cycle fills a TraceRow. Include only where run_with is instantiated.
#pragma once

#include <cstring>

#include "goldfinch/vm/machine.h"

namespace goldfinch::vm {

#define GF_VM_UNLIKELY(x) __builtin_expect(!!(x), 0)

template <class Tracer>
RunResult Machine::run_with(Tracer& tracer, uint64_t max_cycles) {
  if (final_) return *final_;
  constexpr bool kRows = Tracer::kRows;
  const Program& prog = *program_;
  const Insn* const code = prog.insns.data();
  const uint32_t* const words = prog.words.data();
  const Op* const wx_ops = prog.wx_ops.data();
  const uint32_t base = prog.base;
  const uint32_t code_bytes = prog.slots * 4;
  const uint8_t* const* const rt = memory_.read_table();
  uint8_t* const* const wt = memory_.write_table();

  uint32_t x[33];
  std::memcpy(x, x_.data(), sizeof(x));
  x[0] = 0;
  const uint64_t budget = max_cycles > cycle_ ? max_cycles - cycle_ : 0;
  uint64_t left = budget;
  const Insn* ip = code;
  const Insn* cur = code;
  TraceRow scratch_row{};
  TraceRow* rowp = &scratch_row;
  RunResult result;
  Trap trap;
  uint32_t fault_pc = 0;

  static const void* const kLabels[] = {
      &&op_illegal, &&op_fetch_fault, &&op_illegal, &&op_illegal, &&op_jal, &&op_jalr,
      &&op_beq, &&op_bne, &&op_blt, &&op_bge, &&op_bltu, &&op_bgeu,
      &&op_lb, &&op_lh, &&op_lw, &&op_lbu, &&op_lhu, &&op_sb, &&op_sh, &&op_sw,
      &&op_addi, &&op_slti, &&op_sltiu, &&op_xori, &&op_ori, &&op_andi, &&op_slli, &&op_srli, &&op_srai,
      &&op_add, &&op_sub, &&op_sll, &&op_slt, &&op_sltu, &&op_xor, &&op_srl, &&op_sra, &&op_or, &&op_and,
      &&op_mul, &&op_mulh, &&op_mulhsu, &&op_mulhu, &&op_div, &&op_divu, &&op_rem, &&op_remu,
      &&op_nop, &&op_ecall, &&op_ebreak, &&op_nop, &&op_li, &&op_jal_bad, &&op_branch_bad,
      &&op_wx_check};
  static_assert(sizeof(kLabels) / sizeof(kLabels[0]) == static_cast<size_t>(Op::kCount));

#define PC_OF(p) (base + static_cast<uint32_t>((p) - code) * 4u)
#define DISPATCH()                                                    \
  do {                                                                \
    if (GF_VM_UNLIKELY(left == 0)) goto cycle_limit;                  \
    --left;                                                           \
    cur = ip;                                                         \
    if constexpr (Tracer::kSteps) {                                   \
      /* the profiler sees a W+X slot's own op, not kWxCheck */       \
      Insn seen = *cur;                                               \
      if (GF_VM_UNLIKELY(seen.op == Op::kWxCheck)) seen.op = wx_ops[cur - code]; \
      tracer.step(static_cast<uint32_t>(cur - code), seen);           \
    }                                                                 \
    if constexpr (kRows) {                                            \
      rowp = tracer.slot();                                           \
      rowp->pc = PC_OF(cur);                                          \
      rowp->word = words[cur - code];                                 \
      rowp->rs1_value = x[cur->rs1];                                  \
      rowp->rs2_value = x[cur->rs2];                                  \
      rowp->mem_addr = rowp->mem_before = rowp->mem_after = 0;        \
    }                                                                 \
    goto* kLabels[static_cast<uint8_t>(cur->op)];                     \
  } while (0)
#define END_ROW()                                                     \
  do {                                                                \
    if constexpr (kRows) {                                            \
      rowp->rd_value = (cur->rd & 31) ? x[cur->rd] : 0;               \
      tracer.commit();                                                \
    }                                                                 \
  } while (0)
#define NEXT(next_ip) \
  do {                \
    ip = (next_ip);   \
    END_ROW();        \
    DISPATCH();       \
  } while (0)
#define TRAP(reason_, addr_)                                          \
  do {                                                                \
    trap = Trap{(reason_), PC_OF(cur), words[cur - code], (addr_), 0}; \
    goto trapped;                                                     \
  } while (0)
#define ALU(label, expr)                 \
  label : {                              \
    const uint32_t a = x[cur->rs1];      \
    const uint32_t b = x[cur->rs2];      \
    (void)a;                             \
    (void)b;                             \
    x[cur->rd] = (expr);                 \
    NEXT(cur + 1);                       \
  }
#define ALUI(label, expr)                              \
  label : {                                            \
    const uint32_t a = x[cur->rs1];                    \
    const uint32_t i = static_cast<uint32_t>(cur->imm); \
    x[cur->rd] = (expr);                               \
    NEXT(cur + 1);                                     \
  }
#define BRANCH(label, cond)                                  \
  label : {                                                  \
    const uint32_t a = x[cur->rs1];                          \
    const uint32_t b = x[cur->rs2];                          \
    NEXT((cond) ? cur + cur->imm : cur + 1);                 \
  }
#define LOAD(label, T, align_mask, reason_misaligned)                          \
  label : {                                                                    \
    const uint32_t ea = x[cur->rs1] + static_cast<uint32_t>(cur->imm);         \
    if (GF_VM_UNLIKELY(ea & (align_mask))) TRAP(reason_misaligned, ea);        \
    const uint8_t* page = ea < kAddressTop ? rt[ea >> kPageBits] : nullptr;    \
    if (GF_VM_UNLIKELY(page == nullptr)) {                                     \
      page = memory_.fill_read(ea);                                            \
      if (page == nullptr) TRAP(TrapReason::kLoadFault, ea);                   \
    }                                                                          \
    T v;                                                                       \
    std::memcpy(&v, page + (ea & (kPageSize - 1)), sizeof(T));                 \
    if constexpr (kRows) {                                                     \
      rowp->mem_addr = ea;                                                       \
      std::memcpy(&rowp->mem_before, page + (ea & (kPageSize - 4)), 4);          \
      rowp->mem_after = rowp->mem_before;                                          \
    }                                                                          \
    x[cur->rd] = static_cast<uint32_t>(v);                                     \
    NEXT(cur + 1);                                                             \
  }
#define STORE(label, T, align_mask)                                            \
  label : {                                                                    \
    const uint32_t ea = x[cur->rs1] + static_cast<uint32_t>(cur->imm);         \
    if (GF_VM_UNLIKELY(ea & (align_mask))) TRAP(TrapReason::kMisalignedStore, ea); \
    const T v = static_cast<T>(x[cur->rs2]);                                   \
    if constexpr (kRows) rowp->mem_before = memory_.peek_word(ea);               \
    uint8_t* page = ea < kAddressTop ? wt[ea >> kPageBits] : nullptr;          \
    if (GF_VM_UNLIKELY(page == nullptr)) {                                     \
      const StoreStatus st = memory_.store_slow(ea, sizeof(T), v);             \
      if (st == StoreStatus::kUnmapped) TRAP(TrapReason::kStoreFault, ea);     \
      if (st == StoreStatus::kReadOnly) TRAP(TrapReason::kStoreReadOnly, ea);  \
    } else {                                                                   \
      std::memcpy(page + (ea & (kPageSize - 1)), &v, sizeof(T));               \
    }                                                                          \
    if constexpr (kRows) {                                                     \
      rowp->mem_addr = ea;                                                       \
      rowp->mem_after = memory_.peek_word(ea);                                   \
    }                                                                          \
    NEXT(cur + 1);                                                             \
  }

  // Entry: the current pc must be an aligned executable slot.
  if (GF_VM_UNLIKELY(pc_ % 4 != 0)) {
    trap = Trap{TrapReason::kMisalignedJump, pc_, 0, pc_, 0};
    goto trapped_before_start;
  }
  if (GF_VM_UNLIKELY(!prog.contains(pc_))) {
    fault_pc = pc_;
    goto fetch_fault_outside;
  }
  ip = code + (pc_ - base) / 4;
  DISPATCH();

  ALU(op_add, a + b)
  ALU(op_sub, a - b)
  ALU(op_sll, a << (b & 31))
  ALU(op_slt, static_cast<int32_t>(a) < static_cast<int32_t>(b) ? 1u : 0u)
  ALU(op_sltu, a < b ? 1u : 0u)
  ALU(op_xor, a ^ b)
  ALU(op_srl, a >> (b & 31))
  ALU(op_sra, static_cast<uint32_t>(static_cast<int32_t>(a) >> (b & 31)))
  ALU(op_or, a | b)
  ALU(op_and, a & b)
  ALU(op_mul, a * b)
  ALU(op_mulh, static_cast<uint32_t>(static_cast<uint64_t>(int64_t{static_cast<int32_t>(a)} *
                                                           int64_t{static_cast<int32_t>(b)}) >> 32))
  ALU(op_mulhsu, static_cast<uint32_t>(static_cast<uint64_t>(int64_t{static_cast<int32_t>(a)} *
                                                             static_cast<int64_t>(uint64_t{b})) >> 32))
  ALU(op_mulhu, static_cast<uint32_t>((uint64_t{a} * uint64_t{b}) >> 32))
  ALU(op_div, b == 0 ? 0xFFFFFFFFu
              : (a == 0x80000000u && b == 0xFFFFFFFFu)
                  ? a
                  : static_cast<uint32_t>(static_cast<int32_t>(a) / static_cast<int32_t>(b)))
  ALU(op_divu, b == 0 ? 0xFFFFFFFFu : a / b)
  ALU(op_rem, b == 0 ? a
              : (a == 0x80000000u && b == 0xFFFFFFFFu)
                  ? 0u
                  : static_cast<uint32_t>(static_cast<int32_t>(a) % static_cast<int32_t>(b)))
  ALU(op_remu, b == 0 ? a : a % b)

  ALUI(op_addi, a + i)
  ALUI(op_slti, static_cast<int32_t>(a) < static_cast<int32_t>(i) ? 1u : 0u)
  ALUI(op_sltiu, a < i ? 1u : 0u)
  ALUI(op_xori, a ^ i)
  ALUI(op_ori, a | i)
  ALUI(op_andi, a & i)
  ALUI(op_slli, a << i)
  ALUI(op_srli, a >> i)
  ALUI(op_srai, static_cast<uint32_t>(static_cast<int32_t>(a) >> i))

op_li:
  x[cur->rd] = static_cast<uint32_t>(cur->imm);
  NEXT(cur + 1);

op_nop:
  NEXT(cur + 1);

  BRANCH(op_beq, a == b)
  BRANCH(op_bne, a != b)
  BRANCH(op_blt, static_cast<int32_t>(a) < static_cast<int32_t>(b))
  BRANCH(op_bge, static_cast<int32_t>(a) >= static_cast<int32_t>(b))
  BRANCH(op_bltu, a < b)
  BRANCH(op_bgeu, a >= b)

  LOAD(op_lb, int8_t, 0u, TrapReason::kMisalignedLoad)
  LOAD(op_lbu, uint8_t, 0u, TrapReason::kMisalignedLoad)
  LOAD(op_lh, int16_t, 1u, TrapReason::kMisalignedLoad)
  LOAD(op_lhu, uint16_t, 1u, TrapReason::kMisalignedLoad)
  LOAD(op_lw, uint32_t, 3u, TrapReason::kMisalignedLoad)
  STORE(op_sb, uint8_t, 0u)
  STORE(op_sh, uint16_t, 1u)
  STORE(op_sw, uint32_t, 3u)

op_jal:
  x[cur->rd] = PC_OF(cur) + 4;
  NEXT(cur + cur->imm);

op_jalr : {
  const uint32_t target = (x[cur->rs1] + static_cast<uint32_t>(cur->imm)) & ~1u;
  if (GF_VM_UNLIKELY(target & 3)) TRAP(TrapReason::kMisalignedJump, target);
  x[cur->rd] = PC_OF(cur) + 4;
  if (GF_VM_UNLIKELY(target - base >= code_bytes)) {
    END_ROW();
    fault_pc = target;
    goto fetch_fault_outside;
  }
  NEXT(code + (target - base) / 4);
}

op_jal_bad : {
  const uint32_t target = static_cast<uint32_t>(cur->imm);
  if (target & 3) TRAP(TrapReason::kMisalignedJump, target);
  x[cur->rd] = PC_OF(cur) + 4;
  END_ROW();
  fault_pc = target;
  goto fetch_fault_outside;
}

op_branch_bad : {
  const uint32_t a = x[cur->rs1], b = x[cur->rs2];
  bool taken = false;
  switch ((words[cur - code] >> 12) & 7) {
    case 0: taken = a == b; break;
    case 1: taken = a != b; break;
    case 4: taken = static_cast<int32_t>(a) < static_cast<int32_t>(b); break;
    case 5: taken = static_cast<int32_t>(a) >= static_cast<int32_t>(b); break;
    case 6: taken = a < b; break;
    default: taken = a >= b; break;
  }
  if (!taken) NEXT(cur + 1);
  const uint32_t target = static_cast<uint32_t>(cur->imm);
  if (target & 3) TRAP(TrapReason::kMisalignedJump, target);
  END_ROW();
  fault_pc = target;
  goto fetch_fault_outside;
}

op_ecall : {
  IoEvent ev;
  // The ecall's own cycle index = instructions executed before it.
  const EcallOutcome outcome = ecall(x, cycle_ + (budget - left) - 1, &ev, &trap);
  if (outcome == EcallOutcome::kTrap) {
    trap.pc = PC_OF(cur);
    trap.word = words[cur - code];
    goto trapped;
  }
  if constexpr (kRows) tracer.io_event(ev);
  if (outcome == EcallOutcome::kExit) {
    END_ROW();
    result.status = RunStatus::kExited;
    result.exit_code = x[10];
    pc_ = PC_OF(cur);
    goto stop;
  }
  NEXT(cur + 1);
}

op_wx_check : {
  // A slot of a W+X segment runs only while memory still holds the word it was loaded with.
  const uint32_t pc = PC_OF(cur);
  const uint8_t* page = rt[pc >> kPageBits];
  if (page == nullptr) page = memory_.fill_read(pc);  // RAM: never null
  uint32_t now;
  std::memcpy(&now, page + (pc & (kPageSize - 1)), 4);
  if (GF_VM_UNLIKELY(now != words[cur - code])) {
    trap = Trap{TrapReason::kSelfModifyingCode, pc, words[cur - code], pc, now};
    goto trapped;
  }
  goto* kLabels[static_cast<uint8_t>(wx_ops[cur - code])];
}

op_ebreak:
  TRAP(TrapReason::kEbreak, 0);

op_illegal:
  trap = Trap{TrapReason::kIllegalInstruction, PC_OF(cur), words[cur - code], 0,
              static_cast<uint32_t>(cur->imm)};
  goto trapped;

op_fetch_fault:
  trap = Trap{TrapReason::kFetchFault, PC_OF(cur), 0, PC_OF(cur), 0};
  goto trapped;

cycle_limit:
  result.status = RunStatus::kCycleLimit;
  pc_ = PC_OF(ip);
  goto stop;

fetch_fault_outside:
  // The jump completed (its cycle counts); fetching at its target faults.
  trap = Trap{TrapReason::kFetchFault, fault_pc, 0, fault_pc, 0};
  pc_ = fault_pc;
  result.status = RunStatus::kTrap;
  goto stop;

trapped:
  ++left;  // the trapping instruction does not complete and does not count
trapped_before_start:
  result.status = RunStatus::kTrap;
  pc_ = trap.pc;

stop:
  std::memcpy(x_.data(), x, sizeof(uint32_t) * 32);
  cycle_ += budget - left;
  result.cycles = cycle_;
  if (result.status == RunStatus::kTrap) result.trap = trap;
  if (result.status != RunStatus::kCycleLimit) final_ = result;
  return result;

#undef PC_OF
#undef DISPATCH
#undef END_ROW
#undef NEXT
#undef TRAP
#undef ALU
#undef ALUI
#undef BRANCH
#undef LOAD
#undef STORE
}

}  // namespace goldfinch::vm
