// BitwiseChip: honest corner-case and random operations prove and verify (oracle: alu_eval), and
// every single-point break of an honest trace is caught by the debug checkers and the verifier.
#include "goldfinch/circuit/bitwise.h"

#include <gtest/gtest.h>

#include "goldfinch/circuit/alu_chip_test_util.h"

namespace goldfinch::circuit {
namespace {

using testing::AluChipHarness;
using testing::bump;
using Harness = AluChipHarness<BitwiseChip>;
using C = BitwiseChip::Col;

TEST(BitwiseChip, ConstraintDegree) { EXPECT_EQ(testing::constraint_degree<BitwiseChip>(), 2u); }

TEST(BitwiseChip, NoEventsIsFourPaddingRows) { testing::expect_no_events_is_four_padding_rows<BitwiseChip>(); }

TEST(BitwiseChip, HonestCornerAndRandom) {
  std::vector<uint32_t> v = testing::corner_values();
  for (uint32_t x : {0x0F0F0F0Fu, 0xF0F0F0F0u, 0x00FF00FFu, 0x12345678u}) v.push_back(x);
  Harness h(testing::corner_and_random_events({kXor, kOr, kAnd}, v, 64, 0xB17));
  h.expect_accepted();
}

std::vector<AluEvent> small_events() {
  return {{kXor, 0x12345678u, 0xFF00FF00u}, {kOr, 0x0F0F0F0Fu, 0x80000001u}, {kAnd, 0xFFFFFFFFu, 0x7FFFFFFEu},
          {kXor, 0x00010000u, 0xFFFFFFFFu}};
}

TEST(BitwiseChip, WrongResult) {
  Harness h(small_events());
  bump(h.requests, 1, 3);
  bump(h.chip_main, 1, C::kC);  // chip and request agree on a wrong OR
  EXPECT_TRUE(h.imbalance_on(kBusByte));
  h.expect_caught("wrong result");
}

TEST(BitwiseChip, ForgedRequest) {
  Harness h(small_events());
  bump(h.requests, 0, 3);
  EXPECT_TRUE(h.constraint_failures().empty());
  EXPECT_TRUE(h.imbalance_on(kBusAlu));
  h.expect_caught("forged request", /*prove_it=*/true);
}

TEST(BitwiseChip, WrongMultiplicity) {
  Harness h(small_events());
  h.requests.at(2, 4) = Fp::from_u64(2);
  EXPECT_TRUE(h.imbalance_on(kBusAlu));
  h.expect_caught("request sent twice");
}

TEST(BitwiseChip, FlippedSelector) {
  // The XOR row claims OR: both the ALU tuple (op) and the byte lookups (op, result) disagree.
  Harness h(small_events());
  h.chip_main.at(0, C::kIsXor) = Fp::zero();
  h.chip_main.at(0, C::kIsOr) = Fp::one();
  EXPECT_TRUE(h.imbalance_on(kBusAlu));
  h.expect_caught("flipped selector");
}

TEST(BitwiseChip, TwoSelectors) {
  Harness h(small_events());
  h.chip_main.at(2, C::kIsXor) = Fp::one();  // is_xor + is_and: multiplicity 2, op kXor + kAnd
  EXPECT_FALSE(h.constraint_failures().empty());
  h.expect_caught("two selectors", /*prove_it=*/true);
}

TEST(BitwiseChip, ByteOutOfRange) {
  // Row 3's a = 0x10000 has bytes (0, 0, 1, 0): carry byte 2 down into byte 1 (bytes 0, 256, 0,
  // 0): a is unchanged, the ALU tuple balances, only the byte lookup of 256 sees it.
  Harness h(small_events());
  ASSERT_EQ(h.chip_main.at(3, C::kA + 2), Fp::one());
  bump(h.chip_main, 3, C::kA + 1, 256);
  h.chip_main.at(3, C::kA + 2) -= Fp::one();
  EXPECT_TRUE(h.constraint_failures().empty());
  EXPECT_FALSE(h.imbalance_on(kBusAlu));
  EXPECT_TRUE(h.imbalance_on(kBusByte));
  h.expect_caught("byte of 256", /*prove_it=*/true);
}

TEST(BitwiseChip, PaddingRowReceives) {
  // An all-zero padding row with a selector set: 0 op 0 = 0 is true, but nobody asked for it.
  Harness h({{kAnd, 1, 2}, {kOr, 3, 4}, {kXor, 5, 6}, {kAnd, 7, 8}, {kAnd, 9, 10}});
  ASSERT_EQ(h.chip_main.height(), 8u);
  h.chip_main.at(6, C::kIsAnd) = Fp::one();
  EXPECT_TRUE(h.constraint_failures().empty());
  EXPECT_TRUE(h.imbalance_on(kBusAlu));
  h.expect_caught("padding row receives");
}

TEST(BitwiseChip, EveryColumnCorrupted) {
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
