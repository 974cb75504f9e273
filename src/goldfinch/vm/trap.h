// Why a guest run stopped abnormally. A Trap names the pc, the instruction word and the reason
// (plus an address where one applies); message() formats it for people.
#pragma once

#include <cstdint>
#include <string>

namespace goldfinch::vm {

enum class TrapReason : uint8_t {
  kIllegalInstruction,  // detail = IllegalKind
  kEbreak,
  kFetchFault,          // pc outside executable memory (addr = pc)
  kMisalignedJump,      // jump/branch target not 4-byte aligned (addr = target)
  kMisalignedLoad,      // addr = effective address
  kMisalignedStore,
  kLoadFault,           // load from unmapped memory
  kStoreFault,          // store to unmapped memory
  kStoreReadOnly,       // store to code, read-only data or the input region
  kUnknownSyscall,      // addr = the number in a7
  kSyscallBadBuffer,    // a system call's buffer is not readable/writable (addr = buffer, detail = number)
  kSyscallMisaligned,   // a precompile's pointer is not aligned (addr = pointer, detail = number)
  kSyscallBadArgument,  // a precompile's argument is out of range (addr = value, detail = number; Poseidon2:
                        // addr = the address of the non-canonical state element)
  kSelfModifyingCode,   // fetch from a W+X segment whose word in memory is not the loaded word
                        // (word = the loaded word, addr = pc, detail = the word in memory)
};

struct Trap {
  TrapReason reason = TrapReason::kIllegalInstruction;
  uint32_t pc = 0;
  uint32_t word = 0;    // the instruction word at pc (0 for fetch faults)
  uint32_t addr = 0;    // effective address, jump target or syscall number, as the reason says
  uint32_t detail = 0;  // IllegalKind for illegal instructions; the word in memory for kSelfModifyingCode

  std::string message() const;
};

const char* trap_reason_name(TrapReason reason);
// "read", "Keccak-f", ...: the system call with number `number` (a7), or "unknown".
const char* syscall_name(uint32_t number);

}  // namespace goldfinch::vm
