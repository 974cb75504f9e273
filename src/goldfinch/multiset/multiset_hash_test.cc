// Multiset hash tests: order independence, add/remove, distinct multisets, multiplicities, and a
// run cut into shards whose sends and receives cancel only when the memory handoff is honest.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "goldfinch/multiset/multiset_hash.h"
#include "goldfinch/multiset/test_util.h"

namespace goldfinch::multiset {
namespace {

using testing::seeded_rng;
using Tuple = std::array<Fp, 4>;

constexpr uint64_t kMemoryTag = 1;  // the domain tag a continuation would use for RAM tuples

Tuple memory_tuple(uint64_t addr, uint64_t value, uint64_t clk) {
  return {Fp::from_canonical(kMemoryTag), Fp::from_u64(addr), Fp::from_u64(value), Fp::from_u64(clk)};
}

MultisetHash hash_of(const std::vector<Tuple>& ts) {
  MultisetHash h;
  for (const Tuple& t : ts) EXPECT_TRUE(h.add(t).ok());
  return h;
}

TEST(MultisetHash, OrderIndependence) {
  auto rng = seeded_rng("MultisetHash.OrderIndependence", 51);
  std::vector<Tuple> ts;
  for (int i = 0; i < 12; ++i) ts.push_back(memory_tuple(rng() % 64, rng(), i));
  const MultisetHash h = hash_of(ts);
  for (int round = 0; round < 3; ++round) {
    std::shuffle(ts.begin(), ts.end(), rng);
    EXPECT_EQ(hash_of(ts), h);
  }
  // Split into two parts hashed separately and combined.
  MultisetHash a = hash_of({ts.begin(), ts.begin() + 5}), b = hash_of({ts.begin() + 5, ts.end()});
  a.combine(b);
  EXPECT_EQ(a, h);
}

TEST(MultisetHash, AddThenRemoveIsIdentity) {
  auto rng = seeded_rng("MultisetHash.AddThenRemoveIsIdentity", 52);
  MultisetHash h;
  EXPECT_TRUE(h.is_identity());
  std::vector<Tuple> ts;
  for (int i = 0; i < 10; ++i) {
    ts.push_back(memory_tuple(rng(), rng(), rng()));
    ASSERT_TRUE(h.add(ts.back()).ok());
    EXPECT_FALSE(h.is_identity());
  }
  std::shuffle(ts.begin(), ts.end(), rng);
  for (const Tuple& t : ts) ASSERT_TRUE(h.remove(t).ok());
  EXPECT_TRUE(h.is_identity());
}

TEST(MultisetHash, DifferentMultisetsDiffer) {
  const Tuple a = memory_tuple(1, 10, 1), b = memory_tuple(2, 20, 2), c = memory_tuple(2, 21, 2);
  EXPECT_NE(hash_of({a, b}), hash_of({a, c}));  // one value differs
  EXPECT_NE(hash_of({a}), hash_of({a, a}));     // multiplicity counts
  EXPECT_NE(hash_of({a, a}), hash_of({a, a, a}));
  EXPECT_NE(hash_of({a, b}), hash_of({a}));
  EXPECT_NE(hash_of({memory_tuple(1, 10, 2)}), hash_of({memory_tuple(1, 10, 1)}));  // clock
  EXPECT_NE(hash_of({memory_tuple(2, 10, 1)}), hash_of({memory_tuple(1, 10, 1)}));  // address
  EXPECT_FALSE(hash_of({a, b}).is_identity());
  MultisetHash h;
  const std::array<Fp, 5> too_long{};
  EXPECT_EQ(h.add(too_long).code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(h.is_identity());
}

// A run of `shards` shards over a small memory: every (addr, value, clk) a shard leaves for a
// later one is sent by that shard and received by the next shard that touches the address.
struct ShardedRun {
  std::vector<std::vector<Tuple>> sends, receives;
};

ShardedRun make_run(std::mt19937_64& rng, size_t shards, size_t addrs, size_t steps_per_shard) {
  ShardedRun run{std::vector<std::vector<Tuple>>(shards), std::vector<std::vector<Tuple>>(shards)};
  struct Cell {
    uint64_t value = 0, clk = 0;
    size_t shard = 0;
    bool written = false;
  };
  std::vector<Cell> mem(addrs);
  uint64_t clk = 1;
  for (size_t s = 0; s < shards; ++s) {
    for (size_t i = 0; i < steps_per_shard; ++i, ++clk) {
      const size_t a = rng() % addrs;
      Cell& c = mem[a];
      if (c.written && c.shard != s) {  // the value crosses a shard boundary: handoff
        run.sends[c.shard].push_back(memory_tuple(a, c.value, c.clk));
        run.receives[s].push_back(memory_tuple(a, c.value, c.clk));
      }
      c = {rng() % 1000, clk, s, true};
    }
  }
  return run;
}

MultisetHash contribution(const ShardedRun& run, size_t s) {
  MultisetHash h;
  for (const Tuple& t : run.sends[s]) EXPECT_TRUE(h.add(t).ok());
  for (const Tuple& t : run.receives[s]) EXPECT_TRUE(h.remove(t).ok());
  return h;
}

MultisetHash total(const ShardedRun& run) {
  MultisetHash sum;
  for (size_t s = 0; s < run.sends.size(); ++s) sum.combine(contribution(run, s));
  return sum;
}

TEST(MultisetHash, ShardSendsAndReceivesCancel) {
  auto rng = seeded_rng("MultisetHash.ShardSendsAndReceivesCancel", 53);
  const ShardedRun run = make_run(rng, 4, 8, 12);
  size_t handoffs = 0;
  for (const auto& r : run.receives) handoffs += r.size();
  ASSERT_GT(handoffs, 3u);
  EXPECT_TRUE(total(run).is_identity());
  // Each shard's contribution alone is not the identity when it has any handoff.
  for (size_t s = 0; s < 4; ++s) {
    if (!run.sends[s].empty() || !run.receives[s].empty()) {
      EXPECT_FALSE(contribution(run, s).is_identity());
    }
  }
  // The contributions travel as bytes in a proof; decoding them gives the same sum.
  MultisetHash decoded_sum;
  for (size_t s = 0; s < 4; ++s) {
    uint8_t buf[MultisetHash::kBytes];
    contribution(run, s).to_bytes(buf);
    auto back = MultisetHash::from_bytes(buf);
    ASSERT_TRUE(back.ok());
    decoded_sum.combine(*back);
  }
  EXPECT_TRUE(decoded_sum.is_identity());
}

TEST(MultisetHash, TamperedHandoffDoesNotCancel) {
  auto rng = seeded_rng("MultisetHash.TamperedHandoffDoesNotCancel", 54);
  const ShardedRun honest = make_run(rng, 4, 8, 12);
  size_t s = 1;
  while (honest.receives[s].empty()) ++s;
  ShardedRun run = honest;
  run.receives[s][0][2] += Fp::one();  // a receive with a different value
  EXPECT_FALSE(total(run).is_identity());
  run = honest;
  run.receives[s][0][3] += Fp::one();  // a different clock
  EXPECT_FALSE(total(run).is_identity());
  run = honest;
  run.receives[s].pop_back();  // a dropped receive
  EXPECT_FALSE(total(run).is_identity());
  run = honest;
  run.receives[s].push_back(run.receives[s][0]);  // a duplicated receive
  EXPECT_FALSE(total(run).is_identity());
  run = honest;
  run.sends[s].push_back(run.receives[s][0]);  // a receive turned into a send (sign flip)
  run.receives[s].erase(run.receives[s].begin());
  EXPECT_FALSE(total(run).is_identity());
  // A forged contribution: the honest one plus any non-zero point.
  MultisetHash forged = total(honest);
  forged.add_point(*hash_to_curve(memory_tuple(0, 0, 0)));
  EXPECT_FALSE(forged.is_identity());
}

TEST(MultisetHash, FromBytesRejectsNonCanonical) {
  uint8_t buf[MultisetHash::kBytes] = {};
  EXPECT_TRUE(MultisetHash::from_bytes(buf).ok());  // the identity
  buf[0] = 1;                                        // (1, 0) is not on the curve
  EXPECT_FALSE(MultisetHash::from_bytes(buf).ok());
  for (int i = 0; i < 8; ++i) buf[i] = 0xFF;
  EXPECT_EQ(MultisetHash::from_bytes(buf).error().code, ErrorCode::kNonCanonical);
}

}  // namespace
}  // namespace goldfinch::multiset
