// NTT tests. Oracles: an O(n^2) DFT written from the definition (sizes 1..2^10, every order and
// direction), Horner evaluation at sampled points and the textbook radix-2 reference (large
// sizes, where the four-step path runs). Every ISA path must give identical output.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <utility>
#include <vector>

#include "goldfinch/base/bits.h"
#include "goldfinch/base/parallel.h"
#include "goldfinch/ntt/kernels.h"
#include "goldfinch/ntt/ntt.h"
#include "goldfinch/ntt/reference.h"
#include "goldfinch/ntt/transform.h"
#include "goldfinch/ntt/twiddles.h"

namespace goldfinch::ntt {
namespace {

constexpr Isa kIsas[] = {Isa::kScalar, Isa::kAvx2, Isa::kAvx512};
constexpr Order kOrders[] = {Order::kNatural, Order::kBitReversed};

std::vector<Fp> random_vec(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Fp> v(n);
  for (auto& x : v) x = Fp::from_u64(rng());
  return v;
}

// y_k = sum_i c_i w^(ik), w = w_n or w_n^-1, scaled by 1/n for the inverse.
std::vector<Fp> naive_dft(const std::vector<Fp>& c, bool inverse) {
  const size_t n = c.size();
  Fp w = Fp::two_adic_root(log2_exact(n));
  if (inverse) w = w.inverse();
  std::vector<Fp> y(n);
  Fp wk = Fp::one();
  for (size_t k = 0; k < n; ++k, wk *= w) {
    Fp acc = Fp::zero(), wik = Fp::one();
    for (size_t i = 0; i < n; ++i, wik *= wk) acc += c[i] * wik;
    y[k] = inverse ? acc * Fp::from_u64(n).inverse() : acc;
  }
  return y;
}

std::vector<Fp> to_order(const std::vector<Fp>& v, Order order) {
  std::vector<Fp> out(v);
  if (order == Order::kBitReversed) bit_reverse_permute(out.data(), out.size());
  return out;
}

std::vector<Isa> available_isas() {
  std::vector<Isa> out;
  for (Isa isa : kIsas) {
    if (isa_available(isa)) out.push_back(isa);
    else std::printf("note: %s not available here; its NTT path is not exercised\n", isa_name(isa));
  }
  return out;
}

TEST(Ntt, MatchesNaiveDftAllSmallSizesOrdersDirections) {
  for (unsigned log_n = 0; log_n <= 10; ++log_n) {
    const size_t n = size_t{1} << log_n;
    const auto c = random_vec(n, 100 + log_n);
    const auto fwd = naive_dft(c, false), inv = naive_dft(c, true);
    for (Isa isa : available_isas())
      for (Order in : kOrders)
        for (Order out : kOrders) {
          auto v = to_order(c, in);
          ASSERT_TRUE(forward(v, in, out, isa).ok());
          ASSERT_EQ(v, to_order(fwd, out)) << "forward n=" << n << " " << isa_name(isa) << " " << order_name(in)
                                           << "->" << order_name(out);
          v = to_order(c, in);
          ASSERT_TRUE(inverse(v, in, out, isa).ok());
          ASSERT_EQ(v, to_order(inv, out)) << "inverse n=" << n << " " << isa_name(isa) << " " << order_name(in)
                                           << "->" << order_name(out);
        }
  }
}

TEST(Ntt, RoundTripEverySizeUpTo2To20) {
  for (Isa isa : available_isas())
    for (unsigned log_n = 0; log_n <= 20; ++log_n) {
      const size_t n = size_t{1} << log_n;
      const auto orig = random_vec(n, 7 * log_n + static_cast<unsigned>(isa));
      auto v = orig;
      ASSERT_TRUE(forward(v, Order::kNatural, Order::kBitReversed, isa).ok());
      ASSERT_TRUE(inverse(v, Order::kBitReversed, Order::kNatural, isa).ok());
      ASSERT_EQ(v, orig) << "n=" << n << " " << isa_name(isa);
      if (log_n % 4 == 2) {  // the permuting combinations too, at a spread of sizes
        ASSERT_TRUE(forward(v, Order::kBitReversed, Order::kBitReversed, isa).ok());
        ASSERT_TRUE(inverse(v, Order::kBitReversed, Order::kBitReversed, isa).ok());
        ASSERT_EQ(v, orig) << "n=" << n << " " << isa_name(isa);
      }
    }
}

// Horner evaluation of the coefficients at w_n^k, independent of every transform.
Fp horner(const std::vector<Fp>& c, Fp x) {
  Fp acc = Fp::zero();
  for (size_t i = c.size(); i-- > 0;) acc = acc * x + c[i];
  return acc;
}

TEST(Ntt, FourStepSizesMatchHornerAndReference) {
  for (unsigned log_n : {16u, 17u, 20u}) {
    const size_t n = size_t{1} << log_n;
    const auto c = random_vec(n, log_n);
    auto ref = c;
    reference_forward(ref);
    const Fp w = Fp::two_adic_root(log_n);
    for (size_t k : {size_t{0}, size_t{1}, size_t{3}, n / 2, n - 1, size_t{12345} % n})
      ASSERT_EQ(ref[k], horner(c, w.pow(k))) << "reference at n=" << n << " k=" << k;
    for (Isa isa : available_isas()) {
      auto v = c;
      ASSERT_TRUE(forward(v, Order::kNatural, Order::kNatural, isa).ok());
      ASSERT_EQ(v, ref) << "n=" << n << " " << isa_name(isa);
      ASSERT_TRUE(inverse(v, Order::kNatural, Order::kBitReversed, isa).ok());
      ASSERT_EQ(v, to_order(c, Order::kBitReversed)) << "n=" << n << " " << isa_name(isa);
    }
  }
}

// got must equal the column-by-column transforms of m (scalar single-column path).
void expect_matrix_equals_columns(const RowMajorMatrix& m, const RowMajorMatrix& got, Order in, Order out, bool inv,
                                  const std::string& what) {
  const size_t h = m.height();
  for (size_t c = 0; c < m.width(); ++c) {
    std::vector<Fp> col(h);
    for (size_t r = 0; r < h; ++r) col[r] = m.at(r, c);
    ASSERT_TRUE((inv ? inverse : forward)(col, in, out, Isa::kScalar).ok());
    for (size_t r = 0; r < h; ++r) ASSERT_EQ(got.at(r, c), col[r]) << what << " col " << c << " row " << r;
  }
}

TEST(Ntt, NestedFourStepMatchesReference) {
  // With h1 capped at 2^4, a 2^20 column splits as 2^4 x 2^16 and its inner 2^16 rows run a
  // second four-step (the path columns above 2^26 take by default).
  detail::set_four_step_max_log_h1(4);
  const size_t n = size_t{1} << 20;
  const auto c = random_vec(n, 2020);
  auto ref = c;
  reference_forward(ref);
  for (Isa isa : available_isas()) {
    auto v = c;
    ASSERT_TRUE(forward(v, Order::kNatural, Order::kNatural, isa).ok());
    EXPECT_EQ(v, ref) << isa_name(isa);
    ASSERT_TRUE(inverse(v, Order::kNatural, Order::kNatural, isa).ok());
    EXPECT_EQ(v, c) << isa_name(isa);
  }
  detail::set_four_step_max_log_h1(0);
}

TEST(Ntt, MatrixEqualsColumnByColumn) {
  for (size_t width : {size_t{1}, size_t{3}, size_t{8}, size_t{13}, size_t{40}, size_t{67}})
    for (unsigned log_h : {0u, 1u, 3u, 6u, 10u}) {
      const size_t h = size_t{1} << log_h;
      RowMajorMatrix m(random_vec(h * width, width * 1000 + log_h), width);
      for (Isa isa : available_isas())
        for (Order in : kOrders)
          for (Order out : kOrders)
            for (bool inv : {false, true}) {
              RowMajorMatrix got = m;
              ASSERT_TRUE((inv ? inverse_rows : forward_rows)(got.view(), in, out, isa).ok());
              expect_matrix_equals_columns(m, got, in, out, inv,
                                           "w=" + std::to_string(width) + " h=" + std::to_string(h) + " " +
                                               isa_name(isa) + (inv ? " inverse " : " forward ") + order_name(in) +
                                               "->" + order_name(out));
            }
    }
}

TEST(Ntt, LargeMatrixFourStepEqualsColumnByColumn) {
  // 2^13 x 67 (4.3 MiB), 2^16 x 9 (4.5 MiB), 2^18 x 3 (6 MiB): past the four-step threshold for
  // matrices, with units of one, one and four rows j2.
  for (auto [log_h, width] : {std::pair<unsigned, size_t>{13, 67}, {16, 9}, {18, 3}}) {
    const size_t h = size_t{1} << log_h;
    RowMajorMatrix m(random_vec(h * width, log_h), width);
    for (bool inv : {false, true}) {
      const Order in = inv ? Order::kBitReversed : Order::kNatural;
      const Order out = inv ? Order::kNatural : Order::kBitReversed;
      RowMajorMatrix expect(h, width);  // column by column, scalar single-column path
      for (size_t c = 0; c < width; ++c) {
        std::vector<Fp> col(h);
        for (size_t r = 0; r < h; ++r) col[r] = m.at(r, c);
        ASSERT_TRUE((inv ? inverse : forward)(col, in, out, Isa::kScalar).ok());
        for (size_t r = 0; r < h; ++r) expect.at(r, c) = col[r];
      }
      for (Isa isa : available_isas()) {
        RowMajorMatrix got = m;
        ASSERT_TRUE((inv ? inverse_rows : forward_rows)(got.view(), in, out, isa).ok());
        EXPECT_EQ(got.data(), expect.data()) << "h=2^" << log_h << " " << isa_name(isa) << (inv ? " inverse" : " forward");
      }
    }
  }
}

TEST(Ntt, TallMatrixUsesBlockedPassesAndMatchesColumns) {
  // 2^14 rows x 24 columns = 3 MiB: past the in-cache block size, so radix-4 row passes run.
  const size_t h = size_t{1} << 14, width = 24;
  RowMajorMatrix m(random_vec(h * width, 5), width);
  RowMajorMatrix got = m;
  ASSERT_TRUE(forward_rows(got.view(), Order::kNatural, Order::kBitReversed).ok());
  for (size_t c : {size_t{0}, size_t{9}, size_t{23}}) {
    std::vector<Fp> col(h);
    for (size_t r = 0; r < h; ++r) col[r] = m.at(r, c);
    reference_forward(col);
    for (size_t r = 0; r < h; ++r) ASSERT_EQ(got.at(reverse_bits(r, 14), c), col[r]) << "col " << c << " row " << r;
  }
  ASSERT_TRUE(inverse_rows(got.view(), Order::kBitReversed, Order::kNatural).ok());
  EXPECT_EQ(got.data(), m.data());
}

// The row kernels themselves (two layers per pass, a lone radix-2 layer for odd log h, the SIMD
// column tail) on strided blocks of every height up to 2^9 and widths around the packing widths:
// each column must equal the O(n^2) DFT (DIF: natural -> bit-reversed; DIT: bit-reversed ->
// natural, with the inverse root and no 1/n), and the padding between rows must stay untouched.
TEST(Ntt, RowKernelsMatchNaiveDftEveryShape) {
  for (Isa isa : available_isas()) {
    const Kernels& k = kernels_for(isa);
    for (unsigned log_h = 0; log_h <= 9; ++log_h)
      for (size_t w : {size_t{1}, size_t{3}, size_t{4}, size_t{7}, size_t{8}, size_t{13}, size_t{16}, size_t{21}}) {
        const size_t h = size_t{1} << log_h, stride = w + 5;
        const auto x0 = random_vec(h * stride, log_h * 100 + w);
        for (bool dif : {true, false}) {
          auto x = x0;
          const Fp* tw = twiddle_table(log_h, !dif);
          (dif ? k.dif_rows : k.dit_rows)(x.data(), h, w, stride, tw);
          const std::string what = std::string(isa_name(isa)) + (dif ? " dif" : " dit") + " h=" + std::to_string(h) +
                                   " w=" + std::to_string(w);
          for (size_t c = 0; c < w; ++c) {
            std::vector<Fp> col(h);
            for (size_t r = 0; r < h; ++r) col[r] = x0[r * stride + c];
            if (!dif) bit_reverse_permute(col.data(), h);
            std::vector<Fp> y = naive_dft(col, !dif);
            if (!dif)
              for (Fp& v : y) v *= Fp::from_u64(h);  // the kernels leave out 1/n
            if (dif) bit_reverse_permute(y.data(), h);
            for (size_t r = 0; r < h; ++r) ASSERT_EQ(x[r * stride + c], y[r]) << what << " col " << c << " row " << r;
          }
          for (size_t r = 0; r < h; ++r)
            for (size_t c = w; c < stride; ++c) ASSERT_EQ(x[r * stride + c], x0[r * stride + c]) << what << " padding";
        }
        if (h >= 4) {  // the blocked passes' outer two layers, then the rest, equal the full kernel
          for (bool dif : {true, false}) {
            auto a = x0, b = x0;
            const Fp* tw = twiddle_table(log_h, !dif);
            (dif ? k.dif_rows : k.dit_rows)(a.data(), h, w, stride, tw);
            const size_t q = h / 4;
            if (dif) {
              k.dif_rows_radix4(b.data(), h, w, stride, tw);
              for (size_t i = 0; i < 4; ++i) k.dif_rows(b.data() + i * q * stride, q, w, stride, tw);
            } else {
              for (size_t i = 0; i < 4; ++i) k.dit_rows(b.data() + i * q * stride, q, w, stride, tw);
              k.dit_rows_radix4(b.data(), h, w, stride, tw);
            }
            ASSERT_EQ(a, b) << isa_name(isa) << (dif ? " dif" : " dit") << " radix-4 split h=" << h << " w=" << w;
          }
        }
      }
  }
}

TEST(Ntt, EveryIsaGivesIdenticalOutput) {
  for (unsigned log_n : {5u, 12u, 16u, 18u}) {
    const auto c = random_vec(size_t{1} << log_n, 99);
    auto expect = c;
    ASSERT_TRUE(forward(expect, Order::kNatural, Order::kBitReversed, Isa::kScalar).ok());
    for (Isa isa : available_isas()) {
      auto v = c;
      ASSERT_TRUE(forward(v, Order::kNatural, Order::kBitReversed, isa).ok());
      EXPECT_EQ(v, expect) << isa_name(isa) << " n=2^" << log_n;
    }
  }
}

TEST(Ntt, SameOutputForOneAndTwoThreads) {
  const auto c = random_vec(size_t{1} << 18, 3);
  RowMajorMatrix m(random_vec((size_t{1} << 12) * 48, 4), 48);
  std::vector<Fp> col[2];
  RowMajorMatrix mat[2];
  for (int t = 0; t < 2; ++t) {
    set_threads(t + 1);
    col[t] = c;
    mat[t] = m;
    ASSERT_TRUE(forward(col[t], Order::kNatural, Order::kBitReversed).ok());
    ASSERT_TRUE(inverse_rows(mat[t].view(), Order::kNatural, Order::kNatural).ok());
  }
  set_threads(2);
  EXPECT_EQ(col[0], col[1]);
  EXPECT_EQ(mat[0].data(), mat[1].data());
}

TEST(Ntt, TiledBitReversalMatchesPlainPermutation) {
  for (unsigned log_n = 0; log_n <= 20; ++log_n) {
    const auto v = random_vec(size_t{1} << log_n, log_n);
    auto expect = v, got = v;
    bit_reverse_permute(expect.data(), expect.size());
    detail::bit_reverse_column(got.data(), got.size());
    ASSERT_EQ(got, expect) << "n=2^" << log_n;
  }
}

TEST(Ntt, RejectsBadLengths) {
  for (size_t n : {size_t{0}, size_t{3}, size_t{12}, size_t{1000}}) {
    std::vector<Fp> v(n);
    const Error e = forward(v, Order::kNatural, Order::kNatural);
    EXPECT_EQ(e.code, ErrorCode::kInvalidArgument) << n;
    EXPECT_EQ(e.got, n);
    RowMajorMatrix m(n, 2);
    EXPECT_EQ(inverse_rows(m.view(), Order::kNatural, Order::kNatural).code, ErrorCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace goldfinch::ntt
