// Test support shared by the ALU chips' tests (add_sub, bitwise, lt): a harness holding the four
// traces an ALU chip is proven with (request table standing in for the CPU, the chip, the 16-bit
// range table, the byte table), built honestly from events, which attack tests then break.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "goldfinch/air/builders.h"
#include "goldfinch/air/debug.h"
#include "goldfinch/circuit/buses.h"
#include "goldfinch/circuit/lookups.h"
#include "goldfinch/circuit/testing.h"

namespace goldfinch::circuit::testing {

// GOLDFINCH_EXHAUSTIVE_ATTACKS=1 makes every attack test also force a proof through the verifier.
inline bool exhaustive_attacks() {
  const char* v = std::getenv("GOLDFINCH_EXHAUSTIVE_ATTACKS");
  return v != nullptr && *v != 0 && *v != '0';
}

inline std::vector<uint32_t> corner_values() {
  return {0, 1, 2, 31, 32, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFFu};
}

// Every (op, a, b) with a, b from `values`, plus `random_count` seeded random pairs per op.
inline std::vector<AluEvent> corner_and_random_events(const std::vector<AluOp>& ops, const std::vector<uint32_t>& values,
                                                      size_t random_count, uint64_t seed) {
  std::printf("random ALU operands: seed %llu\n", static_cast<unsigned long long>(seed));
  std::vector<AluEvent> ev;
  for (AluOp op : ops)
    for (uint32_t a : values)
      for (uint32_t b : values) ev.push_back({op, a, b});
  std::mt19937_64 rng(seed);
  for (AluOp op : ops)
    for (size_t i = 0; i < random_count; ++i) {
      // Mix full-range values with small ones and near-equal pairs, where comparisons and carries
      // are most delicate.
      uint32_t a = static_cast<uint32_t>(rng()), b = static_cast<uint32_t>(rng());
      if (i % 4 == 1) b = a + static_cast<uint32_t>(rng() % 3) - 1;
      if (i % 4 == 2) a &= 0xFFFF;
      ev.push_back({op, a, b});
    }
  return ev;
}

template <class Chip>
class AluChipHarness {
 public:
  explicit AluChipHarness(const std::vector<AluEvent>& events) {
    LookupCounts counts;
    requests = AluRequestTable::trace(events);
    chip_main = Chip::trace(events, counts);
    range_main = RangeU16Table::trace(counts);
    byte_main = ByteTable::trace(counts);
  }

  // The chip's failing constraints (debug checker), named.
  std::vector<air::ConstraintFailure> constraint_failures() const {
    return air::check_constraints({&chip, chip_main.view(), {}, {}}, 20);
  }
  // Unbalanced bus tuples over all four tables.
  std::vector<air::BusImbalance> bus_imbalances() const {
    const RowMajorMatrix range_pre = range.preprocessed_trace(RangeU16Table::kHeight);
    const RowMajorMatrix byte_pre = bytes.preprocessed_trace(ByteTable::kHeight);
    std::vector<air::TableTrace> t = {{&req, requests.view(), {}, {}},
                                      {&chip, chip_main.view(), {}, {}},
                                      {&range, range_main.view(), range_pre.view(), {}},
                                      {&bytes, byte_main.view(), byte_pre.view(), {}}};
    return air::check_buses(t, 20);
  }
  bool imbalance_on(uint32_t bus) const {
    for (const auto& i : bus_imbalances())
      if (i.bus == bus) return true;
    return false;
  }

  // Debug checkers (all tables) then prove and verify; `force` pushes an unsatisfied witness through.
  Error prove(bool force, std::vector<std::string>* failures) const {
    std::vector<Table> t = {{&req, requests}, {&chip, chip_main}, {&range, range_main}, {&bytes, byte_main}};
    return prove_and_verify(t, force, failures);
  }

  // Honest: nothing reported, the proof verifies.
  void expect_accepted() const {
    std::vector<std::string> failures;
    const Error e = prove(false, &failures);
    for (const auto& f : failures) ADD_FAILURE() << f;
    EXPECT_TRUE(e.ok()) << e.what;
  }
  // Broken: the debug checkers report it and, when `prove_it` or GOLDFINCH_EXHAUSTIVE_ATTACKS is
  // set, the forced proof does not verify. A proof costs about a second (the two 2^16-row lookup
  // tables), so by default only the attacks that stand for each way of being caught (a violated
  // constraint, an unbalanced ALU tuple, an out-of-range limb) are also proven; the debug checkers
  // run on every attack.
  void expect_caught(const std::string& what, bool prove_it = false) const {
    std::vector<std::string> failures;
    if (prove_it || exhaustive_attacks()) {
      const Error e = prove(true, &failures);
      EXPECT_FALSE(e.ok()) << what << ": the forced proof verified";
    } else {
      for (const auto& f : constraint_failures()) failures.push_back(f.describe());
      for (const auto& b : bus_imbalances()) failures.push_back(b.describe());
    }
    EXPECT_FALSE(failures.empty()) << what << ": the debug checkers saw nothing";
  }

  Chip chip;
  AluRequestTable req;
  RangeU16Table range;
  ByteTable bytes;
  RowMajorMatrix requests, chip_main, range_main, byte_main;
};

// Adds `delta` to one cell.
inline void bump(RowMajorMatrix& m, size_t row, size_t col, uint64_t delta = 1) {
  m.at(row, col) += Fp::from_u64(delta);
}

// The highest degree of a chip's own constraints (selector products included; the LogUp helper
// constraints add their own degree 3).
template <class Chip>
unsigned constraint_degree() {
  Chip chip;
  air::SymbolicBuilder sb(chip.width(), 0, 0);
  chip.eval_symbolic(sb);
  return sb.max_degree();
}

// A chip with no events has four padding rows that satisfy its constraints and send no lookups.
template <class Chip>
void expect_no_events_is_four_padding_rows() {
  LookupCounts counts;
  const RowMajorMatrix t = Chip::trace({}, counts);
  EXPECT_EQ(t.height(), 4u);
  Chip chip;
  EXPECT_TRUE(air::check_constraints({&chip, t.view(), {}, {}}).empty());
  EXPECT_EQ(counts.range16_count(0), 0u);
  for (ByteOp op : {kByteAnd, kByteOr, kByteXor, kByteRange}) EXPECT_EQ(counts.byte_count(op, 0, 0), 0u);
}

}  // namespace goldfinch::circuit::testing
