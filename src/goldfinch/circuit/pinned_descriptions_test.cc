// The pinned table descriptions (air::Air::pinned_description) against what they stand for: for
// every table of the RV32IM statement, whole run and shard, with and without writable-executable
// slots, at several entries, a pin must equal stark::describe_table of that table (so a pin on a
// table whose description depends on the shape fails here), and its interactions must read only
// columns inside the table (check_interaction_columns, which the in-VM verifier skips for pinned
// tables). A table changed without its pin fails with the figures to write down.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "goldfinch/circuit/rv32im_tables.h"
#include "goldfinch/hash/digest.h"
#include "goldfinch/stark/vk.h"

namespace goldfinch::circuit {
namespace {

TEST(PinnedDescriptions, EqualDescribeTableInEveryShape) {
  // Per table name: its descriptions over the shapes, and whether it is pinned.
  std::map<std::string, std::set<std::string>> described;
  std::map<std::string, bool> has_pin;
  for (bool shard : {false, true}) {
    for (bool wx : {false, true}) {
      for (uint32_t entry : {0x10000u, 0x2000u}) {
        const Rv32imTables tables({entry, 8, 16, wx, shard});
        for (const air::Air* t : tables.tables()) {
          const uint8_t h = stark::kNoFixedHeight;
          const stark::TableInfo want = stark::describe_table(*t, h);
          std::ostringstream figures;
          figures << "pin(" << want.num_constraints << ", " << want.num_interactions << ", " << want.max_degree
                  << ", \"" << hash::to_hex(want.constraints_digest) << "\")";
          described[t->name()].insert(figures.str());
          const air::PinnedDescription* pin = t->pinned_description();
          has_pin[t->name()] = pin != nullptr;
          if (!pin) continue;
          EXPECT_EQ(stark::pinned_table_info(*t, *pin, h), want)
              << t->name() << " (shard " << shard << ", wx " << wx << "): pin it as " << figures.str();
          EXPECT_TRUE(stark::check_interaction_columns(*t).ok()) << t->name();
        }
      }
    }
  }
  // Every table whose description is the same in every shape is pinned (the wide precompile tables
  // above all: they are what makes re-deriving expensive in the VM); the others are the CPU,
  // program, register and RAM boundary tables.
  size_t shape_dependent = 0;
  for (const auto& [name, figures] : described) {
    if (figures.size() > 1) {
      ++shape_dependent;
      EXPECT_FALSE(has_pin[name]) << name << " depends on the shape and cannot be pinned";
    } else {
      EXPECT_TRUE(has_pin[name]) << name << " is the same in every shape: pin it as " << *figures.begin()
                                 << " in pinned_descriptions.cc";
    }
  }
  EXPECT_EQ(shape_dependent, 4u);
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

// The verifier checks a key's tables through the pins (DescriptionCheck::kPinned, on the host and
// in the VM); the full derivation (kDerive) must give the same answer for every key: the honest
// key passes both, and a key with any one table's description changed fails both, naming it.
TEST(PinnedDescriptions, PinnedAndDerivedChecksRejectTheSameKeys) {
  for (bool shard : {false, true}) {
    const Rv32imTables tables({0x10000, 8, 16, false, shard});
    const std::vector<const air::Air*> airs = tables.tables();
    stark::VerifyingKey vk;
    for (const air::Air* t : airs) vk.tables.push_back(stark::describe_table(*t, stark::kNoFixedHeight));
    for (auto how : {stark::DescriptionCheck::kPinned, stark::DescriptionCheck::kDerive})
      ASSERT_TRUE(stark::check_tables_match(vk, airs, how).ok()) << "shard " << shard;
    const std::vector<void (*)(stark::TableInfo&)> changes = {
        [](stark::TableInfo& t) { t.constraints_digest.bytes[5] ^= 1; },
        [](stark::TableInfo& t) { t.num_constraints += 1; },
        [](stark::TableInfo& t) { t.num_interactions += 1; },
        [](stark::TableInfo& t) { t.max_degree += 1; },
        [](stark::TableInfo& t) { t.width += 1; },
        [](stark::TableInfo& t) { t.num_public_values += 1; },
        [](stark::TableInfo& t) { t.name += "x"; },
    };
    for (size_t i = 0; i < airs.size(); ++i) {
      for (size_t c = 0; c < changes.size(); ++c) {
        stark::VerifyingKey bad = vk;
        changes[c](bad.tables[i]);
        for (auto how : {stark::DescriptionCheck::kPinned, stark::DescriptionCheck::kDerive}) {
          const Error e = stark::check_tables_match(bad, airs, how);
          EXPECT_EQ(e.code, ErrorCode::kMismatch) << airs[i]->name() << ", change " << c << ", shard " << shard;
          EXPECT_EQ(e.expected, i) << airs[i]->name() << ", change " << c;
        }
      }
    }
  }
}

}  // namespace
}  // namespace goldfinch::circuit
