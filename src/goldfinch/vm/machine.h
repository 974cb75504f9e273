// The RV32IM guest machine: pre-decoded program, copy-on-write memory, registers, input cursor
// and public output. One instruction implementation (executor.h) runs in fast mode (cycle count
// only), trace mode (a TraceRow per cycle) or under any other tracer policy (the profiler).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <variant>
#include <vector>

#include "goldfinch/vm/elf.h"
#include "goldfinch/vm/memory.h"
#include "goldfinch/vm/program.h"
#include "goldfinch/vm/trace.h"
#include "goldfinch/vm/trap.h"

namespace goldfinch::vm {

enum class RunStatus : uint8_t {
  kExited,      // the guest called exit; exit_code holds a0
  kCycleLimit,  // the cycle limit was reached; the machine can run further
  kTrap,        // the guest did something illegal; trap says what
};

struct RunResult {
  RunStatus status = RunStatus::kCycleLimit;
  uint32_t exit_code = 0;
  Trap trap;
  uint64_t cycles = 0;  // total cycles executed by the machine so far
};

const char* run_status_name(RunStatus status);

// Receives the guest's console writes (fd 1 and 2); not part of the proof.
using ConsoleSink = std::function<void(int fd, std::span<const uint8_t> bytes)>;

// Everything needed to resume: registers, pc, cycle, memory pages (shared), input cursor,
// output so far. Taking one copies no page data.
struct Checkpoint {
  std::shared_ptr<const Program> program;
  std::shared_ptr<const MemoryLayout> layout;
  MemorySnapshot memory;
  std::array<uint32_t, 32> regs{};
  uint32_t pc = 0;
  uint64_t cycle = 0;
  uint64_t input_cursor = 0;
  std::vector<uint8_t> output;
  std::vector<uint32_t> claims;  // output positions of the claims made so far (kSysVerifyClaim)
  std::optional<RunResult> final_result;
};

class Machine {
 public:
  // Validates the image (validate_image) and the input size, lays out memory, pre-decodes code.
  static std::variant<Machine, ElfLoadError> create(const ElfImage& image,
                                                    std::span<const uint8_t> input = {});
  static Machine resume(const Checkpoint& checkpoint);

  Machine(Machine&&) = default;
  Machine& operator=(Machine&&) = default;

  // Runs until exit, a trap, or until the machine's total cycle count reaches max_cycles.
  RunResult run(uint64_t max_cycles = UINT64_MAX);
  // Trace mode: like run, appending one row per executed cycle and the system calls to *trace.
  RunResult run_trace(TraceRecorder* trace, uint64_t max_cycles = UINT64_MAX);
  // Any tracer policy (see trace.h); instantiated in executor.h.
  template <class Tracer>
  RunResult run_with(Tracer& tracer, uint64_t max_cycles);

  Checkpoint checkpoint();

  uint32_t pc() const { return pc_; }
  uint32_t reg(unsigned i) const { return i < 32 ? x_[i] : 0; }
  void set_reg(unsigned i, uint32_t v) {
    if (i > 0 && i < 32) x_[i] = v;
  }
  void set_pc(uint32_t pc) { pc_ = pc; }
  uint64_t cycles() const { return cycle_; }
  const std::vector<uint8_t>& output() const { return output_; }
  // The output positions where the run's claims (kSysVerifyClaim, kClaimBytes each) start, in order.
  const std::vector<uint32_t>& claims() const { return claims_; }
  uint64_t input_cursor() const { return input_cursor_; }
  const Memory& memory() const { return memory_; }
  Memory& memory() { return memory_; }
  const Program& program() const { return *program_; }
  void set_console(ConsoleSink sink) { console_ = std::move(sink); }

 private:
  enum class EcallOutcome : uint8_t { kContinue, kExit, kTrap };
  Machine(std::shared_ptr<const Program> program, Memory memory);
  // Performs the system call in x[17] on the register file x; fills *event for tracing.
  EcallOutcome ecall(uint32_t* x, uint64_t cycle, IoEvent* event, Trap* trap);
  // kSysKeccakF / kSysBlake3Compress: reads the operands from memory, writes the result back.
  // Registers are unchanged. False (with *trap filled but for pc and word) on a bad argument.
  bool precompile(const uint32_t* x, Trap* trap);

  std::shared_ptr<const Program> program_;
  Memory memory_;
  std::array<uint32_t, 33> x_{};  // x_[32] swallows writes to x0 (kZeroSink)
  uint32_t pc_ = 0;
  uint64_t cycle_ = 0;
  uint64_t input_cursor_ = 0;
  std::vector<uint8_t> output_;
  std::vector<uint32_t> claims_;
  ConsoleSink console_;
  std::optional<RunResult> final_;  // set once the guest exited or trapped
};

}  // namespace goldfinch::vm
