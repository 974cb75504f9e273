// Guest profiler: a tracer policy that attributes every cycle to the function holding its pc
// (ELF symbols), to the current step (set by `addi x0, x0, N` markers) and to a call-tree node
// (calls are jal/jalr with rd = ra or t0, returns jalr x0, 0(ra or t0)), giving tables and folded stacks.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "goldfinch/base/check.h"
#include "goldfinch/vm/elf.h"
#include "goldfinch/vm/program.h"

namespace goldfinch::vm {

struct FunctionCycles {
  std::string name;
  uint32_t addr = 0;  // symbol address (0 for the unknown bucket)
  uint64_t cycles = 0;
};

struct ProfileTable {
  int32_t step = 0;  // marker value; 0 = cycles before the first marker (global table: 0 too)
  uint64_t total = 0;
  std::vector<FunctionCycles> rows;  // cycles descending, then address ascending
};

class Profiler {
 public:
  static constexpr bool kRows = false;
  static constexpr bool kSteps = true;

  Profiler(const Program& program, const std::vector<FunctionSymbol>& functions);

  GF_INLINE void step(uint32_t slot, const Insn& insn) {
    const uint32_t f = func_of_slot_[slot];
    if (pending_ != Pending::kNone) {
      if (pending_ == Pending::kCall) {
        node_ = child(node_, f);
      } else if (node_ != kRoot) {
        node_ = nodes_[node_].parent;
      }
      pending_ = Pending::kNone;
    }
    if (node_ == kRoot) node_ = child(kRoot, f);
    if (nodes_[node_].func != f) node_ = child(nodes_[node_].parent, f);  // jump or tail call
    if (insn.op == Op::kMarker) set_step(insn.imm);  // the marker counts in its own step
    ++nodes_[node_].cycles;
    ++(*step_counts_)[f];
    ++total_;
    // Link registers per the RISC-V calling convention: ra (x1) and the alternate t0 (x5,
    // used by millicode such as __riscv_save_N).
    if ((insn.op == Op::kJal || insn.op == Op::kJalr) && (insn.rd == 1 || insn.rd == 5)) {
      pending_ = Pending::kCall;
    } else if (insn.op == Op::kJalr && insn.rd == kZeroSink && (insn.rs1 == 1 || insn.rs1 == 5) &&
               insn.imm == 0) {
      pending_ = Pending::kReturn;
    }
  }

  uint64_t total_cycles() const { return total_; }
  ProfileTable global_table() const;
  std::vector<ProfileTable> step_tables() const;  // by step value; only steps with cycles
  // One line per call-tree node with cycles: "root;caller;callee <cycles>" (flamegraph.pl).
  std::string folded() const;

 private:
  enum class Pending : uint8_t { kNone, kCall, kReturn };
  struct Node {
    uint32_t parent = 0;
    uint32_t func = 0;
    uint64_t cycles = 0;
  };
  static constexpr uint32_t kRoot = 0;

  uint32_t child(uint32_t parent, uint32_t func);
  void set_step(int32_t step);
  ProfileTable make_table(int32_t step, const std::vector<uint64_t>& counts) const;

  std::vector<uint32_t> func_of_slot_;
  std::vector<FunctionCycles> functions_;  // index 0 = "[unknown]"
  std::vector<Node> nodes_;
  std::unordered_map<uint64_t, uint32_t> children_;
  uint32_t node_ = kRoot;
  Pending pending_ = Pending::kNone;
  std::map<int32_t, std::vector<uint64_t>> steps_;
  std::vector<uint64_t>* step_counts_ = nullptr;
  uint64_t total_ = 0;
};

}  // namespace goldfinch::vm
