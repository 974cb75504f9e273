// Fp3HornerTable: honest calls (kind 1 and 3; n = 1, 2, 5, 4096; read-only x and coefficients;
// out over x or over the coefficients, x over the coefficients) proven end to end, the table's out
// checked against vm::fp3_horner and the field library's F_p^3. Attacks and sweeps:
// fp3_horner_table_attack_test.cc.
#include "goldfinch/circuit/fp3_horner_table.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>

#include "goldfinch/air/logup.h"
#include "goldfinch/circuit/fp3_horner_table_test_util.h"
#include "goldfinch/circuit/testing.h"

namespace goldfinch::circuit {
namespace {

using namespace fp3_cols;
using namespace fp3_testing;

// out by the field library (field/ext3.h), apart from vm::fp3_horner's 128-bit remainders.
std::array<uint32_t, 6> field_out(const Fp3HornerEvent& e) {
  auto u64 = [](uint32_t lo, uint32_t hi) { return Fp::from_u64(uint64_t{lo} | uint64_t{hi} << 32); };
  const Fp3 x(u64(e.x[0], e.x[1]), u64(e.x[2], e.x[3]), u64(e.x[4], e.x[5]));
  const uint32_t kind = e.regs[4];
  Fp3 acc = Fp3::zero();
  for (uint32_t i = 0; i < e.regs[2]; ++i) {
    Fp3 c = Fp3::zero();
    for (uint32_t j = 0; j < kind; ++j) c[j] = u64(e.coeffs[2 * (kind * i + j)], e.coeffs[2 * (kind * i + j) + 1]);
    acc = (acc + c) * x;
  }
  std::array<uint32_t, 6> out{};
  for (uint32_t j = 0; j < 3; ++j) {
    out[2 * j] = static_cast<uint32_t>(acc[j].value());
    out[2 * j + 1] = static_cast<uint32_t>(acc[j].value() >> 32);
  }
  return out;
}

void prove_honest(const std::vector<Fp3HornerEvent>& events) {
  LookupCounts counts;
  Fp3HornerTable table;
  CounterpartyTable cp;
  RangeU16Table range;
  RowMajorMatrix main = Fp3HornerTable::trace(events, counts);
  size_t row = 0;
  for (const Fp3HornerEvent& e : events) {
    const size_t last = row + e.regs[2] - 1;
    const auto want = field_out(e);
    for (uint32_t j = 0; j < 6; ++j) {
      ASSERT_EQ(e.out[j], want[j]) << "vm::fp3_horner against field/ext3.h, word " << j;
      ASSERT_EQ(main.at(last, kOut + j), Fp::from_u64(want[j])) << "row " << last << " word " << j;
    }
    row += e.regs[2];
  }
  std::vector<testing::Table> tables = {
      {&cp, CounterpartyTable::trace(events)}, {&table, std::move(main)}, {&range, RangeU16Table::trace(counts)}};
  std::vector<std::string> failures;
  const Error e = testing::prove_and_verify(tables, false, &failures);
  for (const auto& f : failures) ADD_FAILURE() << f;
  EXPECT_TRUE(e.ok()) << e.what;
}

TEST(Fp3HornerTable, DegreeAtMostThree) {
  Fp3HornerTable t;
  air::SymbolicBuilder sb(t.width(), 0, 0);
  t.eval(sb);
  EXPECT_LE(sb.max_degree(), 3u);
  std::printf("fp3_horner: %zu columns, %zu constraints, max degree %u, %zu interactions\n", t.width(),
              sb.constraints().size(), sb.max_degree(), t.interactions().size());
  const size_t helpers = (t.interactions().size() + air::kLogupChunk - 1) / air::kLogupChunk;
  std::printf("cells per row (per coefficient): main %u, aux %zu\n", kNumCols, 3 * (helpers + 1));
}

TEST(Fp3HornerTable, HonestKindsAndLengths) {
  std::mt19937_64 rng(1);
  for (uint32_t kind : {1u, 3u}) {
    std::vector<Fp3HornerEvent> events;
    uint64_t clk = 1000;
    for (uint32_t n : {1u, 2u, 5u}) {
      events.push_back(random_call(rng, clk, {.kind = kind, .n = n}));
      clk += 7;
    }
    prove_honest(events);
  }
}

TEST(Fp3HornerTable, HonestLongestCall) {
  std::mt19937_64 rng(2);
  for (uint32_t kind : {1u, 3u}) prove_honest({random_call(rng, 50000, {.kind = kind, .n = kMaxTerms})});
}

TEST(Fp3HornerTable, HonestReadOnlyAndOverlaps) {
  std::mt19937_64 rng(3);
  std::vector<Fp3HornerEvent> events;
  const CallOptions cases[] = {
      {.kind = 3, .n = 4, .x_ro = true, .coeffs_ro = true},
      {.kind = 1, .n = 3, .coeffs_ro = true},
      {.kind = 3, .n = 2, .out_over_x = true},
      {.kind = 3, .n = 3, .out_over_coeffs = true},
      {.kind = 1, .n = 4, .out_over_coeffs = true},
      {.kind = 3, .n = 2, .x_over_coeffs = true},
      {.kind = 1, .n = 6, .x_ro = true, .coeffs_ro = true, .x_over_coeffs = true},
      {.kind = 3, .n = 1, .out_over_coeffs = true, .x_over_coeffs = true},
  };
  uint64_t clk = 300;
  for (const CallOptions& o : cases) {
    events.push_back(random_call(rng, clk, o));
    clk += 3;
  }
  prove_honest(events);
}

// Edge values: x = 1 (out is the sum of the coefficients), coefficients at 2^64 - 1 and p (taken
// mod p), a result of p - 1 (hi word 0xFFFFFFFF, lo word 0: the largest canonical value).
TEST(Fp3HornerTable, HonestEdgeValues) {
  std::mt19937_64 rng(4);
  Fp3HornerEvent e = random_call(rng, 900, {.kind = 1, .n = 3});
  e.x = {1, 0, 0, 0, 0, 0};
  const uint64_t p = Fp::kModulus;
  const uint64_t c[3] = {~uint64_t{0}, p, p - 1 - (~uint64_t{0} - p)};  // sums to p - 1 mod p
  for (uint32_t i = 0; i < 3; ++i) {
    e.coeffs[2 * i] = static_cast<uint32_t>(c[i]);
    e.coeffs[2 * i + 1] = static_cast<uint32_t>(c[i] >> 32);
  }
  compute_out(e);
  EXPECT_EQ(e.out[0], 0u);
  EXPECT_EQ(e.out[1], 0xFFFFFFFFu);
  prove_honest({e});
}

TEST(Fp3HornerTable, TraceHeights) {
  std::mt19937_64 rng(5);
  for (auto [ns, height] : {std::pair<std::vector<uint32_t>, size_t>{{}, 4},
                            {{1}, 4},
                            {{4}, 4},
                            {{5}, 8},
                            {{3, 2}, 8},
                            {{100, 100}, 256}}) {
    std::vector<Fp3HornerEvent> events;
    for (uint32_t n : ns) events.push_back(random_call(rng, 100 + 10 * events.size(), {.kind = 1, .n = n}));
    LookupCounts counts;
    EXPECT_EQ(Fp3HornerTable::trace(events, counts).height(), height);
  }
}

}  // namespace
}  // namespace goldfinch::circuit
