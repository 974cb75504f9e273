// LtChip: honest corner-case and random comparisons prove and verify (oracle: alu_eval), and every
// single-point break of an honest trace is caught by the debug checkers and the verifier.
#include "goldfinch/circuit/lt.h"

#include <gtest/gtest.h>

#include "goldfinch/circuit/alu_chip_test_util.h"

namespace goldfinch::circuit {
namespace {

using testing::AluChipHarness;
using testing::bump;
using Harness = AluChipHarness<LtChip>;
using C = LtChip::Col;

TEST(LtChip, ConstraintDegree) { EXPECT_EQ(testing::constraint_degree<LtChip>(), 3u); }

TEST(LtChip, NoEventsIsFourPaddingRows) { testing::expect_no_events_is_four_padding_rows<LtChip>(); }

TEST(LtChip, HonestCornerAndRandom) {
  std::vector<uint32_t> v = testing::corner_values();
  for (uint32_t x : {0x80000001u, 0xFFFFFFFEu, 0x7FFFFFFEu, 0x00FF0000u}) v.push_back(x);
  Harness h(testing::corner_and_random_events({kSlt, kSltu}, v, 64, 0x517));
  // The oracle on the spec's signed/unsigned split: -1 < 0 signed, not unsigned.
  EXPECT_EQ(alu_eval(kSlt, 0xFFFFFFFFu, 0), 1u);
  EXPECT_EQ(alu_eval(kSltu, 0xFFFFFFFFu, 0), 0u);
  h.expect_accepted();
}

// Row 0: signed -1 < 1 (signs differ); row 1: unsigned 5 < 0x80000000 with d1 >= 1; row 2: signed
// equal values (c = 0, d = 0); row 3: unsigned 0xFFFFFFFF vs 0 (c = 0).
std::vector<AluEvent> small_events() {
  return {{kSlt, 0xFFFFFFFFu, 1}, {kSltu, 5, 0x80000000u}, {kSlt, 0x80000000u, 0x80000000u}, {kSltu, 0xFFFFFFFFu, 0}};
}

TEST(LtChip, WrongResult) {
  Harness h(small_events());
  h.requests.at(0, 3) = Fp::zero();
  h.chip_main.at(0, C::kC) = Fp::zero();  // claims -1 >= 1 signed
  EXPECT_FALSE(h.constraint_failures().empty());
  h.expect_caught("wrong result");
}

TEST(LtChip, WrongResultWithAdjustedDifference) {
  // Flip c on every row and recompute d from the constraint: d = (2c - 1)(B - A) - c is then
  // negative, i.e. a field element near p, whose limbs cannot both be 16-bit. Constraints hold;
  // the range check catches it.
  for (size_t row = 0; row < 4; ++row) {
    SCOPED_TRACE(::testing::Message() << "row " << row);
    Harness h(small_events());
    const RowMajorMatrix& m = h.chip_main;
    auto word = [&](uint32_t lo, uint32_t b2, uint32_t b3) {
      return m.at(row, lo) + m.at(row, b2) * Fp::from_u64(1u << 16) + m.at(row, b3) * Fp::from_u64(1u << 24);
    };
    const Fp c = Fp::one() - m.at(row, C::kC);
    const Fp diff = word(C::kB0, C::kB2, C::kB3) - word(C::kA0, C::kA2, C::kA3) -
                    m.at(row, C::kIsSlt) * (m.at(row, C::kMsbB) - m.at(row, C::kMsbA)) * Fp::from_u64(uint64_t{1} << 32);
    const Fp d = (c * Fp::from_u64(2) - Fp::one()) * diff - c;
    const uint64_t d0 = d.value() & 0xFFFF;
    h.chip_main.at(row, C::kC) = c;
    h.requests.at(row, 3) = c;
    h.chip_main.at(row, C::kD0) = Fp::from_u64(d0);
    h.chip_main.at(row, C::kD1) = (d - Fp::from_u64(d0)) * Fp::from_u64(1u << 16).inverse();
    EXPECT_TRUE(h.constraint_failures().empty());
    EXPECT_FALSE(h.imbalance_on(kBusAlu));
    EXPECT_TRUE(h.imbalance_on(kBusRange16));
    h.expect_caught("flipped result with d from the constraint");
  }
}

TEST(LtChip, ForgedRequest) {
  Harness h(small_events());
  h.requests.at(2, 3) = Fp::one();  // equal values claimed less-than
  EXPECT_TRUE(h.constraint_failures().empty());
  EXPECT_TRUE(h.imbalance_on(kBusAlu));
  h.expect_caught("forged request", /*prove_it=*/true);
}

TEST(LtChip, WrongMultiplicity) {
  Harness h(small_events());
  h.requests.at(3, 4) = Fp::from_u64(2);
  EXPECT_TRUE(h.imbalance_on(kBusAlu));
  h.expect_caught("request sent twice");
}

TEST(LtChip, FlippedSelector) {
  // Row 0 (-1 <s 1 = 1) proven as unsigned (0xFFFFFFFF <u 1 = 0): with the selector switched, c = 1
  // no longer satisfies the difference constraint.
  Harness h(small_events());
  h.chip_main.at(0, C::kIsSlt) = Fp::zero();
  h.chip_main.at(0, C::kIsSltu) = Fp::one();
  EXPECT_FALSE(h.constraint_failures().empty());
  h.expect_caught("flipped selector");
}

TEST(LtChip, TwoSelectors) {
  Harness h(small_events());
  h.chip_main.at(1, C::kIsSlt) = Fp::one();  // op kSlt + kSltu, multiplicity 2
  EXPECT_FALSE(h.constraint_failures().empty());
  h.expect_caught("two selectors", /*prove_it=*/true);
}

TEST(LtChip, WrongSignBit) {
  // Row 0: a = -1 has msb_a = 1. Claiming msb_a = 0 makes A = 0xFFFFFFFF and flips the signed
  // answer; with d recomputed the constraints hold, but the top byte's AND lookup disagrees.
  Harness h(small_events());
  h.chip_main.at(0, C::kMsbA) = Fp::zero();
  h.chip_main.at(0, C::kC) = Fp::zero();
  h.requests.at(0, 3) = Fp::zero();
  const uint64_t d = 0xFFFFFFFFull - 1;  // A - B with A = 0xFFFFFFFF, B = 1
  h.chip_main.at(0, C::kD0) = Fp::from_u64(d & 0xFFFF);
  h.chip_main.at(0, C::kD1) = Fp::from_u64(d >> 16);
  EXPECT_TRUE(h.constraint_failures().empty());
  EXPECT_FALSE(h.imbalance_on(kBusAlu));
  EXPECT_TRUE(h.imbalance_on(kBusByte));
  h.expect_caught("wrong sign bit");
}

TEST(LtChip, LimbOutOfRange) {
  // Row 1: d = 0x80000000 - 5 - 1 has d1 = 0x7FFF >= 1. Move 2^16 from d1 into d0: d is
  // unchanged and every constraint holds; only the range check sees d0 >= 2^16.
  Harness h(small_events());
  ASSERT_NE(h.chip_main.at(1, C::kD1), Fp::zero());
  bump(h.chip_main, 1, C::kD0, 1u << 16);
  h.chip_main.at(1, C::kD1) -= Fp::one();
  EXPECT_TRUE(h.constraint_failures().empty());
  EXPECT_TRUE(h.imbalance_on(kBusRange16));
  EXPECT_FALSE(h.imbalance_on(kBusAlu));
  h.expect_caught("limb of 2^16", /*prove_it=*/true);
}

TEST(LtChip, PaddingRowReceives) {
  // A padding row with is_sltu set proves 0 <u 0 = 0, which nobody asked for.
  Harness h({{kSlt, 1, 2}, {kSltu, 3, 4}, {kSlt, 5, 6}, {kSltu, 7, 8}, {kSlt, 9, 10}});
  ASSERT_EQ(h.chip_main.height(), 8u);
  h.chip_main.at(6, C::kIsSltu) = Fp::one();
  EXPECT_TRUE(h.constraint_failures().empty());
  EXPECT_TRUE(h.imbalance_on(kBusAlu));
  h.expect_caught("padding row receives");
}

TEST(LtChip, EveryColumnCorrupted) {
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
