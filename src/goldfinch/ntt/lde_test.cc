// Coset LDE tests. Oracle: the polynomial of each column, interpolated by an O(n^2) inverse DFT
// written from the definition (or, for long columns, the random coefficients the trace was made
// from), evaluated by Horner at sampled coset points shift * w_N^m.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "goldfinch/base/bits.h"
#include "goldfinch/base/parallel.h"
#include "goldfinch/ntt/lde.h"

namespace goldfinch::ntt {
namespace {

std::vector<Fp> random_vec(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Fp> v(n);
  for (auto& x : v) x = Fp::from_u64(rng());
  return v;
}

Fp horner(const std::vector<Fp>& c, Fp x) {
  Fp acc = Fp::zero();
  for (size_t i = c.size(); i-- > 0;) acc = acc * x + c[i];
  return acc;
}

// c_i = n^-1 sum_k y_k w_n^(-ik), straight from the definition.
std::vector<Fp> naive_interpolate(const std::vector<Fp>& y) {
  const size_t n = y.size();
  const Fp w_inv = Fp::two_adic_root(log2_exact(n)).inverse(), inv_n = Fp::from_u64(n).inverse();
  std::vector<Fp> c(n);
  for (size_t i = 0; i < n; ++i) {
    Fp acc = Fp::zero(), wik = Fp::one(), wi = w_inv.pow(i);
    for (size_t k = 0; k < n; ++k, wik *= wi) acc += y[k] * wik;
    c[i] = acc * inv_n;
  }
  return c;
}

std::vector<Fp> column(const RowMajorMatrix& m, size_t c) {
  std::vector<Fp> v(m.height());
  for (size_t r = 0; r < m.height(); ++r) v[r] = m.at(r, c);
  return v;
}

// Checks `lde` against the column polynomials at sampled rows (all rows when small).
void expect_lde_matches(const RowMajorMatrix& lde, const std::vector<std::vector<Fp>>& polys, Fp shift,
                        Order order, const std::string& what) {
  const size_t big_n = lde.height();
  const unsigned log_big = log2_exact(big_n);
  const Fp w = Fp::two_adic_root(log_big);
  std::vector<size_t> rows;
  if (big_n <= 256) {
    for (size_t r = 0; r < big_n; ++r) rows.push_back(r);
  } else {
    std::mt19937_64 rng(big_n);
    rows = {0, 1, 2, 3, big_n / 2, big_n / 2 + 1, big_n - 1};
    for (int i = 0; i < 24; ++i) rows.push_back(rng() % big_n);
  }
  for (size_t r : rows) {
    const size_t m = order == Order::kNatural ? r : reverse_bits(r, log_big);
    const Fp x = shift * w.pow(m);
    for (size_t c = 0; c < polys.size(); ++c)
      ASSERT_EQ(lde.at(r, c), horner(polys[c], x)) << what << ": row " << r << " column " << c;
  }
}

TEST(Lde, MatchesHornerOnCosetAllOrdersAndBlowups) {
  for (unsigned log_n : {0u, 1u, 3u, 6u, 9u})
    for (size_t width : {size_t{1}, size_t{5}, size_t{16}}) {
      const size_t n = size_t{1} << log_n;
      RowMajorMatrix trace(random_vec(n * width, log_n * 31 + width), width);
      std::vector<std::vector<Fp>> polys;
      for (size_t c = 0; c < width; ++c) polys.push_back(naive_interpolate(column(trace, c)));
      for (size_t blowup : {size_t{1}, size_t{2}, size_t{4}, size_t{8}})
        for (Order order : {Order::kNatural, Order::kBitReversed}) {
          CosetOptions opt;
          opt.order = order;
          auto lde = coset_lde(trace, blowup, opt);
          ASSERT_TRUE(lde.ok());
          ASSERT_EQ(lde->height(), n * blowup);
          ASSERT_EQ(lde->width(), width);
          expect_lde_matches(*lde, polys, opt.shift,
                             order, "n=" + std::to_string(n) + " w=" + std::to_string(width) + " blowup=" +
                                        std::to_string(blowup) + " " + order_name(order));
        }
    }
}

// Oracle: Horner on each column's random coefficients at every point shift * w_m^rev(q).
TEST(Lde, SubcosetMatchesHornerForEverySizeAndIsa) {
  for (unsigned log_n : {0u, 2u, 5u, 8u})
    for (size_t width : {size_t{1}, size_t{3}, size_t{9}}) {
      const size_t n = size_t{1} << log_n;
      RowMajorMatrix coeffs(random_vec(n * width, 7 * log_n + width), width);
      std::vector<std::vector<Fp>> polys;
      for (size_t c = 0; c < width; ++c) polys.push_back(column(coeffs, c));
      const Fp shift = Fp::from_u64(0x1234567 + n);
      for (unsigned log_m = 0; log_m <= log_n; ++log_m)
        for (Isa isa : {Isa::kScalar, Isa::kAvx2, Isa::kAvx512}) {
          if (!isa_available(isa)) continue;
          const size_t m = size_t{1} << log_m;
          auto got = evaluate_on_subcoset(coeffs.view(), m, shift, isa);
          ASSERT_TRUE(got.ok());
          ASSERT_EQ(got->height(), m);
          expect_lde_matches(*got, polys, shift, Order::kBitReversed,
                             "n=" + std::to_string(n) + " m=" + std::to_string(m) + " " + isa_name(isa));
        }
    }
}

// The streaming prover's use: rows [t m, (t+1) m) of an extension block (the coset s H, bit-reversed)
// are the sub-coset s w_n^rev_k(t) <w_m>, k = n / m; two tables folded side by side into one matrix.
TEST(Lde, SubcosetsTileAnExtensionBlockSideBySide) {
  const unsigned log_n = 7;
  const size_t n = size_t{1} << log_n, wa = 5, wb = 2;
  RowMajorMatrix a(random_vec(n * wa, 1), wa), b(random_vec(n * wb, 2), wb);
  const Fp s = Fp::from_u64(7) * Fp::two_adic_root(log_n + 2).pow(3);
  auto ea = evaluate_on_coset(a, 1, {.shift = s});
  auto eb = evaluate_on_coset(b, 1, {.shift = s});
  ASSERT_TRUE(ea.ok() && eb.ok());
  for (unsigned log_k : {0u, 1u, 3u, 7u}) {
    const size_t k = size_t{1} << log_k, m = n / k;
    for (size_t t = 0; t < k; ++t) {
      RowMajorMatrix out = RowMajorMatrix::uninitialized(m, wa + wb);
      const Fp shift = s * Fp::two_adic_root(log_n).pow(reverse_bits(t, log_k));
      ASSERT_TRUE(fold_onto_subcoset(a.view(), shift, out.view(), 0).ok());
      ASSERT_TRUE(fold_onto_subcoset(b.view(), shift, out.view(), wa).ok());
      ASSERT_TRUE(forward_rows(out.view(), Order::kNatural, Order::kBitReversed).ok());
      for (size_t q = 0; q < m; ++q) {
        for (size_t c = 0; c < wa; ++c) ASSERT_EQ(out.at(q, c), ea->at(t * m + q, c)) << "k=" << k << " t=" << t;
        for (size_t c = 0; c < wb; ++c) ASSERT_EQ(out.at(q, wa + c), eb->at(t * m + q, c)) << "k=" << k << " t=" << t;
      }
    }
  }
}

TEST(Lde, SubcosetRejectsBadShapes) {
  RowMajorMatrix c(random_vec(8 * 2, 3), 2);
  EXPECT_FALSE(evaluate_on_subcoset(c.view(), 3, Fp::one()).ok());
  EXPECT_FALSE(evaluate_on_subcoset(c.view(), 16, Fp::one()).ok());
  EXPECT_FALSE(evaluate_on_subcoset(c.view(), 4, Fp::zero()).ok());
  RowMajorMatrix out = RowMajorMatrix::uninitialized(4, 3);
  EXPECT_EQ(fold_onto_subcoset(c.view(), Fp::one(), out.view(), 2).code, ErrorCode::kInvalidArgument);
}

TEST(Lde, EveryIsaAndThreadCountGivesIdenticalOutput) {
  RowMajorMatrix trace(random_vec((size_t{1} << 12) * 20, 8), 20);
  set_threads(1);
  CosetOptions base;
  base.isa = Isa::kScalar;
  auto expect = coset_lde(trace, 4, base);
  ASSERT_TRUE(expect.ok());
  for (int threads : {1, 2})
    for (Isa isa : {Isa::kScalar, Isa::kAvx2, Isa::kAvx512}) {
      if (!isa_available(isa)) continue;
      set_threads(threads);
      CosetOptions opt;
      opt.isa = isa;
      auto got = coset_lde(trace, 4, opt);
      ASSERT_TRUE(got.ok());
      EXPECT_EQ(got->data(), expect->data()) << isa_name(isa) << " threads=" << threads;
    }
  set_threads(2);
}

TEST(Lde, LongSingleColumnUsesFourStepBlocks) {
  // Blocks of 2^16 rows of width 1 run the four-step column transform.
  const size_t n = size_t{1} << 16;
  const auto coeffs = random_vec(n, 77);
  RowMajorMatrix c(coeffs, 1);
  for (Order order : {Order::kNatural, Order::kBitReversed}) {
    CosetOptions opt;
    opt.order = order;
    opt.shift = Fp::from_u64(3);
    auto lde = evaluate_on_coset(c, 2, opt);
    ASSERT_TRUE(lde.ok());
    expect_lde_matches(*lde, {coeffs}, opt.shift, order, std::string("n=2^16 ") + order_name(order));
  }
}

TEST(Lde, LargeMatrixUsesFourStepBlocks) {
  // Blocks of 2^15 x 17 (4.25 MiB) run the matrix four-step. The trace is made from known random
  // coefficients (a forward NTT, itself tested against the O(n^2) DFT); the LDE is checked by
  // Horner evaluation of those coefficients.
  const size_t n = size_t{1} << 15, width = 17;
  RowMajorMatrix coeffs(random_vec(n * width, 15), width);
  std::vector<std::vector<Fp>> polys;
  for (size_t c = 0; c < width; ++c) polys.push_back(column(coeffs, c));
  RowMajorMatrix trace = coeffs;
  ASSERT_TRUE(forward_rows(trace.view(), Order::kNatural, Order::kNatural).ok());
  for (Order order : {Order::kBitReversed, Order::kNatural}) {
    CosetOptions opt;
    opt.order = order;
    auto lde = coset_lde(trace, 2, opt);
    ASSERT_TRUE(lde.ok());
    expect_lde_matches(*lde, polys, opt.shift, order, std::string("2^15 x 17 ") + order_name(order));
    auto direct = evaluate_on_coset(coeffs, 2, opt);
    ASSERT_TRUE(direct.ok());
    EXPECT_EQ(direct->data(), lde->data());
  }
}

TEST(Lde, InterpolateThenEvaluateEqualsLde) {
  const size_t n = 256, width = 7;
  RowMajorMatrix trace(random_vec(n * width, 12), width);
  auto coeffs = interpolate(trace);
  ASSERT_TRUE(coeffs.ok());
  for (size_t c = 0; c < width; ++c) ASSERT_EQ(column(*coeffs, c), naive_interpolate(column(trace, c))) << c;
  CosetOptions opt;
  opt.shift = Fp::from_u64(11);
  auto a = evaluate_on_coset(*coeffs, 4, opt);
  auto b = coset_lde(trace, 4, opt);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->data(), b->data());
}

TEST(Lde, ShiftOneBlowupOneReproducesTrace) {
  RowMajorMatrix trace(random_vec(64 * 3, 4), 3);
  CosetOptions opt;
  opt.shift = Fp::one();
  opt.order = Order::kNatural;
  auto lde = coset_lde(trace, 1, opt);
  ASSERT_TRUE(lde.ok());
  EXPECT_EQ(lde->data(), trace.data());
}

TEST(Lde, IntoReusedBufferEqualsFreshResult) {
  RowMajorMatrix a(random_vec(512 * 6, 21), 6), b(random_vec(512 * 6, 22), 6);
  RowMajorMatrix out(512 * 4, 6);
  for (const RowMajorMatrix* trace : {&a, &b}) {  // the second call overwrites a dirty buffer
    ASSERT_TRUE(coset_lde_into(*trace, 4, out.view()).ok());
    auto fresh = coset_lde(*trace, 4);
    ASSERT_TRUE(fresh.ok());
    EXPECT_EQ(out.data(), fresh->data());
  }
  RowMajorMatrix wrong(512 * 2, 6);
  EXPECT_EQ(coset_lde_into(a, 4, wrong.view()).code, ErrorCode::kInvalidArgument);
}

TEST(Lde, ZeroWidthGivesEmptyRows) {
  RowMajorMatrix empty(8, 0);
  auto lde = coset_lde(empty, 4);
  ASSERT_TRUE(lde.ok());
  EXPECT_EQ(lde->height(), 32u);
  EXPECT_EQ(lde->width(), 0u);
}

TEST(Lde, RejectsBadShapes) {
  RowMajorMatrix bad_height(12, 2), ok(16, 2);
  EXPECT_EQ(coset_lde(bad_height, 2).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(coset_lde(ok, 3).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(coset_lde(ok, 0).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(coset_lde(ok, size_t{1} << 29).error().code, ErrorCode::kInvalidArgument);  // 2^33 rows
  EXPECT_EQ(evaluate_on_coset(bad_height, 2).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(interpolate(bad_height).error().code, ErrorCode::kInvalidArgument);
  CosetOptions zero;
  zero.shift = Fp::zero();
  EXPECT_EQ(coset_lde(ok, 2, zero).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace goldfinch::ntt
