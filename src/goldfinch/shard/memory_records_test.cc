// Shard memory records: the sends and receives of all shards plus the run's init and final sets
// cancel exactly (as a multiset of tuples and as an EC multiset hash), agree with the circuit's
// own memory bookkeeping (CpuTable::trace), and stop cancelling when a record is forged.
#include "goldfinch/shard/memory_records.h"

#include <gtest/gtest.h>

#include <map>

#include "goldfinch/circuit/cpu.h"
#include "goldfinch/circuit/program_table.h"
#include "goldfinch/circuit/ram_boundary.h"
#include "goldfinch/shard/test_programs.h"

namespace goldfinch::shard {
namespace {

using testing::Guest;

ShardPlan plan_or_die(const Guest& g, uint64_t shard_cycles) {
  auto p = plan_shards(g.image, g.input, shard_cycles, 1ull << 32);
  if (auto* e = std::get_if<PlanError>(&p)) ADD_FAILURE() << g.name << ": " << e->message();
  return std::get<ShardPlan>(std::move(p));
}

struct Balance {
  bool counts = false;  // every tuple's multiplicity (sends + init - receives - final) is 0
  bool hash = false;    // the EC sum of all contributions is the identity
  size_t tuples = 0;
};

Balance balance(const std::vector<ShardRecords>& shards, const RunBoundary& b) {
  std::map<MemoryRecord, int64_t> count;
  multiset::MultisetHash h;
  Balance out;
  for (const ShardRecords& s : shards) {
    for (const MemoryRecord& r : s.sends) ++count[r];
    for (const MemoryRecord& r : s.receives) --count[r];
    h.combine(contribution(s));
    out.tuples += s.sends.size() + s.receives.size();
  }
  for (const MemoryRecord& r : b.init) {
    ++count[r];
    EXPECT_TRUE(h.add(record_tuple(r)).ok());
  }
  for (const MemoryRecord& r : b.final) {
    --count[r];
    EXPECT_TRUE(h.remove(record_tuple(r)).ok());
  }
  out.counts = true;
  for (const auto& [r, c] : count) out.counts &= c == 0;
  out.hash = h.is_identity();
  return out;
}

// The circuit's own bookkeeping for the unsharded run (cpu.cc): every touched cell's initial
// value at timestamp 0 and its final value and timestamp, in the same spaces.
RunBoundary circuit_boundary(const Guest& g) {
  auto m = std::get<vm::Machine>(vm::Machine::create(g.image, g.input));
  vm::TraceRecorder trace;
  EXPECT_EQ(m.run_trace(&trace).status, vm::RunStatus::kExited);
  const circuit::ProgramTable program(circuit::decode_program(*vm::build_program(g.image)));
  const circuit::ImageTable image(g.image);
  auto read_only = [&](uint32_t word) {
    if (const circuit::ImageWord* w = image.find(word)) return !w->writable;
    return word >= circuit::kInputWordBase && word < circuit::kInputWordEnd;
  };
  auto initial = [&](uint32_t word) { return circuit::initial_word(image, g.input, word); };
  circuit::LookupCounts counts;
  auto cpu = circuit::CpuTable::trace(trace.rows, program, counts, read_only, initial, g.input);
  EXPECT_TRUE(cpu.ok()) << cpu.error().what;
  RunBoundary b;
  for (uint32_t r = 0; r < circuit::kNumRegisterCells; ++r) {
    if (cpu->final_ts[r] == 0) continue;  // untouched: init and final are the same tuple
    b.init.push_back({kSpaceRegisters, r, 0, 0});
    b.final.push_back({kSpaceRegisters, r, cpu->final_regs[r], cpu->final_ts[r]});
  }
  for (const auto& [wa, word] : cpu->ram) {
    const uint32_t space = read_only(wa) ? kSpaceReadOnly : kSpaceRam;
    b.init.push_back({space, wa, word.initial_value, 0});
    b.final.push_back({space, wa, word.final_value, word.final_ts});
  }
  std::sort(b.init.begin(), b.init.end());
  std::sort(b.final.begin(), b.final.end());
  return b;
}

// Honest records at every shard size: they balance both ways, the run boundary is the
// circuit's, and with one shard the shard's receives are the init set and its sends the final set.
void expect_honest(const Guest& g, const std::vector<uint64_t>& sizes) {
  const RunBoundary oracle = circuit_boundary(g);
  for (uint64_t s : sizes) {
    SCOPED_TRACE(g.name + " shard_cycles=" + std::to_string(s));
    const ShardPlan plan = plan_or_die(g, s);
    const std::vector<ShardRecords> records = all_shard_memory_records(plan);
    const RunBoundary b = run_boundary(plan, records);
    EXPECT_EQ(b.init, oracle.init);
    EXPECT_EQ(b.final, oracle.final);
    const Balance bal = balance(records, b);
    EXPECT_TRUE(bal.counts);
    EXPECT_TRUE(bal.hash);
    if (plan.shards.size() == 1) {
      EXPECT_EQ(records[0].receives, b.init);
      EXPECT_EQ(records[0].sends, b.final);
    }
    std::printf("%s: %zu cycles, shard size %llu: %zu shards, %zu tuples\n", g.name.c_str(),
                static_cast<size_t>(plan.total_cycles), static_cast<unsigned long long>(s), plan.shards.size(), bal.tuples);
  }
}

TEST(ShardRecords, RandomProgramsBalanceAndMatchTheCircuit) {
  auto rng = testing::seeded_rng("ShardRecords.RandomProgramsBalanceAndMatchTheCircuit", 0xB0A7);
  for (int i = 0; i < 5; ++i) {
    const Guest g = testing::random_program(rng, 30 + static_cast<uint32_t>(rng() % 60), 30);
    expect_honest(g, {1ull << 6, 1ull << 8, 1ull << 10, 1ull << 12, 1ull << 30});
  }
}

// Code in a writable and executable segment: every cycle also reads its code word in space 1
// at slot 0 (docs/circuit_wx.md), so code words are cells carried across shards too.
TEST(ShardRecords, WxProgramsBalanceAndMatchTheCircuit) {
  auto rng = testing::seeded_rng("ShardRecords.WxProgramsBalanceAndMatchTheCircuit", 0x3C);
  for (int i = 0; i < 2; ++i) {
    Guest g = testing::random_program(rng, 20 + static_cast<uint32_t>(rng() % 30), 30);
    g.name = "random-wx";
    g.image.segments[0].writable = true;
    expect_honest(g, {1ull << 6, 1ull << 10, 1ull << 30});
  }
}

TEST(ShardRecords, OneShardAloneEqualsTheCarriedPass) {
  auto rng = testing::seeded_rng("ShardRecords.OneShardAloneEqualsTheCarriedPass", 0x51);
  const Guest g = testing::random_program(rng, 40, 30);
  const ShardPlan plan = plan_or_die(g, 1ull << 8);
  const std::vector<ShardRecords> all = all_shard_memory_records(plan);
  ASSERT_GT(plan.shards.size(), 3u);
  for (size_t k : {size_t{0}, size_t{1}, plan.shards.size() / 2, plan.shards.size() - 1}) {
    const ShardRecords one = shard_memory_records(plan, k);
    EXPECT_EQ(one.receives, all[k].receives) << k;
    EXPECT_EQ(one.sends, all[k].sends) << k;
  }
}

TEST(ShardRecords, ClockContinuesAcrossShards) {
  auto rng = testing::seeded_rng("ShardRecords.ClockContinuesAcrossShards", 0xC10C);
  const Guest g = testing::random_program(rng, 40, 30);
  const ShardPlan plan = plan_or_die(g, 1ull << 8);
  const std::vector<ShardRecords> all = all_shard_memory_records(plan);
  for (size_t k = 0; k < all.size(); ++k) {
    const ShardBoundary& b = plan.shards[k];
    for (const MemoryRecord& r : all[k].receives) EXPECT_LT(r.ts, 4 * (b.start_cycle + 1)) << k;
    // Sends lie in the shard's own timestamps [4 (start + 1), 4 (end + 1)), except the last
    // shard's input-stream accesses (last timestamp + 1, see run_shard).
    if (k + 1 < all.size()) {
      for (const MemoryRecord& r : all[k].sends) {
        EXPECT_GE(r.ts, 4 * (b.start_cycle + 1)) << k;
        EXPECT_LT(r.ts, 4 * (b.end_cycle + 1)) << k;
      }
    }
    ASSERT_EQ(all[k].sends.size(), all[k].receives.size());
    for (size_t i = 0; i < all[k].sends.size(); ++i) EXPECT_GT(all[k].sends[i].ts, all[k].receives[i].ts);
  }
}

// Attacks on honest records (the run boundary stays honest): each must unbalance both checks.
TEST(ShardRecordsAttack, ForgedRecordsDoNotBalance) {
  auto rng = testing::seeded_rng("ShardRecordsAttack.ForgedRecordsDoNotBalance", 0xA77A);
  const Guest g = testing::random_program(rng, 40, 30);
  const Guest other = testing::random_program(rng, 40, 30);
  const ShardPlan plan = plan_or_die(g, 1ull << 8);
  const std::vector<ShardRecords> honest = all_shard_memory_records(plan);
  const RunBoundary b = run_boundary(plan, honest);
  ASSERT_GT(honest.size(), 2u);
  auto expect_unbalanced = [&](const std::vector<ShardRecords>& forged, const std::string& what) {
    const Balance bal = balance(forged, b);
    EXPECT_FALSE(bal.counts) << what;
    EXPECT_FALSE(bal.hash) << what;
  };
  for (int trial = 0; trial < 6; ++trial) {
    const size_t k = rng() % honest.size();
    const bool send = rng() % 2;
    auto pick = [&](std::vector<ShardRecords>& v) -> std::vector<MemoryRecord>& {
      return send ? v[k].sends : v[k].receives;
    };
    {
      auto f = honest;
      MemoryRecord& r = pick(f)[rng() % pick(f).size()];
      r.value ^= 1u << (rng() % 32);
      expect_unbalanced(f, "value changed in shard " + std::to_string(k));
    }
    {
      auto f = honest;
      auto& v = pick(f);
      v.erase(v.begin() + static_cast<ptrdiff_t>(rng() % v.size()));
      expect_unbalanced(f, "record dropped in shard " + std::to_string(k));
    }
    {
      auto f = honest;
      auto& v = pick(f);
      v.push_back(v[rng() % v.size()]);
      expect_unbalanced(f, "record duplicated in shard " + std::to_string(k));
    }
    {
      auto f = honest;
      MemoryRecord& r = pick(f)[rng() % pick(f).size()];
      r.ts += 1;
      expect_unbalanced(f, "timestamp changed in shard " + std::to_string(k));
    }
  }
  // A shard's records replaced with another run's shard (same index).
  const ShardPlan other_plan = plan_or_die(other, 1ull << 8);
  const std::vector<ShardRecords> theirs = all_shard_memory_records(other_plan);
  for (size_t k = 0; k < std::min(honest.size(), theirs.size()); ++k) {
    auto f = honest;
    f[k] = theirs[k];
    ASSERT_NE(f[k].sends, honest[k].sends);
    expect_unbalanced(f, "shard " + std::to_string(k) + " from another run");
  }
  // Two shards of the same run swapped with each other still balance (the multiset does not
  // see the order): binding each shard to its position is the shard statement's job (its
  // start/end cycle are public values), recorded here so the gap stays visible.
  auto swapped = honest;
  std::swap(swapped[0], swapped[1]);
  EXPECT_TRUE(balance(swapped, b).counts);
}

#ifdef GF_GUEST_BIN_DIR
TEST(ShardRecords, ExampleGuestsBalanceAndMatchTheCircuit) {
  int ran = 0;
  for (auto g : {testing::example_guest("sha256", {'a', 'b', 'c'}), testing::example_guest("sort", {7, 0, 0, 0, 200, 0, 0, 0}),
                 testing::example_guest("wx_segment", {}), testing::example_guest("fp3_test", {}),
                 testing::example_guest("poseidon2_test", {})}) {
    if (!g) continue;
    expect_honest(*g, {1ull << 10, 1ull << 12, 1ull << 40});
    ++ran;
  }
  if (ran == 0) GTEST_SKIP() << "no guest ELFs (GF_BUILD_GUESTS off?)";
}
#endif

}  // namespace
}  // namespace goldfinch::shard
