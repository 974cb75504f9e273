// The pre-decoded program: every 4-byte slot of the executable segments decoded once, so the
// executor never decodes or bounds-checks a sequential fetch. Static jump targets are resolved
// to slot offsets; slots outside executable bytes (and one sentinel past the end) fetch-fault.
// Slots of writable and executable segments run as kWxCheck: the executor first compares the
// word in memory with the loaded word (self-modifying code traps), then runs the decoded op.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "goldfinch/vm/elf.h"
#include "goldfinch/vm/insn.h"

namespace goldfinch::vm {

// Register number the executor writes instead of x0 (the register file has 33 entries), so that
// no instruction needs a branch for rd == 0.
inline constexpr uint8_t kZeroSink = 32;

struct Program {
  uint32_t base = 0;   // address of slot 0 (4-aligned)
  uint32_t slots = 0;  // number of real slots; insns[slots] is a kFetchFault sentinel
  uint32_t entry = 0;
  std::vector<Insn> insns;      // executor form (see build_program)
  std::vector<uint32_t> words;  // raw instruction words (0 where not executable)
  // The decoded op of each slot whose insn is kWxCheck (a W+X segment's slot); empty when the
  // image has no writable and executable segment.
  std::vector<Op> wx_ops;

  bool has_wx() const { return !wx_ops.empty(); }
  // Whether the slot lies in a writable and executable segment.
  bool is_wx(uint32_t slot) const { return slot < slots && insns[slot].op == Op::kWxCheck; }

  uint32_t pc_of(uint32_t slot) const { return base + slot * 4; }
  bool contains(uint32_t pc) const { return pc - base < uint64_t{slots} * 4; }
};

// Pre-decodes an image that validate_image accepted. Executor forms: rd of x0 → kZeroSink;
// LUI/AUIPC → kLi (imm = value); JAL and branch imm → slot offset, or kJalBad/kBranchBad with
// imm = absolute target when the target is misaligned or outside the slots; ECALL gets
// rs1 = a7, rs2 = a0, rd = a0 for the trace. Slots of W+X segments: op kWxCheck, the form's op
// in wx_ops.
std::shared_ptr<const Program> build_program(const ElfImage& image);

}  // namespace goldfinch::vm
