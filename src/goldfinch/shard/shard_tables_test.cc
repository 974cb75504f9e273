// The shard proof's table set (ShardTables) from a key's shape: the RV32IM shard tables followed by
// the three multiset tables, the same descriptions as the ELF-built ShardCircuit; and the pinned
// descriptions of the multiset tables (air::Air::pinned_description, what the in-VM verifier
// compares a shard key against instead of re-deriving them) equal stark::describe_table in every
// shape, with interactions inside their tables. A changed table fails with the figures to write
// down in circuit/pinned_descriptions.cc.
#include "goldfinch/shard/shard_tables.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "goldfinch/hash/digest.h"
#include "goldfinch/stark/vk.h"

namespace goldfinch::shard {
namespace {

TEST(ShardTables, TheMultisetTablesArePinnedInEveryShape) {
  for (bool wx : {false, true}) {
    for (uint32_t entry : {0x10000u, 0x2000u}) {
      const ShardTables tables({entry, 8, 16, wx, true});
      const std::vector<const air::Air*> all = tables.tables();
      ASSERT_EQ(all.size(), ShardTables::kNumTables);
      EXPECT_EQ(all[ShardTables::kPoseidon2Index]->name(), "poseidon2");
      EXPECT_EQ(all[ShardTables::kHashToCurveIndex]->name(), "multiset_hash_to_curve");
      EXPECT_EQ(all[ShardTables::kSumIndex]->name(), "multiset_sum");
      for (size_t i : {ShardTables::kPoseidon2Index, ShardTables::kHashToCurveIndex, ShardTables::kSumIndex}) {
        const air::Air& t = *all[i];
        const stark::TableInfo want = stark::describe_table(t, stark::kNoFixedHeight);
        std::ostringstream figures;
        figures << "{\"" << t.name() << "\", pin(" << want.num_constraints << ", " << want.num_interactions << ", "
                << want.max_degree << ", \"" << hash::to_hex(want.constraints_digest) << "\")}";
        const air::PinnedDescription* pin = t.pinned_description();
        EXPECT_NE(pin, nullptr) << t.name() << ": pin it as " << figures.str();
        if (!pin) continue;
        EXPECT_EQ(stark::pinned_table_info(t, *pin, stark::kNoFixedHeight), want)
            << t.name() << " (wx " << wx << "): pin it as " << figures.str();
        EXPECT_TRUE(stark::check_interaction_columns(t).ok()) << t.name();
      }
    }
  }
}

}  // namespace
}  // namespace goldfinch::shard
