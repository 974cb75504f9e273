// The pinned table descriptions (air::Air::pinned_description) against what they stand for: for
// every table of the RV32IM statement, whole run and shard, with and without writable-executable
// slots, at several entries, a pin must equal stark::describe_table of that table (so a pin on a
// table whose description depends on the shape fails here), and its interactions must read only
// columns inside the table (check_interaction_columns, which the in-VM verifier skips for pinned
// tables). A table changed without its pin fails with the figures to write down.
#include <gtest/gtest.h>

#include <cstdint>

#include "goldfinch/circuit/rv32im_tables.h"
#include "goldfinch/hash/digest.h"
#include "goldfinch/stark/vk.h"

namespace goldfinch::circuit {
namespace {

TEST(PinnedDescriptions, EqualDescribeTableInEveryShape) {
  size_t pinned = 0;
  for (bool shard : {false, true}) {
    for (bool wx : {false, true}) {
      for (uint32_t entry : {0x10000u, 0x2000u}) {
        const Rv32imTables tables({entry, 8, 16, wx, shard});
        for (const air::Air* t : tables.tables()) {
          const air::PinnedDescription* pin = t->pinned_description();
          if (!pin) continue;
          ++pinned;
          const uint8_t h = stark::kNoFixedHeight;
          const stark::TableInfo want = stark::describe_table(*t, h);
          const stark::TableInfo got = stark::pinned_table_info(*t, *pin, h);
          EXPECT_EQ(got, want) << t->name() << " (shard " << shard << ", wx " << wx << "): pin it as {"
                               << want.num_constraints << ", " << want.num_interactions << ", " << want.max_degree
                               << ", \"" << hash::to_hex(want.constraints_digest) << "\"}";
          EXPECT_TRUE(stark::check_interaction_columns(*t).ok()) << t->name();
        }
      }
    }
  }
  // Every table but the four shape-dependent ones (CPU, program, register and RAM boundaries) is
  // pinned in every shape, the wide precompile tables above all (they are what makes re-deriving
  // expensive in the VM).
  EXPECT_EQ(pinned, 8u * (Rv32imTables::kNumTables - 4));
}

TEST(PinnedDescriptions, AWrongPinIsAMismatch) {
  // The in-VM comparison is TableInfo equality: a pin with another digest, count or degree differs.
  const Rv32imTables tables({0x10000, 8, 16, false, false});
  const air::Air* keccak = tables.tables()[Rv32imTables::kKeccakIndex];
  ASSERT_NE(keccak->pinned_description(), nullptr);
  const stark::TableInfo want = stark::describe_table(*keccak, stark::kNoFixedHeight);
  air::PinnedDescription pin = *keccak->pinned_description();
  pin.digest[7] ^= 1;
  EXPECT_NE(stark::pinned_table_info(*keccak, pin, stark::kNoFixedHeight), want);
  pin = *keccak->pinned_description();
  pin.num_constraints += 1;
  EXPECT_NE(stark::pinned_table_info(*keccak, pin, stark::kNoFixedHeight), want);
  pin = *keccak->pinned_description();
  pin.max_degree += 1;
  EXPECT_NE(stark::pinned_table_info(*keccak, pin, stark::kNoFixedHeight), want);
}

}  // namespace
}  // namespace goldfinch::circuit
