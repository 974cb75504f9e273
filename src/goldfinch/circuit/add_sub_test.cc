// AddSubChip: honest corner-case and random operations prove and verify (oracle: alu_eval), and
// every single-point break of an honest trace is caught by the debug checkers and the verifier.
#include "goldfinch/circuit/add_sub.h"

#include <gtest/gtest.h>

#include "goldfinch/circuit/alu_chip_test_util.h"

namespace goldfinch::circuit {
namespace {

using testing::AluChipHarness;
using testing::bump;
using Harness = AluChipHarness<AddSubChip>;
using C = AddSubChip::Col;

TEST(AddSubChip, ConstraintDegree) { EXPECT_EQ(testing::constraint_degree<AddSubChip>(), 2u); }

TEST(AddSubChip, NoEventsIsFourPaddingRows) { testing::expect_no_events_is_four_padding_rows<AddSubChip>(); }

TEST(AddSubChip, HonestCornerAndRandom) {
  std::vector<uint32_t> v = testing::corner_values();
  for (uint32_t x : {0xFFFFu, 0x10000u, 0xFFFF0000u, 0x0001FFFFu}) v.push_back(x);  // limb carries
  Harness h(testing::corner_and_random_events({kAdd, kSub}, v, 64, 0xADD5));
  // The oracle is alu_eval, through the request table's c; spot-check it against wrapping u32 math.
  for (size_t r = 0; r < 8; ++r) {
    const uint64_t op = h.requests.at(r, 0).value(), a = h.requests.at(r, 1).value(), b = h.requests.at(r, 2).value();
    const uint32_t want = op == kAdd ? static_cast<uint32_t>(a + b) : static_cast<uint32_t>(a - b);
    EXPECT_EQ(h.requests.at(r, 3).value(), want);
  }
  h.expect_accepted();
}

// A few rows with interesting carries: row 0 an add carrying from the low limb, row 1 a sub
// borrowing, rows 2, 3 a wrapping add and sub.
std::vector<AluEvent> small_events() {
  return {{kAdd, 0x0001FFFFu, 1}, {kSub, 0x00020000u, 1}, {kAdd, 0xFFFFFFFFu, 0xFFFFFFFFu}, {kSub, 5, 7}};
}

TEST(AddSubChip, WrongResult) {
  Harness h(small_events());
  bump(h.requests, 0, 3);
  bump(h.chip_main, 0, C::kC0);  // chip and request agree on the wrong sum
  EXPECT_FALSE(h.constraint_failures().empty());
  h.expect_caught("wrong result");
}

TEST(AddSubChip, ForgedRequest) {
  Harness h(small_events());
  bump(h.requests, 2, 3);  // the CPU claims a wrong c; the chip stays honest
  EXPECT_TRUE(h.constraint_failures().empty());
  EXPECT_TRUE(h.imbalance_on(kBusAlu));
  h.expect_caught("forged request", /*prove_it=*/true);
}

TEST(AddSubChip, WrongMultiplicity) {
  Harness h(small_events());
  h.requests.at(1, 4) = Fp::from_u64(2);  // sent twice, received once
  EXPECT_TRUE(h.imbalance_on(kBusAlu));
  h.expect_caught("request sent twice");
}

TEST(AddSubChip, PaddingRowReceives) {
  Harness big({{kAdd, 1, 2}, {kAdd, 3, 4}, {kAdd, 5, 6}, {kAdd, 7, 8}, {kAdd, 9, 10}});
  ASSERT_EQ(big.chip_main.height(), 8u);
  big.chip_main.at(6, C::kIsAdd) = Fp::one();  // 0 + 0 = 0 holds, but nobody asked for it
  EXPECT_TRUE(big.constraint_failures().empty());
  EXPECT_TRUE(big.imbalance_on(kBusAlu));
  big.expect_caught("padding row receives");
}

TEST(AddSubChip, FlippedSelector) {
  Harness h(small_events());
  h.chip_main.at(0, C::kIsAdd) = Fp::zero();
  h.chip_main.at(0, C::kIsSub) = Fp::one();  // the add row now claims a sub
  h.expect_caught("flipped selector");
}

TEST(AddSubChip, TwoSelectors) {
  Harness h(small_events());
  h.chip_main.at(0, C::kIsSub) = Fp::one();  // op field kAdd + kSub = kXor, multiplicity 2
  EXPECT_FALSE(h.constraint_failures().empty());
  h.expect_caught("two selectors", /*prove_it=*/true);
}

TEST(AddSubChip, WrongCarry) {
  // Row 2 (0xFFFFFFFF + 0xFFFFFFFF) overflows: carry = 1. A CPU claiming the unreduced sum
  // c = 0x1FFFFFFFE and a chip row with carry = 0 and c1 = 0x1FFFF agree with each other and
  // satisfy every constraint; only the range check of c1 catches it.
  Harness h(small_events());
  ASSERT_EQ(h.chip_main.at(2, C::kCarry), Fp::one());
  h.chip_main.at(2, C::kCarry) = Fp::zero();
  bump(h.chip_main, 2, C::kC1, 1u << 16);
  h.requests.at(2, 3) = Fp::from_u64(0x1FFFFFFFEull);
  EXPECT_TRUE(h.constraint_failures().empty());
  EXPECT_FALSE(h.imbalance_on(kBusAlu));
  EXPECT_TRUE(h.imbalance_on(kBusRange16));
  h.expect_caught("carry dropped, unreduced sum");
}

TEST(AddSubChip, LimbOutOfRange) {
  // The classic: a limb of 2^16 with its neighbour adjusted so that the arithmetic identity holds.
  // Row 1 is a sub 0x20000 - 1 = 0xFFFF with a0 = 0, a1 = 2; set a0 = 2^16, a1 = 1: a is
  // unchanged, the ALU tuple balances and every constraint holds.
  Harness h(small_events());
  ASSERT_EQ(h.chip_main.at(1, C::kA0), Fp::zero());
  h.chip_main.at(1, C::kA0) = Fp::from_u64(1u << 16);
  h.chip_main.at(1, C::kA1) -= Fp::one();
  EXPECT_TRUE(h.constraint_failures().empty());
  EXPECT_TRUE(h.imbalance_on(kBusRange16));
  EXPECT_FALSE(h.imbalance_on(kBusAlu));
  h.expect_caught("limb of 2^16", /*prove_it=*/true);
}

TEST(AddSubChip, EveryColumnCorrupted) {
  // Each column on each real row (two adds, two subs), one at a time.
  for (size_t row = 0; row < 4; ++row)
    for (uint32_t col = 0; col < C::kWidth; ++col) {
      SCOPED_TRACE(::testing::Message() << "row " << row << " column " << col);
      Harness h(small_events());
      bump(h.chip_main, row, col);
      h.expect_caught("corrupted column");
    }
}

}  // namespace
}  // namespace goldfinch::circuit
