// plan_shards: boundaries chain and match an unsharded run; typed errors.
#include "goldfinch/shard/shard_plan.h"

#include <gtest/gtest.h>

#include "goldfinch/shard/test_programs.h"

namespace goldfinch::shard {
namespace {

using testing::Guest;

ShardPlan plan_or_die(const Guest& g, uint64_t shard_cycles, uint64_t max_cycles = 1ull << 32) {
  auto p = plan_shards(g.image, g.input, shard_cycles, max_cycles);
  if (auto* e = std::get_if<PlanError>(&p)) ADD_FAILURE() << g.name << ": " << e->message();
  return std::get<ShardPlan>(std::move(p));
}

// The boundaries chain, start at multiples of the shard size, and each one's pc and registers
// are those of an unsharded run stopped at that cycle.
void expect_boundaries_match_unsharded(const Guest& g, uint64_t shard_cycles) {
  SCOPED_TRACE(g.name + " shard_cycles=" + std::to_string(shard_cycles));
  const ShardPlan plan = plan_or_die(g, shard_cycles);
  ASSERT_FALSE(plan.shards.empty());
  ASSERT_EQ(plan.checkpoints.size(), plan.shards.size());
  auto m = std::get<vm::Machine>(vm::Machine::create(g.image, g.input));
  EXPECT_EQ(plan.shards.front().start_pc, g.image.entry);
  for (size_t k = 0; k < plan.shards.size(); ++k) {
    const ShardBoundary& b = plan.shards[k];
    EXPECT_EQ(b.start_cycle, k * shard_cycles);
    EXPECT_EQ(plan.checkpoints[k].cycle, b.start_cycle);
    if (k + 1 < plan.shards.size()) {
      EXPECT_EQ(b.end_cycle, b.start_cycle + shard_cycles);
      EXPECT_EQ(b.end_pc, plan.shards[k + 1].start_pc);
      EXPECT_EQ(b.end_regs, plan.shards[k + 1].start_regs);
      EXPECT_EQ(b.end_cycle, plan.shards[k + 1].start_cycle);
    } else {
      EXPECT_GT(b.end_cycle, b.start_cycle);
      EXPECT_LE(b.end_cycle - b.start_cycle, shard_cycles);
    }
    ASSERT_EQ(m.cycles(), b.start_cycle);
    EXPECT_EQ(m.pc(), b.start_pc);
    for (unsigned r = 0; r < 32; ++r) EXPECT_EQ(m.reg(r), b.start_regs[r]) << "x" << r << " shard " << k;
    const vm::RunResult res = m.run(b.end_cycle);
    EXPECT_EQ(m.pc(), b.end_pc);
    for (unsigned r = 0; r < 32; ++r) EXPECT_EQ(m.reg(r), b.end_regs[r]) << "x" << r << " shard " << k;
    if (k + 1 == plan.shards.size()) {
      EXPECT_EQ(res.status, vm::RunStatus::kExited);
      EXPECT_EQ(res.exit_code, plan.exit_code);
      EXPECT_EQ(m.output(), plan.output);
      EXPECT_EQ(m.cycles(), plan.total_cycles);
    }
  }
  // And the unsharded run's own result.
  auto whole = std::get<vm::Machine>(vm::Machine::create(g.image, g.input));
  const vm::RunResult r = whole.run();
  EXPECT_EQ(r.status, vm::RunStatus::kExited);
  EXPECT_EQ(r.cycles, plan.total_cycles);
  EXPECT_EQ(r.exit_code, plan.exit_code);
  EXPECT_EQ(whole.output(), plan.output);
  EXPECT_EQ(plan.shards.size(), (plan.total_cycles + shard_cycles - 1) / shard_cycles);
}

TEST(ShardPlan, RandomProgramsChainAndMatchUnsharded) {
  auto rng = testing::seeded_rng("ShardPlan.RandomProgramsChainAndMatchUnsharded", 0x5A4D);
  for (int i = 0; i < 6; ++i) {
    const Guest g = testing::random_program(rng, 20 + static_cast<uint32_t>(rng() % 60), 30);
    for (uint64_t s : {1ull << 6, 1ull << 8, 1ull << 10, 1ull << 12, 1ull << 30}) expect_boundaries_match_unsharded(g, s);
  }
}

TEST(ShardPlan, ShortRunIsOneShard) {
  auto rng = testing::seeded_rng("ShardPlan.ShortRunIsOneShard", 7);
  const Guest g = testing::random_program(rng, 2, 5);
  const ShardPlan plan = plan_or_die(g, 1ull << 20);
  ASSERT_EQ(plan.shards.size(), 1u);
  EXPECT_EQ(plan.shards[0].start_cycle, 0u);
  EXPECT_EQ(plan.shards[0].end_cycle, plan.total_cycles);
}

TEST(ShardPlan, RunEndingExactlyAtABoundaryHasNoEmptyShard) {
  auto rng = testing::seeded_rng("ShardPlan.RunEndingExactlyAtABoundary", 9);
  const Guest g = testing::random_program(rng, 3, 4);
  const uint64_t total = plan_or_die(g, 1).total_cycles;
  for (uint64_t s = 1; s <= 2 * total; s *= 2) {
    const ShardPlan plan = plan_or_die(g, s);
    EXPECT_EQ(plan.shards.size(), (total + s - 1) / s) << s;
    EXPECT_EQ(plan.shards.back().end_cycle, total);
  }
}

TEST(ShardPlan, TypedErrors) {
  using namespace vm::rv;  // NOLINT
  auto rng = testing::seeded_rng("ShardPlan.TypedErrors", 11);
  const Guest g = testing::random_program(rng, 50, 10);
  auto bad_size = plan_shards(g.image, g.input, 3, 1000);
  ASSERT_TRUE(std::holds_alternative<PlanError>(bad_size));
  EXPECT_EQ(std::get<PlanError>(bad_size).kind, PlanErrorKind::kBadShardSize);
  auto limit = plan_shards(g.image, g.input, 16, 100);
  ASSERT_TRUE(std::holds_alternative<PlanError>(limit));
  EXPECT_EQ(std::get<PlanError>(limit).kind, PlanErrorKind::kCycleLimit);
  EXPECT_EQ(std::get<PlanError>(limit).cycles, 100u);
  std::vector<uint32_t> code;
  for (int i = 0; i < 40; ++i) code.push_back(addi(5, 5, 1));
  code.push_back(ebreak());
  auto trap = plan_shards(image_from_code(code), {}, 16, 1000);
  ASSERT_TRUE(std::holds_alternative<PlanError>(trap));
  EXPECT_EQ(std::get<PlanError>(trap).kind, PlanErrorKind::kTrap);
  EXPECT_EQ(std::get<PlanError>(trap).trap.reason, vm::TrapReason::kEbreak);
  EXPECT_EQ(std::get<PlanError>(trap).trap.pc, 0x10000u + 40 * 4);
  vm::ElfImage empty;
  auto bad_image = plan_shards(empty, {}, 16, 1000);
  ASSERT_TRUE(std::holds_alternative<PlanError>(bad_image));
  EXPECT_EQ(std::get<PlanError>(bad_image).kind, PlanErrorKind::kBadImage);
}

#ifdef GF_GUEST_BIN_DIR
TEST(ShardPlan, ExampleGuestsChainAndMatchUnsharded) {
  int ran = 0;
  for (auto g : {testing::example_guest("sha256", {'a', 'b', 'c'}), testing::example_guest("sort", {7, 0, 0, 0, 200, 0, 0, 0}),
                 testing::example_guest("fibonacci", {30, 0, 0, 0})}) {
    if (!g) continue;
    for (uint64_t s : {1ull << 10, 1ull << 12, 1ull << 40}) expect_boundaries_match_unsharded(*g, s);
    ++ran;
  }
  if (ran == 0) GTEST_SKIP() << "no guest ELFs (GF_BUILD_GUESTS off?)";
}
#endif

}  // namespace
}  // namespace goldfinch::shard
