// Tests of the circuit's shared pieces: the reference ALU semantics against hand-worked corner
// cases from the RISC-V specification, and the lookup tables proven end to end.
#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "goldfinch/stark/proof_io.h"
#include "goldfinch/air/debug.h"
#include "goldfinch/circuit/buses.h"
#include "goldfinch/circuit/lookups.h"
#include "goldfinch/stark/prover.h"
#include "goldfinch/stark/verifier.h"

namespace goldfinch::circuit {
namespace {

TEST(AluEval, SpecCornerCases) {
  const uint32_t kMin = 0x80000000u, kNeg1 = 0xFFFFFFFFu;
  EXPECT_EQ(alu_eval(kAdd, kNeg1, 1), 0u);
  EXPECT_EQ(alu_eval(kSub, 0, 1), kNeg1);
  EXPECT_EQ(alu_eval(kSll, 1, 33), 2u);  // shift amount masked to 5 bits
  EXPECT_EQ(alu_eval(kSrl, kMin, 31), 1u);
  EXPECT_EQ(alu_eval(kSra, kMin, 31), kNeg1);
  EXPECT_EQ(alu_eval(kSlt, kNeg1, 0), 1u);
  EXPECT_EQ(alu_eval(kSltu, kNeg1, 0), 0u);
  EXPECT_EQ(alu_eval(kMulh, kNeg1, kNeg1), 0u);        // (-1)(-1) = 1: high word 0
  EXPECT_EQ(alu_eval(kMulhsu, kNeg1, kNeg1), kNeg1);   // (-1)(2^32-1): high word -1
  EXPECT_EQ(alu_eval(kMulhu, kNeg1, kNeg1), 0xFFFFFFFEu);
  EXPECT_EQ(alu_eval(kDiv, 7, 0), kNeg1);               // division by zero
  EXPECT_EQ(alu_eval(kDivu, 7, 0), kNeg1);
  EXPECT_EQ(alu_eval(kRem, 7, 0), 7u);
  EXPECT_EQ(alu_eval(kRemu, 7, 0), 7u);
  EXPECT_EQ(alu_eval(kDiv, kMin, kNeg1), kMin);         // signed overflow
  EXPECT_EQ(alu_eval(kRem, kMin, kNeg1), 0u);
  EXPECT_EQ(alu_eval(kDiv, static_cast<uint32_t>(-7), 2), static_cast<uint32_t>(-3));  // rounds toward zero
  EXPECT_EQ(alu_eval(kRem, static_cast<uint32_t>(-7), 2), static_cast<uint32_t>(-1));
}

// A tiny sender table that range-checks its one column and sends a byte op, to prove the shared
// tables end to end.
class LookupUser : public air::AirBase<LookupUser> {
 public:
  std::string name() const override { return "lookup_user"; }
  size_t width() const override { return 3; }  // v, a, b
  std::vector<air::Interaction> interactions() const override {
    using air::LinearCombination;
    return {{kBusRange16, {LinearCombination::main(0)}, LinearCombination::one(), air::Direction::kSend},
            {kBusByte,
             {LinearCombination::constant_value(Fp::from_u64(kByteXor)), LinearCombination::main(1),
              LinearCombination::main(2), LinearCombination{{{air::Column::main(1), Fp::one()}, {air::Column::main(2), Fp::one()}}, Fp::zero()}},
             LinearCombination::one(), air::Direction::kSend}};
  }
  template <class B>
  void eval(B&) const {}
};

TEST(LookupTables, ProveRangeAndByteLookups) {
  // Byte pairs with disjoint bits, so a ^ b = a + b (what LookupUser claims).
  LookupUser user;
  RangeU16Table range;
  ByteTable bytes;
  const size_t n = 256;
  RowMajorMatrix t(n, 3);
  LookupCounts counts;
  std::mt19937_64 rng(1);
  for (size_t r = 0; r < n; ++r) {
    const uint32_t v = rng() & 0xFFFF, a = rng() & 0xF0, b = rng() & 0x0F;
    t.at(r, 0) = Fp::from_u64(v);
    t.at(r, 1) = Fp::from_u64(a);
    t.at(r, 2) = Fp::from_u64(b);
    counts.range16(v);
    counts.byte_op(kByteXor, a, b);
  }
  std::vector<const air::Air*> tables = {&user, &range, &bytes};
  stark::StarkParams p = stark::StarkParams::conjectured_100();
  p.num_queries = 8;
  p.pow_bits = 0;
  auto pk = std::move(*stark::setup(tables, p));
  std::vector<stark::TableWitness> w(3);
  w[0].main = t;
  w[1].main = RangeU16Table::trace(counts);
  w[2].main = ByteTable::trace(counts);
  RowMajorMatrix pre1 = range.preprocessed_trace(RangeU16Table::kHeight), pre2 = bytes.preprocessed_trace(ByteTable::kHeight);
  std::vector<air::TableTrace> traces = {{&user, w[0].main.view(), {}, {}},
                                         {&range, w[1].main.view(), pre1.view(), {}},
                                         {&bytes, w[2].main.view(), pre2.view(), {}}};
  EXPECT_TRUE(air::check_buses(traces).empty());
  auto proof = stark::prove(*pk, w);
  ASSERT_TRUE(proof.ok()) << proof.error().what;
  const stark::AlignedBytes aligned(*proof);
  Error e = stark::verify(pk->vk, tables, aligned.span());
  EXPECT_TRUE(e.ok()) << e.what;

  // A value that is not 16-bit has no table row: the bus checker names it.
  w[0].main.at(3, 0) = Fp::from_u64(1 << 16);
  traces[0].main = w[0].main.view();
  auto imb = air::check_buses(traces);
  ASSERT_FALSE(imb.empty());
  bool named = false;
  for (const auto& i : imb) named |= i.bus == kBusRange16 && i.tuple[0] == Fp::from_u64(1 << 16);
  EXPECT_TRUE(named);
}

}  // namespace
}  // namespace goldfinch::circuit
