#include "goldfinch/shard/shard_plan.h"

#include <algorithm>

namespace goldfinch::shard {
namespace {

std::array<uint32_t, 32> regs_of(const vm::Machine& m) {
  std::array<uint32_t, 32> r{};
  for (unsigned i = 0; i < 32; ++i) r[i] = m.reg(i);
  return r;
}

}  // namespace

std::string PlanError::message() const {
  switch (kind) {
    case PlanErrorKind::kBadImage: return "image refused: " + load_error.message();
    case PlanErrorKind::kBadShardSize: return "shard size is not a power of two";
    case PlanErrorKind::kTrap: return "guest trapped after " + std::to_string(cycles) + " cycles: " + trap.message();
    case PlanErrorKind::kCycleLimit: return "cycle limit reached after " + std::to_string(cycles) + " cycles";
  }
  return "?";
}

std::variant<ShardPlan, PlanError> plan_shards(const vm::ElfImage& image, std::span<const uint8_t> input,
                                               uint64_t shard_cycles, uint64_t max_cycles) {
  if (shard_cycles == 0 || (shard_cycles & (shard_cycles - 1)) != 0)
    return PlanError{PlanErrorKind::kBadShardSize, {}, {}, 0};
  auto created = vm::Machine::create(image, input);
  if (auto* e = std::get_if<vm::ElfLoadError>(&created)) return PlanError{PlanErrorKind::kBadImage, *e, {}, 0};
  vm::Machine m = std::move(std::get<vm::Machine>(created));
  ShardPlan plan;
  plan.image = image;
  plan.input.assign(input.begin(), input.end());
  plan.shard_cycles = shard_cycles;
  for (;;) {
    ShardBoundary b;
    b.start_cycle = m.cycles();
    b.start_pc = m.pc();
    b.start_regs = regs_of(m);
    plan.checkpoints.push_back(m.checkpoint());
    const uint64_t stop = std::min(max_cycles, b.start_cycle + shard_cycles);
    const vm::RunResult r = m.run(stop);
    b.end_cycle = m.cycles();
    b.end_pc = m.pc();
    b.end_regs = regs_of(m);
    if (r.status == vm::RunStatus::kTrap) return PlanError{PlanErrorKind::kTrap, {}, r.trap, r.cycles};
    if (r.status == vm::RunStatus::kCycleLimit && m.cycles() >= max_cycles)
      return PlanError{PlanErrorKind::kCycleLimit, {}, {}, r.cycles};
    plan.shards.push_back(b);
    if (r.status == vm::RunStatus::kExited) {
      plan.exit_code = r.exit_code;
      plan.output = m.output();
      plan.total_cycles = m.cycles();
      return plan;
    }
  }
}

}  // namespace goldfinch::shard
