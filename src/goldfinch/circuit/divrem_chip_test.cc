// DivRemChip: honest corner values (division by zero, signed overflow, every sign combination) and
// seeded random operands proven end to end against alu_eval (the request table's c), and attacks
// that break one thing — including the classic division forgeries: a remainder not below the
// divisor, a wrong quotient for b = 0, a wrapped overflow quotient, a remainder of the wrong sign.
#include "goldfinch/circuit/divrem_chip.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <random>

#include "goldfinch/circuit/chip_test_harness.h"

namespace goldfinch::circuit {
namespace {

using testing::ChipHarness;
using testing::Witness;
using Col = DivRemChip::Col;

constexpr AluOp kOps[] = {kDiv, kDivu, kRem, kRemu};
constexpr uint32_t kIntMin = 0x80000000u, kNeg1 = 0xFFFFFFFFu;

ChipHarness<DivRemChip>& harness() {
  static ChipHarness<DivRemChip> h;
  return h;
}

// The attacked witness must be reported by the debug checkers and rejected by the verifier.
void expect_caught(const Witness& w, const std::string& what = "") { testing::expect_caught(harness(), w, what); }

// The arithmetic identities hold for the broken chip trace: only a lookup can catch it.
void expect_identities_hold(const Witness& w) {
  air::TableTrace t{&harness().table(), w.table.view(), {}, {}};
  const auto failures = air::check_constraints(t);
  EXPECT_TRUE(failures.empty()) << "the attack should keep every identity: " << failures.front().describe();
}

const std::vector<AluEvent> kSmall = {
    {kRem, 0x80000001u, static_cast<uint32_t>(-7)},  // a, b, r negative, q positive: every column in use
    {kDivu, kNeg1, 3},
    {kRem, static_cast<uint32_t>(-7), 2},  // r = -1
    {kRemu, 100, 7},
    {kDiv, 7, 0},
    {kDiv, kIntMin, kNeg1},
    {kRem, kIntMin, kNeg1},
    {kDivu, 5, 0},
    {kDiv, static_cast<uint32_t>(-6), 3},
    {kRemu, 0x12345678u, 0x9ABCu},
    {kRemu, 5, kIntMin},  // |b| - |r| - 1 has a nonzero high limb
};

// kSmall with row `row` replaced by `claim`; the request table agrees with the forger.
Witness with_claim(size_t row, const DivRemClaim& claim) {
  LookupCounts counts;
  Witness w;
  w.requests = testing::AluRequestTable::trace(kSmall);
  w.table = RowMajorMatrix(w.requests.height(), DivRemChip::kWidth);
  for (size_t r = 0; r < kSmall.size(); ++r) {
    const AluEvent& e = kSmall[r];
    DivRemChip::fill_row(w.table.row(r), e, r == row ? claim : DivRemChip::honest_claim(e.op, e.a, e.b), counts);
  }
  const AluOp op = kSmall[row].op;
  w.requests.at(row, 3) = Fp::from_u64(op == kDiv || op == kDivu ? claim.q : claim.r);
  w.range = RangeU16Table::trace(counts);
  return w;
}

TEST(DivRemChip, DegreeAtMostThree) {
  air::SymbolicBuilder sb(DivRemChip::kWidth, 0, 0);
  harness().table().eval(sb);
  EXPECT_LE(sb.max_degree(), 3u);
}

TEST(DivRemChip, HonestCornerAndRandomValues) {
  std::vector<AluEvent> events;
  const auto corners = testing::corner_values();
  for (AluOp op : kOps)
    for (uint32_t a : corners)
      for (uint32_t b : corners) events.push_back({op, a, b});
  const uint64_t seed = 0x646976;
  std::printf("DivRemChip random operands: seed %#llx\n", static_cast<unsigned long long>(seed));
  std::mt19937_64 rng(seed);
  while (events.size() < 2048) {
    // Mix full-width divisors with short ones (so quotients are large too) and zeros.
    const uint32_t a = static_cast<uint32_t>(rng());
    uint32_t b = static_cast<uint32_t>(rng());
    if (rng() % 3 == 0) b >>= (rng() % 32);
    if (rng() % 3 == 0) b = static_cast<uint32_t>(-static_cast<int32_t>(b >> (rng() % 32)));
    events.push_back({kOps[rng() % 4], a, b});
  }
  const Witness w = harness().honest(events);
  for (size_t r = 0; r < events.size(); ++r)
    ASSERT_EQ(w.table.at(r, Col::kC).value(), alu_eval(events[r].op, events[r].a, events[r].b)) << "row " << r;

  ChipHarness<DivRemChip>::expect_proves_full(events);
}

// The baseline every attack starts from: the small honest witness is clean and verifies.
TEST(DivRemChip, SmallHonestWitnessVerifies) {
  harness().expect_honest(harness().honest(kSmall));
}

TEST(DivRemChip, ForgedRequest) {
  Witness w = harness().honest(kSmall);
  w.requests.at(5, 3) = Fp::from_u64(0x7FFFFFFF);  // the CPU claims DIV(INT_MIN, -1) = INT_MAX
  expect_caught(w, "bus 10");
}

TEST(DivRemChip, WrongResult) {
  Witness w = harness().honest(kSmall);
  w.requests.at(1, 3) += Fp::one();
  w.table.at(1, Col::kC) += Fp::one();
  expect_caught(w, "c selects q or r");
}

TEST(DivRemChip, WrongCarry) {
  Witness w = harness().honest(kSmall);
  w.table.at(0, Col::kCarryLo) += Fp::one();
  expect_caught(w, "low word of q b + r = a");
}

TEST(DivRemChip, LimbOutOfRange) {
  // q = 0x55555555 written as q0 + 2^16, q1 - 1 (b1 = 0, so the carry is unchanged): both
  // identities and c still hold; only the 16-bit range check sees it.
  Witness w = harness().honest(kSmall);
  ASSERT_EQ(w.table.at(1, Col::kB1), Fp::zero());
  w.table.at(1, Col::kQ0) += Fp::from_u64(1 << 16);
  w.table.at(1, Col::kQ1) -= Fp::one();
  expect_identities_hold(w);
  expect_caught(w, "bus 11");

  // The difference |b| - |r| - 1 likewise.
  Witness w2 = harness().honest(kSmall);
  ASSERT_GE(w2.table.at(10, Col::kD1).value(), 1u);
  w2.table.at(10, Col::kD0) += Fp::from_u64(1 << 16);
  w2.table.at(10, Col::kD1) -= Fp::one();
  expect_identities_hold(w2);
  expect_caught(w2, "bus 11");
}

TEST(DivRemChip, RemainderNotBounded) {
  // REMU(100, 7) claimed as 9 (q = 13): 13 * 7 + 9 = 100 holds. |b| - |r| - 1 = -3 is written
  // as d0 = p - 3, d1 = 0: every identity holds; only the range check on d0 refuses it.
  Witness w = with_claim(3, {13, 9, false, false, false});
  w.table.at(3, Col::kD0) = Fp::zero() - Fp::from_u64(3);
  w.table.at(3, Col::kD1) = Fp::zero();
  expect_identities_hold(w);
  expect_caught(w, "bus 11");
  // Written as its low 32 bits instead, the difference identity fails.
  expect_caught(with_claim(3, {13, 9, false, false, false}), "|r| < |b|");
}

TEST(DivRemChip, DivisionByZeroWrongQuotient) {
  // DIV(7, 0) claimed as 0 with r = 7: with b_zero set, the q = 2^32 - 1 rule refuses it...
  expect_caught(with_claim(4, {0, 7, false, false, true}), "division by zero gives q = 2^32 - 1");
  // ...and with b_zero clear, |r| < |b| = 0 cannot hold.
  expect_caught(with_claim(4, {0, 7, false, false, false}), "|r| < |b|");
  // DIVU(5, 0) claimed as 5 (q = 1, r = 0 would need 1 * 0 + 0 = 5).
  expect_caught(with_claim(7, {5, 0, false, false, true}));
}

TEST(DivRemChip, DivisionByZeroWrongRemainder) {
  // REM(7, 0) must be 7: with q = 2^32 - 1 and r = 0, q * 0 + 0 = 0 != 7.
  std::vector<AluEvent> events = {{kRem, 7, 0}};
  Witness w = harness().honest(events);
  LookupCounts counts;
  DivRemChip::fill_row(w.table.row(0), events[0], {kNeg1, 0, true, false, true}, counts);
  w.requests.at(0, 3) = Fp::zero();
  expect_caught(w, "low word of q b + r = a");
}

TEST(DivRemChip, OverflowWrongQuotient) {
  // DIV(INT_MIN, -1) = INT_MIN. Claiming INT_MIN read as -2^31 leaves R = -2^32; claiming INT_MAX
  // leaves R = -1 with |b| = 1: both break |r| < |b|.
  expect_caught(with_claim(5, {kIntMin, 0, true, true, false}));
  expect_caught(with_claim(5, {0x7FFFFFFF, kNeg1, false, true, false}), "|r| < |b|");
  // REM(INT_MIN, -1) = 0; claiming r = INT_MIN (q = 0) breaks |r| < |b| as well.
  expect_caught(with_claim(6, {0, kIntMin, false, true, false}), "|r| < |b|");
}

TEST(DivRemChip, RemainderWrongSign) {
  // REM(-7, 2) = -1 (truncating division). Floor division's q = -4, r = 1 satisfies
  // q b + r = a and |r| < |b|; the sign rule refuses it.
  Witness w = with_claim(2, {static_cast<uint32_t>(-4), 1, true, false, false});
  expect_caught(w, "sign of r is the sign of a unless r = 0");
}

TEST(DivRemChip, FlippedSelector) {
  Witness w = harness().honest(kSmall);
  w.table.at(0, Col::kIsRem) = Fp::zero();
  w.table.at(0, Col::kIsRemu) = Fp::one();
  expect_caught(w, "bus 10");  // the chip now receives a REMU the CPU never sent
  w.requests.at(0, 0) = Fp::from_u64(kRemu);  // ...and if the CPU asks for it, the identities break
  expect_caught(w);
}

TEST(DivRemChip, TwoSelectors) {
  Witness w = harness().honest(kSmall);
  w.table.at(1, Col::kIsRem) = Fp::one();
  expect_caught(w, "at most one op selector");
}

TEST(DivRemChip, WrongMultiplicity) {
  Witness w = harness().honest(kSmall);
  w.requests.at(1, 4) = Fp::from_u64(2);
  expect_caught(w, "bus 10");
  Witness w2 = harness().honest(kSmall);
  ASSERT_GT(w2.table.height(), kSmall.size());
  w2.table.at(kSmall.size(), Col::kIsDivu) = Fp::one();  // a padding row receives DIVU(0, 0)
  expect_caught(w2);
}

// Exhaustive over a neighbourhood: for corner inputs, every claim (q, r, q_neg, r_neg, b_zero) near
// the answer or near a known forgery, its carry and difference derived as a prover would, is
// checked row by row; the only claims that satisfy every constraint (all limbs in range by
// construction) must give the spec's q and r.
TEST(DivRemChip, OnlyTheSpecAnswerSatisfies) {
  const uint32_t inputs_a[] = {0, 1, 7, static_cast<uint32_t>(-7), 100, 0x7FFFFFFF, kIntMin, kNeg1};
  const uint32_t inputs_b[] = {0, 1, 2, 7, static_cast<uint32_t>(-7), static_cast<uint32_t>(-2), kNeg1, kIntMin, 0x7FFFFFFF};
  const DivRemChip chip;
  RowMajorMatrix row(4, DivRemChip::kWidth);
  LookupCounts counts;  // unused here: the limbs fill_row writes are in range by construction
  size_t accepted = 0, checked = 0, expected = 0;
  for (AluOp op : kOps)
    for (uint32_t a : inputs_a)
      for (uint32_t b : inputs_b) {
        expected += b == 0 ? 2 : 1;  // for b = 0, Q B = 0 whatever q_neg is: two rows, one answer
        const DivRemClaim honest = DivRemChip::honest_claim(op, a, b);
        std::vector<uint32_t> qs = {0, 1, kNeg1, kIntMin, 0x7FFFFFFF, honest.q ^ kIntMin}, rs = {0, a, b, honest.r ^ kIntMin};
        for (int d = -3; d <= 3; ++d) {
          qs.push_back(honest.q + static_cast<uint32_t>(d));
          rs.push_back(honest.r + static_cast<uint32_t>(d));
          rs.push_back(honest.r + static_cast<uint32_t>(d) * b);  // r moved by multiples of b
        }
        for (auto* v : {&qs, &rs}) {
          std::sort(v->begin(), v->end());
          v->erase(std::unique(v->begin(), v->end()), v->end());
        }
        for (uint32_t q : qs)
          for (uint32_t r : rs)
            for (int flags = 0; flags < 8; ++flags) {
              const DivRemClaim claim{q, r, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0};
              DivRemChip::fill_row(row.row(0), {op, a, b}, claim, counts);
              air::DebugBuilder db(row.view(), {}, {});
              db.set_row(0);
              chip.eval(db);
              ++checked;
              if (!db.failures().empty()) continue;
              ++accepted;
              ASSERT_EQ(q, honest.q) << "op " << op << " a " << a << " b " << b << " claimed q " << q << " r " << r;
              ASSERT_EQ(r, honest.r) << "op " << op << " a " << a << " b " << b << " claimed q " << q << " r " << r;
            }
      }
  std::printf("%zu distinct claims checked, %zu accepted (all the spec's answer)\n", checked, accepted);
  EXPECT_EQ(accepted, expected);
}

TEST(DivRemChip, EveryColumnCorrupted) {
  for (uint32_t c = 0; c < DivRemChip::kWidth; ++c) {
    SCOPED_TRACE("column " + std::to_string(c));
    Witness w = harness().honest(kSmall);
    w.table.at(0, c) += Fp::one();
    expect_caught(w);
  }
}

}  // namespace
}  // namespace goldfinch::circuit
