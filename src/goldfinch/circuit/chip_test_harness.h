// Test support for the multiply and divide chips: one proving key for {AluRequestTable, chip,
// RangeU16Table} set up once and reused by every prove-and-verify of a test binary (attack tests
// prove many broken witnesses; these chips send no byte lookups, so the ByteTable is left out
// here — the honest tests use testing::prove_and_verify with all four tables), the corner values,
// and a witness bundle an attack test can break one cell of and re-check.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "goldfinch/circuit/table_test_harness.h"
#include "goldfinch/circuit/testing.h"

namespace goldfinch::circuit::testing {

// The u32 corner values every chip test combines, plus seeded random ones.
inline std::vector<uint32_t> corner_values() {
  return {0, 1, 2, 3, 31, 32, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0x80000001,
          0xFFFFFFFE, 0xFFFFFFFF, static_cast<uint32_t>(-7)};
}

// The chip's harness: the shared table harness (table_test_harness.h) with the ALU request table
// as its request side; a witness's matrices are `requests`, `table` (the chip) and `range`.
using Witness = TableWitness;
template <class Chip>
using ChipHarness = TableHarness<AluRequestTable, Chip, AluEvent>;

// The attacked witness must be reported by the debug checkers (naming `what` when given) and a
// forced proof of it rejected by the verifier.
template <class Chip>
void expect_caught(const ChipHarness<Chip>& harness, const Witness& w, const std::string& what = "") {
  expect_table_attack_caught(harness, w, what);
}

}  // namespace goldfinch::circuit::testing
