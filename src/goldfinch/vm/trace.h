// Trace mode's per-cycle record: what the prover needs to re-check one executed instruction.
// Row i describes cycle i; the next pc is row i+1's pc. See docs/executor.md for the layout.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "goldfinch/vm/insn.h"

namespace goldfinch::vm {

// 32 bytes per cycle. Register values are those named by the word's rs1/rs2 fields (0 where the
// format has none), read before the instruction; rd_value is rd after it (0 for x0 and for
// instructions without rd). ECALL records a7 as rs1_value, a0 as rs2_value and a0 after as
// rd_value. Loads and stores record the effective byte address and the whole aligned 32-bit word
// at (mem_addr & ~3) before and after; other instructions leave the three memory fields 0.
// Trivial on purpose (no member initialisers): trace buffers grow without zero-filling.
struct TraceRow {
  uint32_t pc;
  uint32_t word;
  uint32_t rs1_value;
  uint32_t rs2_value;
  uint32_t rd_value;
  uint32_t mem_addr;
  uint32_t mem_before;
  uint32_t mem_after;
  bool operator==(const TraceRow&) const = default;
};
static_assert(sizeof(TraceRow) == 32);

// An allocator whose construct() default-initialises, so resize() of a vector of trivial rows
// does not write zeros that the executor overwrites anyway.
template <class T>
struct DefaultInitAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };
  DefaultInitAllocator() = default;
  template <class U>
  DefaultInitAllocator(const DefaultInitAllocator<U>&) {}  // NOLINT
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

using TraceRows = std::vector<TraceRow, DefaultInitAllocator<TraceRow>>;

// A system call's effect, in order: its cycle (the ecall's row index), number and arguments, result (a0 after) and, for
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

// Records rows into `rows`. The executor fills each row in place: slot() hands out the next
// row (growing the vector in chunks), commit() keeps it; a trapping instruction's slot is
// dropped. Machine::run_trace trims `rows` to the committed rows when the run stops.
struct TraceRecorder {
  static constexpr bool kRows = true;
  static constexpr bool kSteps = false;
  TraceRows rows;
  std::vector<IoEvent> io;

  TraceRow* slot() {
    if (used_ == rows.size()) rows.resize(std::max(rows.capacity(), rows.size() + (rows.size() >> 1) + 4096));
    return &rows[used_];
  }
  void commit() { ++used_; }
  void io_event(const IoEvent& e) { io.push_back(e); }
  void finish() { rows.resize(used_); }
  // Pre-sizes the buffer for n rows (avoids growth while running).
  void reserve(size_t n) { rows.reserve(n); }
  void clear() {  // forgets the rows, keeps the buffer's capacity
    rows.clear();
    io.clear();
    used_ = 0;
  }

 private:
  size_t used_ = 0;
};

}  // namespace goldfinch::vm
