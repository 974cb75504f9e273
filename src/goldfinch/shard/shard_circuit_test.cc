// The shard statement (continuations): each shard's honest witness satisfies every constraint
// and balances every bus of its own proof, the contributions of a run's shards sum to O, a
// shard's proof verifies, and the run checks reject the named attacks on the chain.
#include "goldfinch/shard/shard_circuit.h"

#include <gtest/gtest.h>

#include <functional>

#include "goldfinch/air/debug.h"
#include "goldfinch/shard/test_programs.h"
#include "goldfinch/stark/verifier.h"

namespace goldfinch::shard {
namespace {

using testing::Guest;

std::vector<std::string> check(const ShardCircuit& c, const std::vector<stark::TableWitness>& w) {
  std::vector<const air::Air*> tables = c.tables();
  std::vector<RowMajorMatrix> pre(tables.size());
  std::vector<air::TableTrace> tr;
  for (size_t t = 0; t < tables.size(); ++t) {
    if (tables[t]->preprocessed_width() > 0) pre[t] = tables[t]->preprocessed_trace(w[t].main.height());
    tr.push_back({tables[t], w[t].main.view(), pre[t].view(), w[t].public_values});
  }
  std::vector<std::string> out;
  for (const auto& t : tr)
    for (const auto& f : air::check_constraints(t, 4)) out.push_back(f.describe());
  for (const auto& b : air::check_buses(tr, 8)) out.push_back(b.describe());
  return out;
}

struct ShardRun {
  circuit::CellMap cells;  // every word's state after the run
  std::vector<std::vector<stark::TableWitness>> witnesses;
  std::vector<ShardProofStatement> statements;
};

// `between(k, cells)` runs before shard k's witness: a dishonest prover's hand-off.
ShardRun witness_run(const ShardCircuit& c, const ShardPlan& plan,
                const std::function<void(size_t, circuit::CellMap&)>& between = nullptr) {
  ShardRun run;
  circuit::CellMap cells;
  for (size_t k = 0; k < plan.shards.size(); ++k) {
    if (between) between(k, cells);
    Result<std::vector<stark::TableWitness>> w = shard_witness(c, plan, k, cells);
    EXPECT_TRUE(w.ok()) << w.error().what;
    if (!w.ok()) return run;
    std::vector<std::vector<Fp>> pv;
    for (const auto& t : *w) pv.push_back(t.public_values);
    Result<ShardProofStatement> s = ShardCircuit::statement(pv);
    EXPECT_TRUE(s.ok()) << s.error().what;
    if (s.ok()) run.statements.push_back(*s);
    run.witnesses.push_back(std::move(*w));
  }
  run.cells = std::move(cells);
  return run;
}

void expect_run_matches_plan(const Guest& g, uint64_t shard_cycles) {
  SCOPED_TRACE(g.name + " shard_cycles " + std::to_string(shard_cycles));
  auto p = plan_shards(g.image, g.input, shard_cycles, uint64_t{1} << 32);
  ASSERT_TRUE(std::holds_alternative<ShardPlan>(p));
  const ShardPlan& plan = std::get<ShardPlan>(p);
  const ShardCircuit c(g.image);
  ShardRun run = witness_run(c, plan);
  ASSERT_EQ(run.witnesses.size(), plan.shards.size());
  for (size_t k = 0; k < run.witnesses.size(); ++k) {
    SCOPED_TRACE("shard " + std::to_string(k));
    const std::vector<std::string> failures = check(c, run.witnesses[k]);
    EXPECT_TRUE(failures.empty()) << failures.front();
  }
  Result<RunStatement> r = check_run(g.image.entry, run.statements);
  ASSERT_TRUE(r.ok()) << r.error().what;
  EXPECT_EQ(r->exit_code, plan.exit_code);
  EXPECT_EQ(r->cycles, plan.total_cycles);
  EXPECT_EQ(r->output, plan.output);
  EXPECT_EQ(r->shards, plan.shards.size());
}

TEST(ShardCircuit, RandomProgramsSatisfyEveryShard) {
  auto rng = testing::seeded_rng("RandomProgramsSatisfyEveryShard", 0x5A4D);
  for (int i = 0; i < 3; ++i) {
    const Guest g = testing::random_program(rng, 6, 40);
    for (uint64_t size : {uint64_t{1} << 6, uint64_t{1} << 8, uint64_t{1} << 20}) expect_run_matches_plan(g, size);
  }
}

// A program that keeps writing RAM over several shards, its plan at 2^7 cycles per shard.
struct Sharded {
  Guest g;
  ShardPlan plan;
};
Sharded sharded_program(const char* test) {
  auto rng = testing::seeded_rng(test, 0xA77AC);
  Sharded s{testing::random_program(rng, 24, 40), {}};
  auto p = plan_shards(s.g.image, s.g.input, 1 << 7, uint64_t{1} << 32);
  EXPECT_TRUE(std::holds_alternative<ShardPlan>(p));
  s.plan = std::get<ShardPlan>(p);
  EXPECT_GE(s.plan.shards.size(), 3u);
  return s;
}

std::vector<std::string> all_failures(const ShardCircuit& c, const ShardRun& run) {
  std::vector<std::string> out;
  for (const auto& w : run.witnesses)
    for (auto& f : check(c, w)) out.push_back(std::move(f));
  return out;
}

// Attack: a word's value changed between shards. The prover hands the last shard another value
// for a word that shard does not touch, so only its finalize row reads it: every shard satisfies
// its own constraints and buses, and only the sum of contributions (≠ O) exposes the change.
TEST(ShardAttack, WordValueChangedBetweenShardsUnbalancesTheMemorySum) {
  const Sharded s = sharded_program("WordValueChangedBetweenShards");
  const ShardCircuit c(s.g.image);
  const size_t last = s.plan.shards.size() - 1;
  const uint64_t last_start_ts = 4 * s.plan.shards[last].start_cycle + 3;
  // The honest run, to find a RAM word the last shard leaves alone.
  ShardRun honest = witness_run(c, s.plan);
  ASSERT_TRUE(check_run(s.g.image.entry, honest.statements).ok());
  uint64_t victim = 0;
  for (const auto& [key, state] : honest.cells)
    if ((key >> 32) == 1 && state.ts < last_start_ts) victim = std::max(victim, key);  // max: deterministic
  ASSERT_NE(victim, 0u) << "no RAM word left untouched by the last shard";
  ShardRun forged = witness_run(c, s.plan, [&](size_t k, circuit::CellMap& cells) {
    if (k == last) cells[victim].value ^= 0x100;
  });
  const std::vector<std::string> local = all_failures(c, forged);
  EXPECT_TRUE(local.empty()) << local.front();
  Result<RunStatement> r = check_run(s.g.image.entry, forged.statements);
  ASSERT_FALSE(r.ok());
  EXPECT_STREQ(r.error().what, "the shards' memory contributions do not sum to zero");
}

// Attack: a word initialised twice. Before shard 1 the prover forgets every word shard 0 touched
// whose value is still its initial one, so shard 1 initialises again each of them it touches (its
// constraints hold: the value is the image's) and shard 0's hand-offs of them are never received:
// every shard alone is valid, and only the sum of contributions (≠ O) exposes it.
TEST(ShardAttack, WordInitialisedTwiceUnbalancesTheMemorySum) {
  const Sharded s = sharded_program("WordInitialisedTwice");
  const ShardCircuit c(s.g.image);
  const vm::Machine initial = vm::Machine::resume(s.plan.checkpoints[0]);
  size_t forgotten = 0;
  ShardRun forged = witness_run(c, s.plan, [&](size_t k, circuit::CellMap& cells) {
    if (k != 1) return;
    std::erase_if(cells, [&](const auto& kv) {
      const uint32_t word = static_cast<uint32_t>(kv.first);
      const bool unchanged = kv.second.value == initial.memory().peek_word(word * 4);
      forgotten += unchanged;
      return unchanged;
    });
  });
  ASSERT_GT(forgotten, 0u);
  const std::vector<std::string> local = all_failures(c, forged);
  EXPECT_TRUE(local.empty()) << local.front();
  Result<RunStatement> r = check_run(s.g.image.entry, forged.statements);
  ASSERT_FALSE(r.ok()) << "a re-initialised word was accepted";
  EXPECT_STREQ(r.error().what, "the shards' memory contributions do not sum to zero");
}

// Attack: a forged register at a shard boundary. A start register public value that is not the
// one the shard's first reads consume leaves the memory bus unbalanced.
TEST(ShardAttack, ForgedStartRegisterUnbalancesTheMemoryBus) {
  const Sharded s = sharded_program("ForgedStartRegister");
  const ShardCircuit c(s.g.image);
  ShardRun run = witness_run(c, s.plan);
  ASSERT_EQ(run.witnesses.size(), s.plan.shards.size());
  std::vector<stark::TableWitness> w = std::move(run.witnesses[1]);
  ASSERT_TRUE(check(c, w).empty());
  for (size_t reg : {size_t{8}, size_t{9}}) {  // x8: the data pointer, x9: the loop counter (both read)
    std::vector<stark::TableWitness> bad = w;
    bad[circuit::Rv32imCircuit::kRegistersIndex].public_values[1 + reg] += Fp::one();
    const std::vector<std::string> failures = check(c, bad);
    ASSERT_FALSE(failures.empty()) << "x" << reg;
    EXPECT_NE(failures.front().find("bus"), std::string::npos) << failures.front();
  }
}

// Attack: a forged EC contribution. The sum table's public values must be its running sum's last
// point: any other point fails its constraints.
TEST(ShardAttack, ForgedContributionFailsTheSumTable) {
  const Sharded s = sharded_program("ForgedContribution");
  const ShardCircuit c(s.g.image);
  ShardRun run = witness_run(c, s.plan);
  std::vector<stark::TableWitness>& w = run.witnesses[0];
  for (size_t i = 0; i < w[ShardCircuit::kSumIndex].public_values.size(); ++i) {
    std::vector<stark::TableWitness> bad = w;
    bad[ShardCircuit::kSumIndex].public_values[i] += Fp::one();
    EXPECT_FALSE(check(c, bad).empty()) << "public value " << i;
  }
}

}  // namespace
}  // namespace goldfinch::shard
