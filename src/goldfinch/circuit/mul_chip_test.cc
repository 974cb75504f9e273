// MulChip: honest corner values and seeded random operands proven end to end against alu_eval
// (the request table's c), and attacks that break one thing in an honest witness — each must be
// named by the debug checkers and make a forced proof fail to verify.
#include "goldfinch/circuit/mul_chip.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <random>

#include "goldfinch/circuit/chip_test_harness.h"

namespace goldfinch::circuit {
namespace {

using testing::ChipHarness;
using testing::Witness;
using Col = MulChip::Col;

constexpr AluOp kOps[] = {kMul, kMulh, kMulhsu, kMulhu};

ChipHarness<MulChip>& harness() {
  static ChipHarness<MulChip> h;
  return h;
}

// The attacked witness must be reported by the debug checkers and rejected by the verifier.
void expect_caught(const Witness& w, const std::string& what = "") { testing::expect_caught(harness(), w, what); }

// A small witness whose first rows are the events given.
const std::vector<AluEvent> kSmall = {
    {kMulh, 0xFFFF8001u, 0x80000000u},  // both negative: every column is in use
    {kMul, 0xFFFFFFFFu, 0xFFFFFFFFu},
    {kMulhu, 0xFFFFFFFFu, 0xFFFFFFFFu},
    {kMulhsu, 0x80000000u, 0xFFFFFFFFu},
    {kMulh, 0x12345678u, 0x9ABCDEF0u},
};

TEST(MulChip, DegreeAtMostThree) {
  air::SymbolicBuilder sb(MulChip::kWidth, 0, 0);
  harness().table().eval(sb);
  EXPECT_LE(sb.max_degree(), 3u);
}

TEST(MulChip, HonestCornerAndRandomValues) {
  std::vector<AluEvent> events;
  const auto corners = testing::corner_values();
  for (AluOp op : kOps)
    for (uint32_t a : corners)
      for (uint32_t b : corners) events.push_back({op, a, b});
  const uint64_t seed = 0x6d756c;
  std::printf("MulChip random operands: seed %#llx\n", static_cast<unsigned long long>(seed));
  std::mt19937_64 rng(seed);
  while (events.size() < 2048) events.push_back({kOps[rng() % 4], static_cast<uint32_t>(rng()), static_cast<uint32_t>(rng())});
  const Witness w = harness().honest(events);

  // The chip's result limbs against the reference semantics (independent of the chip).
  for (size_t r = 0; r < events.size(); ++r) {
    const uint64_t c = w.table.at(r, Col::kRes0).value() + (w.table.at(r, Col::kRes1).value() << 16);
    ASSERT_EQ(c, alu_eval(events[r].op, events[r].a, events[r].b)) << "row " << r;
  }
  ChipHarness<MulChip>::expect_proves_full(events);
}

// The baseline every attack starts from: the small honest witness is clean and verifies.
TEST(MulChip, SmallHonestWitnessVerifies) {
  harness().expect_honest(harness().honest(kSmall));
}

TEST(MulChip, ForgedRequest) {
  Witness w = harness().honest(kSmall);
  w.requests.at(0, 3) += Fp::one();  // the CPU claims MULH(a, b) + 1
  expect_caught(w, "bus 10");
}

TEST(MulChip, WrongResult) {
  // Chip and request agree on a wrong c: the product constraints must refuse it.
  Witness w = harness().honest(kSmall);
  w.requests.at(0, 3) += Fp::one();
  w.table.at(0, Col::kRes0) += Fp::one();
  expect_caught(w, "high word of the product");
}

TEST(MulChip, WrongCarry) {
  Witness w = harness().honest(kSmall);
  w.table.at(2, Col::kCarryLo) += Fp::one();
  expect_caught(w, "low word of the product");
}

// The arithmetic identities hold for the broken chip trace: only the range check can catch it.
void expect_identities_hold(const Witness& w) {
  air::TableTrace t{&harness().table(), w.table.view(), {}, {}};
  const auto failures = air::check_constraints(t);
  EXPECT_TRUE(failures.empty()) << "the attack should keep every identity: " << failures.front().describe();
}

TEST(MulChip, LimbOutOfRange) {
  // MULHU(2^32-1, 2^32-1) = 0xFFFFFFFE with low word 1 and carry 2^17 - 3 out of it. The classic
  // under-constrained-limb forgery claims 0xFFFFFFFD: low word limb 1 set to 2^16, the carry one
  // less, the high word one less. Both identities still hold; only the 16-bit range check sees it.
  Witness w = harness().honest(kSmall);
  ASSERT_EQ(w.table.at(2, Col::kOth1), Fp::zero());
  ASSERT_GE(w.table.at(2, Col::kCarryLo).value(), 1u);
  ASSERT_GE(w.table.at(2, Col::kRes0).value(), 1u);
  w.table.at(2, Col::kOth1) = Fp::from_u64(1 << 16);
  w.table.at(2, Col::kCarryLo) -= Fp::one();
  w.table.at(2, Col::kRes0) -= Fp::one();
  w.requests.at(2, 3) -= Fp::one();
  expect_identities_hold(w);
  expect_caught(w, "bus 11: tuple (65536)");
}

TEST(MulChip, CarryLimbOutOfRange) {
  // The carry 2^17 - 3 written as lo = 2^17 - 3, hi = 0 instead of lo = 2^16 - 3, hi = 1.
  Witness w = harness().honest(kSmall);
  ASSERT_EQ(w.table.at(2, Col::kCarryHi), Fp::one());
  w.table.at(2, Col::kCarryHi) = Fp::zero();
  w.table.at(2, Col::kCarryLo) += Fp::from_u64(1 << 16);
  expect_identities_hold(w);
  expect_caught(w, "bus 11");
}

TEST(MulChip, ResultLimbOutOfRange) {
  // c unchanged but written with res0 + 2^16 and res1 - 1.
  Witness w = harness().honest(kSmall);
  ASSERT_GE(w.table.at(4, Col::kRes1).value(), 1u);
  w.table.at(4, Col::kRes0) += Fp::from_u64(1 << 16);
  w.table.at(4, Col::kRes1) -= Fp::one();
  expect_identities_hold(w);
  expect_caught(w, "bus 11");
}

TEST(MulChip, SignBitCleared) {
  // MULH of a negative a computed as MULHU: a row filled for MULHU, relabelled MULH, signs 0.
  // Every identity holds; the sign lookup (2 a1 < 2^16 with sign 0) is what refuses it.
  const AluEvent e = {kMulh, 0xFFFF8001u, 0x00001234u};
  Witness w = harness().honest({e});
  LookupCounts scratch;
  MulChip::fill_row(w.table.row(0), {kMulhu, e.a, e.b}, scratch);
  w.table.at(0, Col::kIsMulhu) = Fp::zero();
  w.table.at(0, Col::kIsMulh) = Fp::one();
  w.table.at(0, Col::kASign) = Fp::zero();
  w.table.at(0, Col::kBSign) = Fp::zero();
  w.requests.at(0, 3) = Fp::from_u64(alu_eval(kMulhu, e.a, e.b));
  ASSERT_NE(alu_eval(kMulhu, e.a, e.b), alu_eval(kMulh, e.a, e.b));
  expect_identities_hold(w);
  expect_caught(w, "bus 11: tuple (131070)");  // 2 * 0xFFFF
}

TEST(MulChip, FlippedSelector) {
  Witness w = harness().honest(kSmall);
  w.table.at(0, Col::kIsMulh) = Fp::zero();
  w.table.at(0, Col::kIsMulhu) = Fp::one();
  expect_caught(w, "bus 10");  // the chip now receives a MULHU the CPU never sent
  w.requests.at(0, 0) = Fp::from_u64(kMulhu);  // ...and if the CPU asks for it, the product is wrong
  expect_caught(w, "high word of the product");
}

TEST(MulChip, TwoSelectors) {
  Witness w = harness().honest(kSmall);
  w.table.at(1, Col::kIsMulhu) = Fp::one();
  expect_caught(w, "at most one op selector");
}

TEST(MulChip, WrongMultiplicity) {
  Witness w = harness().honest(kSmall);
  w.requests.at(1, 4) = Fp::from_u64(2);  // the CPU's request counted twice
  expect_caught(w, "bus 10");
  Witness w2 = harness().honest(kSmall);
  w2.table.at(6, Col::kIsMul) = Fp::one();  // a padding row receives MUL(0, 0) = 0
  expect_caught(w2, "bus 10");
}

// Exhaustive over a neighbourhood: for corner inputs and every op, each claim (res, oth, wrap) near
// the answer or near the other ops' answers, with the carry derived as a prover would (the row
// then has every limb in range), is checked row by row; only the spec's result may satisfy it.
TEST(MulChip, OnlyTheSpecAnswerSatisfies) {
  const auto corners = testing::corner_values();
  const MulChip chip;
  RowMajorMatrix row(4, MulChip::kWidth);
  size_t accepted = 0, checked = 0;
  for (AluOp op : kOps)
    for (uint32_t a : corners)
      for (uint32_t b : corners) {
        LookupCounts counts;
        MulChip::fill_row(row.row(0), {op, a, b}, counts);
        const uint32_t res = static_cast<uint32_t>(row.at(0, Col::kRes0).value() | row.at(0, Col::kRes1).value() << 16);
        const uint32_t oth = static_cast<uint32_t>(row.at(0, Col::kOth0).value() | row.at(0, Col::kOth1).value() << 16);
        std::vector<uint32_t> res_claims = {0, res ^ 0x80000000u}, oth_claims = {oth, oth + 1, oth - 1, 0};
        for (AluOp other : kOps) res_claims.push_back(alu_eval(other, a, b));
        for (int d = -3; d <= 3; ++d) res_claims.push_back(res + static_cast<uint32_t>(d));
        for (auto* v : {&res_claims, &oth_claims}) {
          std::sort(v->begin(), v->end());
          v->erase(std::unique(v->begin(), v->end()), v->end());
        }
        for (uint32_t rc : res_claims)
          for (uint32_t oc : oth_claims)
            for (uint64_t wrap : {0, 1}) {
              row.at(0, Col::kRes0) = Fp::from_u64(rc & 0xFFFF);
              row.at(0, Col::kRes1) = Fp::from_u64(rc >> 16);
              row.at(0, Col::kOth0) = Fp::from_u64(oc & 0xFFFF);
              row.at(0, Col::kOth1) = Fp::from_u64(oc >> 16);
              row.at(0, Col::kWrap) = Fp::from_u64(wrap);
              // The carry a prover would write: floor((a0 b0 + 2^16 (a0 b1 + a1 b0) - low) / 2^32).
              const int64_t a0 = a & 0xFFFF, a1 = a >> 16, b0 = b & 0xFFFF, b1 = b >> 16;
              const int64_t low = op == kMul ? rc : oc;
              const int64_t k = (a0 * b0 + ((a0 * b1 + a1 * b0) << 16) - low) >> 32;
              row.at(0, Col::kCarryLo) = Fp::from_i64(k & 0xFFFF);
              row.at(0, Col::kCarryHi) = Fp::from_i64(k >> 16);
              air::DebugBuilder db(row.view(), {}, {});
              db.set_row(0);
              chip.eval(db);
              ++checked;
              if (!db.failures().empty()) continue;
              ++accepted;
              ASSERT_EQ(rc, alu_eval(op, a, b)) << "op " << op << " a " << a << " b " << b;
            }
      }
  std::printf("%zu distinct claims checked, %zu accepted (all the spec's answer)\n", checked, accepted);
  EXPECT_EQ(accepted, std::size(kOps) * corners.size() * corners.size()) << "exactly one claim per input";
}

TEST(MulChip, EveryColumnCorrupted) {
  for (uint32_t c = 0; c < MulChip::kWidth; ++c) {
    SCOPED_TRACE("column " + std::to_string(c));
    Witness w = harness().honest(kSmall);
    w.table.at(0, c) += Fp::one();
    expect_caught(w);
  }
}

}  // namespace
}  // namespace goldfinch::circuit
