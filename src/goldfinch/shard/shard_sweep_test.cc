// The whole-statement single-cell sweep (circuit/sweep.h, docs/circuit.md "Soundness suite") over
// the shard circuit (docs/continuations.md, "The shard statement"): two random programs cut into
// shards of 2^7 cycles, the witnesses of a middle shard (neither first nor last) and of the last
// shard, every main cell of a sample of live rows of every one of the 25 tables changed by +1 and
// -1, each caught by the debug checkers or allow-listed; and every public value of every table
// changed by +1, caught by the table's constraints, its public bus terms or the shard statement's
// checks. GOLDFINCH_SWEEP_ROWS=<n> sweeps n live rows per table (16 by default), GOLDFINCH_SEED
// replays other programs and GOLDFINCH_SHARD_LOG=<n> cuts them into shards of 2^n cycles.
#include <fmt/core.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "goldfinch/air/debug.h"
#include "goldfinch/circuit/statement_harness.h"
#include "goldfinch/circuit/sweep.h"
#include "goldfinch/shard/shard_circuit.h"
#include "goldfinch/shard/test_programs.h"

namespace goldfinch::shard {
namespace {

using Witness = std::vector<stark::TableWitness>;
using circuit::sweep::Cell;

const size_t kSweepRows = circuit::testing::env_count("GOLDFINCH_SWEEP_ROWS", 16);
// log2 of the shard size: 7 by default, GOLDFINCH_SHARD_LOG=<n> for another (the programs grow with it).
const size_t kLogShardCycles = circuit::testing::env_count("GOLDFINCH_SHARD_LOG", 7);

// A random program's plan at 2^7 cycles per shard and the honest witnesses of a middle shard and
// the last shard, built once per test binary.
struct ShardedRun {
  std::string name;
  vm::ElfImage image;
  ShardPlan plan;
  std::unique_ptr<ShardCircuit> circuit;
  size_t middle = 0, last = 0;
  Witness middle_w, last_w;
};

std::unique_ptr<ShardedRun> shard_run(std::string name, vm::ElfImage image, std::vector<uint8_t> input) {
  auto r = std::make_unique<ShardedRun>();
  r->name = std::move(name);
  r->image = std::move(image);
  auto p = plan_shards(r->image, input, uint64_t{1} << kLogShardCycles, uint64_t{1} << 32);
  GF_CHECK(std::holds_alternative<ShardPlan>(p), "the sweep's program does not plan");
  r->plan = std::get<ShardPlan>(p);
  GF_CHECK(r->plan.shards.size() >= 3, "the sweep's program has fewer than 3 shards");
  r->circuit = std::make_unique<ShardCircuit>(r->image);
  r->last = r->plan.shards.size() - 1;
  r->middle = r->plan.shards.size() / 2;
  circuit::CellMap cells;
  for (size_t k = 0; k <= r->last; ++k) {
    Result<Witness> w = shard_witness(*r->circuit, r->plan, k, cells);
    GF_CHECK(w.ok(), "shard witness failed");
    if (k == r->middle) r->middle_w = std::move(*w);
    if (k == r->last) r->last_w = std::move(*w);
  }
  return r;
}

// Two programs: the shard tests' loop over RAM, the read-only segment and the input region (words
// handed on between shards), and the whole-run sweep's straight-line generator (every ALU and M op,
// branches, every load and store width, every system call).
const std::vector<std::unique_ptr<ShardedRun>>& sharded_runs() {
  static const std::vector<std::unique_ptr<ShardedRun>> runs = [] {
    std::vector<std::unique_ptr<ShardedRun>> out;
    auto rng = testing::seeded_rng("ShardSweep", 0x5EED5A4D);
    testing::Guest g = testing::random_program(rng, static_cast<uint32_t>(8 << (kLogShardCycles - 7)), 40);
    out.push_back(shard_run("loop", std::move(g.image), std::move(g.input)));
    circuit::testing::ProgramGenerator gen(rng());
    vm::ElfImage image = gen.generate(size_t{640} << (kLogShardCycles - 7));
    out.push_back(shard_run("straight-line", std::move(image), gen.input()));
    return out;
  }();
  return runs;
}

// A shard witness with its preprocessed traces, viewed as the debug checkers' traces.
class ShardTraces {
 public:
  ShardTraces(const ShardCircuit& c, Witness w) : tables_(c.tables()), w_(std::move(w)), pre_(tables_.size()) {
    for (size_t t = 0; t < tables_.size(); ++t)
      if (tables_[t]->preprocessed_width() > 0) pre_[t] = tables_[t]->preprocessed_trace(w_[t].main.height());
    for (size_t t = 0; t < tables_.size(); ++t)
      tr_.push_back({tables_[t], w_[t].main.view(), pre_[t].view(), w_[t].public_values});
    lookups_ = std::make_unique<circuit::testing::LookupIndex>(tr_);
  }
  ShardTraces(const ShardTraces&) = delete;

  Witness& witness() { return w_; }
  const std::vector<air::TableTrace>& traces() const { return tr_; }
  const circuit::testing::LookupIndex& lookups() const { return *lookups_; }
  const std::vector<const air::Air*>& tables() const { return tables_; }

  std::vector<std::string> check(size_t limit = 4) const {
    std::vector<std::string> out;
    for (const auto& t : tr_)
      for (const auto& f : air::check_constraints(t, limit)) out.push_back(f.describe());
    for (const auto& b : air::check_buses(tr_, limit)) out.push_back(b.describe());
    return out;
  }

 private:
  std::vector<const air::Air*> tables_;
  Witness w_;
  std::vector<RowMajorMatrix> pre_;
  std::vector<air::TableTrace> tr_;
  std::unique_ptr<circuit::testing::LookupIndex> lookups_;
};

// The shard-only columns' allow-list (docs/circuit.md, "Soundness suite"; the whole-run entries of
// sweep.h apply to the same columns in shard mode). A RAM boundary row the shard does not touch
// reaches neither the memory bus nor the cross-shard multiset, and a row that receives nothing
// (untouched, or the run's first access) has no incoming timestamp.
const std::vector<circuit::sweep::Allowed>& shard_allow_list() {
  using circuit::sweep::RowView;
  namespace ram = circuit::ram;
  namespace fin = circuit::fin;
  auto untouched = [](RowView r, RowView) { return r[ram::kTouched].is_zero(); };
  auto untouched_writable = [](RowView r, RowView) {
    return r[ram::kTouched].is_zero() && r[ram::kWritable] == Fp::one();
  };
  auto not_received = [](RowView r, RowView) { return r[ram::kTouched] == r[ram::kFirst]; };
  auto last_final_row = [](RowView, RowView next) { return next.empty() || next[fin::kIsReal].is_zero(); };
  static const std::vector<circuit::sweep::Allowed> list = [&] {
    std::vector<circuit::sweep::Allowed> l = circuit::sweep::allow_list();
    const std::vector<circuit::sweep::Allowed> shard = {
        {"ram_boundary", ram::kVEnd, "untouched writable word (touched = 0)", untouched_writable,
         "v_end is on the memory bus and the outgoing hand-off only with multiplicity touched; a read-only word's "
         "v_end "
         "= v0 holds on every row"},
        {"ram_boundary", ram::kTEnd, "untouched (touched = 0)", untouched,
         "t_end is on the memory bus and the outgoing hand-off with multiplicity touched and t_end - B - 1 is "
         "constrained times touched"},
        {"ram_boundary", ram::kTendLo, "untouched", untouched,
         "as t_end; the limb is range-checked on every real row, so +1 on a 0 is absorbed by the range table"},
        {"ram_boundary", ram::kTendHi, "untouched", untouched, "as tend_lo"},
        {"ram_boundary", ram::kVIn, "untouched writable word", untouched_writable,
         "v_in is sent on the memory bus (multiplicity touched) and received from the multiset (touched - first); it "
         "is bound to v0 on first accesses and read-only words"},
        {"ram_boundary", ram::kTIn, "not received (untouched, or the run's first access: touched = first)",
         not_received,
         "t_in is only on the incoming hand-off, multiplicity touched - first, and B - t_in is constrained times "
         "touched - first"},
        {"ram_boundary", ram::kTinL0, "not received", not_received,
         "as t_in; the limb is range-checked on every real row, so +1 on a 0 is absorbed by the range table"},
        {"ram_boundary", ram::kTinL1, "not received", not_received, "as tin_l0"},
        {"ram_boundary", ram::kTinL2, "not received", not_received, "as tin_l0"},
        {"ram_finalize", fin::kGapLo, "the last real row (the next row is padding)", last_final_row,
         "as the RAM boundary's gap: row i holds row i + 1's key gap, checked only when row i + 1 is real; the limb is "
         "range-checked, so +1 on a 0 is absorbed"},
        {"ram_finalize", fin::kGapHi, "the last real row", last_final_row, "as gap_lo"},
    };
    l.insert(l.end(), shard.begin(), shard.end());
    return l;
  }();
  return list;
}

// Sweeps every table of one shard's witness; an escape that is not allow-listed is a failure.
circuit::sweep::Tally sweep_shard(const ShardedRun& run, const Witness& honest, const std::string& label,
                                  std::vector<size_t>* uses, std::vector<bool>* swept) {
  ShardTraces st(*run.circuit, honest);
  EXPECT_EQ(st.tables().size(), ShardCircuit::kNumTables);
  const std::vector<std::string> honest_failures = st.check();
  EXPECT_TRUE(honest_failures.empty()) << label << ": " << honest_failures.front();
  const auto& list = shard_allow_list();
  circuit::sweep::Tally t =
      circuit::sweep::sweep_witness(st.witness(), st.traces(), st.lookups(), kSweepRows, uses, list);
  for (const Cell& c : t.escapes)
    ADD_FAILURE() << label << ": undetected corruption (soundness bug or missing allow-list entry): "
                  << circuit::sweep::describe_cell(st.tables()[c.table]->name(), st.witness()[c.table].main, c);
  for (size_t ti = 0; ti < st.tables().size(); ++ti)
    if (st.traces()[ti].main.width > 0 && !circuit::sweep::sample_live_rows(st.traces()[ti], 1).empty())
      (*swept)[ti] = true;
  std::printf("[ sweep ] %s: %zu of %zu tables swept, %zu cells caught, %zu allow-listed\n", label.c_str(),
              t.tables_swept, st.tables().size(), t.caught, t.allowed);
  EXPECT_GT(t.caught, 1000u) << label;
  return t;
}

// Every main column of every table of a middle and the last shard of each program, on up to
// kSweepRows live rows per table: caught or allow-listed. Together the shards sweep every table with
// main columns (the image table has none), and every shard-only allow-list entry is needed.
TEST(ShardSweep, EveryCellOfEveryShardTableIsCaughtOrAllowListed) {
  const auto& list = shard_allow_list();
  std::vector<size_t> uses(list.size(), 0);
  std::vector<bool> swept(ShardCircuit::kNumTables, false);
  circuit::sweep::Tally middle, last;
  for (const auto& run : sharded_runs()) {
    const size_t n = run->plan.shards.size();
    const auto m = sweep_shard(*run, run->middle_w, fmt::format("{}: middle shard {} of {}", run->name, run->middle, n),
                               &uses, &swept);
    const auto l =
        sweep_shard(*run, run->last_w, fmt::format("{}: last shard {} of {}", run->name, run->last, n), &uses, &swept);
    middle.caught += m.caught, middle.allowed += m.allowed, last.caught += l.caught, last.allowed += l.allowed;
  }
  std::printf(
      "[ sweep ] middle shards: %zu cells caught, %zu allow-listed; last shards: %zu caught, %zu allow-listed\n",
      middle.caught, middle.allowed, last.caught, last.allowed);
  const auto tables = sharded_runs().front()->circuit->tables();
  // Coverage is a property of the default programs; a replayed seed may leave a table out (reported).
  const bool default_programs = circuit::testing::seed_from_env(0) == 0 && kLogShardCycles == 7;
  for (size_t ti = 0; ti < tables.size(); ++ti) {
    if (swept[ti] || tables[ti]->width() == 0) continue;
    if (default_programs)
      ADD_FAILURE() << "table '" << tables[ti]->name() << "' has no live row in any swept shard";
    else
      std::printf("[ sweep ] table '%s' has no live row in any swept shard\n", tables[ti]->name().c_str());
  }
  for (size_t i = circuit::sweep::allow_list().size(); i < list.size(); ++i)
    EXPECT_GT(uses[i], 0u) << "shard allow-list entry for table '" << list[i].table << "' column " << list[i].column
                           << " (" << list[i].row_kind << ") is never needed";
  size_t whole_run_entries = 0;
  for (size_t i = 0; i < circuit::sweep::allow_list().size(); ++i) whole_run_entries += uses[i] > 0;
  std::printf("[ sweep ] allow-list entries needed: %zu of %zu whole-run, %zu shard-only\n", whole_run_entries,
              circuit::sweep::allow_list().size(), list.size() - circuit::sweep::allow_list().size());
}

// Every public value of every table of one shard changed by +1: the table's constraints fail, its
// public bus terms change on a tuple no lookup table could absorb, or the verifier's shard
// statement (ShardCircuit::statement: the tables agree with each other, values in range) refuses.
void expect_public_values_bound(const ShardedRun& run, const Witness& honest, const std::string& label) {
  ShardTraces st(*run.circuit, honest);
  size_t n = 0, by_constraint = 0, by_bus = 0, by_statement = 0;
  std::string statement_only;
  for (size_t ti = 0; ti < st.tables().size(); ++ti) {
    if (st.traces()[ti].main.height == 0) continue;  // an absent optional table: no rows, no public values
    std::vector<Fp>& pv = st.witness()[ti].public_values;
    const auto honest_row = circuit::testing::row_contribution(st.traces()[ti], 0);
    for (size_t i = 0; i < pv.size(); ++i, ++n) {
      pv[i] += Fp::one();
      std::string how;
      if (!air::check_constraints(st.traces()[ti], 1).empty()) {
        ++by_constraint;
      } else if (circuit::sweep::caught_after(st.traces(), ti, 0, honest_row, st.lookups(), &how)) {
        ++by_bus;
      } else {
        std::vector<std::vector<Fp>> all;
        for (const auto& t : st.witness()) all.push_back(t.public_values);
        if (!ShardCircuit::statement(all).ok()) {
          ++by_statement;
          statement_only += fmt::format(" {}[{}]", st.tables()[ti]->name(), i);
        } else {
          ADD_FAILURE() << label << ": table '" << st.tables()[ti]->name() << "' public value " << i
                        << " + 1 is not caught";
        }
      }
      pv[i] -= Fp::one();
    }
  }
  std::printf(
      "[ public ] %s: %zu public values; caught by constraints %zu, by public bus terms %zu, by the shard statement "
      "%zu:%s\n",
      label.c_str(), n, by_constraint, by_bus, by_statement, statement_only.c_str());
  EXPECT_GT(n, 70u) << label;  // at least the start and end registers
}

TEST(ShardSweep, EveryPublicValueOfEveryShardTableIsBound) {
  for (const auto& run : sharded_runs()) {
    const size_t n = run->plan.shards.size();
    expect_public_values_bound(*run, run->middle_w,
                               fmt::format("{}: middle shard {} of {}", run->name, run->middle, n));
    expect_public_values_bound(*run, run->last_w, fmt::format("{}: last shard {} of {}", run->name, run->last, n));
  }
}

}  // namespace
}  // namespace goldfinch::shard
