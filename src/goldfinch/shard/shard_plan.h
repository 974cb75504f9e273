// The shard split of a run (docs/continuations.md, "Shards and their memory records"): the
// executor runs once in fast mode and keeps a checkpoint at every shard boundary, so each shard
// can be re-executed on its own (in trace mode) to build its witness and its memory records.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "goldfinch/vm/elf.h"
#include "goldfinch/vm/machine.h"

namespace goldfinch::shard {

// The public values a shard statement carries: global cycles [start_cycle, end_cycle) and the
// pc and register file before its first and after its last cycle.
struct ShardBoundary {
  uint64_t start_cycle = 0;
  uint64_t end_cycle = 0;
  uint32_t start_pc = 0;
  uint32_t end_pc = 0;
  std::array<uint32_t, 32> start_regs{};
  std::array<uint32_t, 32> end_regs{};
};

struct ShardPlan {
  vm::ElfImage image;
  std::vector<uint8_t> input;  // the input payload
  uint64_t shard_cycles = 0;   // a power of two; shard k starts at cycle k * shard_cycles
  std::vector<ShardBoundary> shards;
  std::vector<vm::Checkpoint> checkpoints;  // checkpoints[k]: the machine at shards[k].start_cycle
  // The last shard ends with the exit call.
  uint32_t exit_code = 0;
  std::vector<uint8_t> output;
  uint64_t total_cycles = 0;
};

enum class PlanErrorKind : uint8_t {
  kBadImage,       // the ELF image or input was refused (load_error says why)
  kBadShardSize,   // shard_cycles is not a power of two
  kTrap,           // the guest trapped (trap says where)
  kCycleLimit,     // max_cycles reached before the exit call
};

struct PlanError {
  PlanErrorKind kind = PlanErrorKind::kBadImage;
  vm::ElfLoadError load_error{};
  vm::Trap trap{};
  uint64_t cycles = 0;  // cycles executed when the run stopped
  std::string message() const;
};

// Runs the guest to its exit call in fast mode, at most max_cycles cycles, cutting it into
// shards of shard_cycles cycles (the last one shorter or equal). A run that fits one shard
// gives exactly one shard.
std::variant<ShardPlan, PlanError> plan_shards(const vm::ElfImage& image, std::span<const uint8_t> input,
                                               uint64_t shard_cycles, uint64_t max_cycles);

}  // namespace goldfinch::shard
