// Trace mode's per-cycle record: what the prover needs to re-check one executed instruction.
// Row i describes cycle i; the next pc is row i+1's pc. See docs/executor.md for the layout.
#pragma once

#include <cstdint>
#include <vector>

#include "goldfinch/vm/insn.h"

namespace goldfinch::vm {

// 32 bytes per cycle. Register values are those named by the word's rs1/rs2 fields (0 where the
// format has none), read before the instruction; rd_value is rd after it (0 for x0 and for
// instructions without rd). ECALL records a7 as rs1_value, a0 as rs2_value and a0 after as
// rd_value. Loads and stores record the effective byte address and the whole aligned 32-bit word
// at (mem_addr & ~3) before and after; other instructions leave the three memory fields 0.
struct TraceRow {
  uint32_t pc = 0;
  uint32_t word = 0;
  uint32_t rs1_value = 0;
  uint32_t rs2_value = 0;
  uint32_t rd_value = 0;
  uint32_t mem_addr = 0;
  uint32_t mem_before = 0;
  uint32_t mem_after = 0;
  bool operator==(const TraceRow&) const = default;
};
static_assert(sizeof(TraceRow) == 32);

// A system call's effect, in order: its cycle, number and arguments, result (a0 after) and, for
// read, the input stream offset the bytes came from. Bytes themselves are in memory / input.
struct IoEvent {
  uint64_t cycle = 0;
  uint32_t number = 0;
  uint32_t args[3] = {0, 0, 0};
  uint32_t result = 0;
  uint64_t input_offset = 0;
  bool operator==(const IoEvent&) const = default;
};

// Tracer policies for Machine::run_with. kRows: fill and hand over a TraceRow per cycle;
// kSteps: call step(slot, insn) before each instruction (slot = (pc - code base) / 4).
struct FastTracer {
  static constexpr bool kRows = false;
  static constexpr bool kSteps = false;
};

struct TraceRecorder {
  static constexpr bool kRows = true;
  static constexpr bool kSteps = false;
  std::vector<TraceRow> rows;
  std::vector<IoEvent> io;
  void row(const TraceRow& r) { rows.push_back(r); }
  void io_event(const IoEvent& e) { io.push_back(e); }
};

}  // namespace goldfinch::vm
