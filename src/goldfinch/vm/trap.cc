#include "goldfinch/vm/trap.h"

#include <cstdio>

#include "goldfinch/vm/insn.h"
#include "goldfinch/vm/memory_map.h"

namespace goldfinch::vm {

const char* syscall_name(uint32_t number) {
  switch (number) {
    case kSysRead: return "read";
    case kSysWrite: return "write";
    case kSysExit: return "exit";
    case kSysCommit: return "commit";
    case kSysVerifyClaim:
      return "verify_claim";
    case kSysCycleCount: return "cycle count";
    case kSysKeccakF: return "Keccak-f";
    case kSysBlake3Compress: return "BLAKE3 compress";
    case kSysFp3Horner: return "F_p^3 Horner";
    case kSysPoseidon2: return "Poseidon2";
  }
  return "unknown";
}

const char* trap_reason_name(TrapReason reason) {
  switch (reason) {
    case TrapReason::kIllegalInstruction: return "illegal instruction";
    case TrapReason::kEbreak: return "ebreak";
    case TrapReason::kFetchFault: return "instruction fetch outside executable memory";
    case TrapReason::kMisalignedJump: return "misaligned jump target";
    case TrapReason::kMisalignedLoad: return "misaligned load";
    case TrapReason::kMisalignedStore: return "misaligned store";
    case TrapReason::kLoadFault: return "load from unmapped memory";
    case TrapReason::kStoreFault: return "store to unmapped memory";
    case TrapReason::kStoreReadOnly: return "store to read-only memory";
    case TrapReason::kUnknownSyscall: return "unknown syscall";
    case TrapReason::kSyscallBadBuffer: return "syscall buffer outside accessible memory";
    case TrapReason::kSyscallMisaligned: return "misaligned syscall pointer";
    case TrapReason::kSyscallBadArgument: return "syscall argument out of range";
    case TrapReason::kSelfModifyingCode: return "self-modifying code is not supported";
  }
  return "unknown trap";
}

std::string Trap::message() const {
  char buf[320];
  switch (reason) {
    case TrapReason::kIllegalInstruction:
      std::snprintf(buf, sizeof(buf), "illegal instruction 0x%08x at pc 0x%08x: %s", word, pc,
                    illegal_kind_name(static_cast<IllegalKind>(detail)));
      break;
    case TrapReason::kEbreak:
      std::snprintf(buf, sizeof(buf), "ebreak at pc 0x%08x", pc);
      break;
    case TrapReason::kFetchFault:
      std::snprintf(buf, sizeof(buf), "instruction fetch outside executable memory at pc 0x%08x", pc);
      break;
    case TrapReason::kSelfModifyingCode:
      std::snprintf(buf, sizeof(buf),
                    "self-modifying code is not supported: pc 0x%08x was loaded as 0x%08x, memory now holds 0x%08x",
                    pc, word, detail);
      break;
    case TrapReason::kUnknownSyscall:
      std::snprintf(buf, sizeof(buf), "unknown syscall %u (0x%x) at pc 0x%08x", addr, addr, pc);
      break;
    case TrapReason::kSyscallBadBuffer:
      std::snprintf(buf, sizeof(buf),
                    "%s system call (0x%x) at pc 0x%08x: buffer at 0x%08x is outside accessible memory "
                    "(unmapped, or read-only for an output)",
                    syscall_name(detail), detail, pc, addr);
      break;
    case TrapReason::kSyscallMisaligned:
      std::snprintf(buf, sizeof(buf), "%s system call (0x%x) at pc 0x%08x: pointer 0x%08x is not %u-byte aligned",
                    syscall_name(detail), detail, pc, addr, detail == kSysKeccakF || detail == kSysPoseidon2 ? 8u : 4u);
      break;
    case TrapReason::kSyscallBadArgument:
      if (detail == kSysPoseidon2) {
        std::snprintf(buf, sizeof(buf),
                      "%s system call (0x%x) at pc 0x%08x: state element at 0x%08x is not a canonical Goldilocks "
                      "element (must be < p = 2^64 - 2^32 + 1)",
                      syscall_name(detail), detail, pc, addr);
        break;
      }
      std::snprintf(buf, sizeof(buf), "%s system call (0x%x) at pc 0x%08x: argument %u (0x%x) out of range (%s)",
                    syscall_name(detail), detail, pc, addr, addr,
                    detail == kSysFp3Horner ? "kind 1 or 3, 1 <= n <= 4096" : "block_len <= 64, flags < 256");
      break;
    default:
      std::snprintf(buf, sizeof(buf), "%s at pc 0x%08x (instruction 0x%08x, address 0x%08x)",
                    trap_reason_name(reason), pc, word, addr);
      break;
  }
  return buf;
}

}  // namespace goldfinch::vm
