// Scalar Goldilocks and cubic-extension tests. The oracle for F_p is plain unsigned __int128
// arithmetic modulo p, independent of the reduction code under test.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "goldfinch/field/ext3.h"
#include "goldfinch/field/goldilocks.h"
#include "goldfinch/field/lazy_ext.h"

namespace goldfinch {
namespace {

using u128 = unsigned __int128;
constexpr uint64_t P = Fp::kModulus;

std::vector<uint64_t> edge_values() {
  return {0, 1, 2, P - 1, P - 2, 0xFFFFFFFFull, 0x100000000ull, 1ull << 63, (1ull << 63) - 1,
          P / 2, P / 2 + 1, 0xFFFFFFFF00000000ull, 0x00000000FFFFFFFEull, 12345678901234567ull};
}

std::vector<uint64_t> test_values(size_t random_count, uint64_t seed) {
  std::vector<uint64_t> v = edge_values();
  std::mt19937_64 rng(seed);
  for (size_t i = 0; i < random_count; ++i) v.push_back(rng() % P);
  return v;
}

TEST(Goldilocks, ArithmeticMatchesInt128Oracle) {
  auto vals = test_values(300, 1);
  for (uint64_t a : vals) {
    for (uint64_t b : vals) {
      Fp fa = Fp::from_canonical(a), fb = Fp::from_canonical(b);
      ASSERT_EQ((fa + fb).value(), static_cast<uint64_t>((u128(a) + b) % P));
      ASSERT_EQ((fa - fb).value(), static_cast<uint64_t>((u128(a) + P - b) % P));
      ASSERT_EQ((fa * fb).value(), static_cast<uint64_t>((u128(a) * b) % P)) << a << " * " << b;
    }
    ASSERT_EQ((-Fp::from_canonical(a)).value(), (P - a) % P);
  }
}

TEST(Goldilocks, Reduce128FullRange) {
  std::mt19937_64 rng(2);
  std::vector<u128> xs = {0, ~u128(0), u128(P) * P, (u128(1) << 96), (u128(1) << 96) - 1,
                          (u128(P - 1) << 64) | (P - 1), u128(~0ull) * ~0ull};
  for (int i = 0; i < 100000; ++i) xs.push_back((u128(rng()) << 64) | rng());
  for (u128 x : xs) ASSERT_EQ(Fp::reduce128(x), static_cast<uint64_t>(x % P));
}

// The 32-bit-limb product used where there is no 128-bit integer type (RV32IM guests), over all
// 64-bit operands (not only canonical ones), against __int128.
TEST(Goldilocks, PortableWideMulMatchesInt128) {
  std::mt19937_64 rng(3);
  std::vector<uint64_t> xs = edge_values();
  for (uint64_t e : {~0ull, ~0ull - 1, 0xFFFFFFFFull << 32, 0x80000000ull})
    xs.push_back(e);
  for (int i = 0; i < 300; ++i) xs.push_back(rng());
  for (uint64_t a : xs)
    for (uint64_t b : xs) {
      uint64_t hi = 0;
      const uint64_t lo = Fp::mul_wide_portable(a, b, &hi);
      const u128 want = u128(a) * b;
      ASSERT_EQ(lo, static_cast<uint64_t>(want)) << a << " * " << b;
      ASSERT_EQ(hi, static_cast<uint64_t>(want >> 64)) << a << " * " << b;
      ASSERT_EQ(Fp::reduce_wide(lo, hi), static_cast<uint64_t>(want % P));
    }
}

TEST(Goldilocks, FromU64ReducesNonCanonical) {
  EXPECT_EQ(Fp::from_u64(P).value(), 0u);
  EXPECT_EQ(Fp::from_u64(~0ull).value(), ~0ull - P);
  EXPECT_EQ(Fp::from_i64(-1).value(), P - 1);
  EXPECT_EQ(Fp::from_i64(INT64_MIN).value(), static_cast<uint64_t>((u128(P) * 2 - (u128(1) << 63)) % P));
}

TEST(Goldilocks, InverseAndPow) {
  for (uint64_t a : test_values(200, 3)) {
    Fp x = Fp::from_canonical(a);
    if (a == 0) {
      EXPECT_TRUE(x.inverse().is_zero());
      continue;
    }
    ASSERT_EQ(x * x.inverse(), Fp::one()) << a;
    ASSERT_EQ(x.inverse(), x.pow(P - 2));
    ASSERT_EQ(x.pow(P - 1), Fp::one());  // Fermat
  }
}

TEST(Goldilocks, BatchInverse) {
  auto vals = test_values(1000, 4);
  std::vector<Fp> v;
  for (uint64_t a : vals) v.push_back(Fp::from_canonical(a));
  std::vector<Fp> inv = v;
  batch_inverse(inv);
  for (size_t i = 0; i < v.size(); ++i) ASSERT_EQ(inv[i], v[i].inverse()) << i;
}

TEST(Goldilocks, TwoAdicRoots) {
  const Fp g = Fp::from_canonical(Fp::kTwoAdicGenerator);
  EXPECT_EQ(g, Fp::from_canonical(Fp::kGenerator).pow((P - 1) >> 32));
  EXPECT_EQ(g.exp_pow2(32), Fp::one());
  EXPECT_NE(g.exp_pow2(31), Fp::one());
  for (unsigned k = 0; k <= 32; ++k) {
    Fp w = Fp::two_adic_root(k);
    // The tables are the generator's powers (no other root of the same order) and their inverses.
    ASSERT_EQ(w, g.exp_pow2(32 - k)) << k;
    ASSERT_EQ(Fp::two_adic_root_inverse(k), w.inverse()) << k;
    ASSERT_EQ(w.exp_pow2(k), Fp::one()) << k;
    if (k > 0) {
      ASSERT_EQ(w.exp_pow2(k - 1), -Fp::one()) << k;  // primitive
    }
  }
}

TEST(Goldilocks, GeneratorGeneratesMultiplicativeGroup) {
  // p - 1 = 2^32 * 3 * 5 * 17 * 257 * 65537: 7 is a generator iff 7^((p-1)/q) != 1 for each q.
  const uint64_t factors[] = {2, 3, 5, 17, 257, 65537};
  uint64_t prod = 1ull << 31;
  for (uint64_t q : factors) {
    if (q != 2) prod *= q;
    EXPECT_NE(Fp::from_canonical(Fp::kGenerator).pow((P - 1) / q), Fp::one()) << q;
  }
  EXPECT_EQ(prod * 2, P - 1);
}

TEST(Goldilocks, SerializationRejectsNonCanonical) {
  for (uint64_t a : test_values(50, 5)) {
    uint8_t buf[8];
    Fp::from_canonical(a).to_bytes(buf);
    auto r = Fp::from_bytes(buf);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->value(), a);
  }
  for (uint64_t bad : std::vector<uint64_t>{P, P + 1, ~0ull, 0xFFFFFFFF00000002ull}) {
    uint8_t buf[8];
    for (int i = 0; i < 8; ++i) buf[i] = static_cast<uint8_t>(bad >> (8 * i));
    auto r = Fp::from_bytes(buf);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kNonCanonical);
    EXPECT_EQ(r.error().got, bad);
  }
}

// ---- cubic extension ----

Fp3 random_ext(std::mt19937_64& rng) {
  return {Fp::from_u64(rng()), Fp::from_u64(rng()), Fp::from_u64(rng())};
}

// Polynomial remainder of a (low degree first) modulo x^3 - x - 1, as an oracle for Fp3 mul.
Fp3 reduce_poly(std::vector<Fp> a) {
  for (size_t d = a.size(); d-- > 3;) {
    // x^d = x^(d-3) * (x + 1)
    a[d - 2] += a[d];
    a[d - 3] += a[d];
    a[d] = Fp::zero();
  }
  a.resize(3);
  return {a[0], a[1], a[2]};
}

TEST(Fp3, MulMatchesPolynomialOracle) {
  std::mt19937_64 rng(6);
  for (int i = 0; i < 2000; ++i) {
    Fp3 a = random_ext(rng), b = random_ext(rng);
    std::vector<Fp> prod(5);
    for (int x = 0; x < 3; ++x)
      for (int y = 0; y < 3; ++y) prod[x + y] += a[x] * b[y];
    ASSERT_EQ(a * b, reduce_poly(prod));
  }
}

TEST(Fp3, FieldAxiomsAndInverse) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 500; ++i) {
    Fp3 a = random_ext(rng), b = random_ext(rng), c = random_ext(rng);
    ASSERT_EQ((a + b) * c, a * c + b * c);
    ASSERT_EQ((a * b) * c, a * (b * c));
    ASSERT_EQ(a * b, b * a);
    if (!a.is_zero()) {
      ASSERT_EQ(a * a.inverse(), Fp3::one());
    }
  }
  EXPECT_TRUE(Fp3::zero().inverse().is_zero());
  Fp3 x(Fp::zero(), Fp::one(), Fp::zero());
  EXPECT_EQ(x * x * x, x + Fp3::one());  // the defining relation
}

// x^3 - x - 1 is irreducible over F_p iff it has no root in F_p (degree 3), iff
// gcd(x^p - x, x^3 - x - 1) = 1. x^p mod f is computed in Fp3 as the element x raised to p.
TEST(Fp3, ModulusIsIrreducible) {
  const Fp3 x(Fp::zero(), Fp::one(), Fp::zero());
  const Fp3 g = x.pow(P) - x;  // x^p - x mod f, degree <= 2
  // Euclid on polynomials over F_p (coefficient vectors, low degree first).
  auto trim = [](std::vector<Fp>& a) { while (!a.empty() && a.back().is_zero()) a.pop_back(); };
  auto mod = [&](std::vector<Fp> a, const std::vector<Fp>& b) {
    trim(a);
    const Fp lead_inv = b.back().inverse();
    while (a.size() >= b.size()) {
      const Fp q = a.back() * lead_inv;
      const size_t shift = a.size() - b.size();
      for (size_t i = 0; i < b.size(); ++i) a[shift + i] -= q * b[i];
      trim(a);
    }
    return a;
  };
  std::vector<Fp> a = {-Fp::one(), -Fp::one(), Fp::zero(), Fp::one()};  // x^3 - x - 1
  std::vector<Fp> b = {g[0], g[1], g[2]};
  trim(b);
  ASSERT_FALSE(b.empty()) << "x^p = x mod f would mean f splits";
  while (!b.empty()) {
    std::vector<Fp> r = mod(a, b);
    a = b;
    b = r;
  }
  EXPECT_EQ(a.size(), 1u) << "gcd has degree " << a.size() - 1 << ": f has a root";
  // And the Frobenius has order exactly 3 on x: x^(p^3) = x.
  EXPECT_EQ(x.pow(P).pow(P).pow(P), x);
}

TEST(Fp3, SerializationRejectsNonCanonical) {
  std::mt19937_64 rng(8);
  Fp3 a = random_ext(rng);
  uint8_t buf[24];
  a.to_bytes(buf);
  auto r = Fp3::from_bytes(buf);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, a);
  for (int limb = 0; limb < 3; ++limb) {
    uint8_t bad[24];
    a.to_bytes(bad);
    for (int i = 0; i < 8; ++i) bad[8 * limb + i] = 0xFF;
    auto rb = Fp3::from_bytes(bad);
    ASSERT_FALSE(rb.ok()) << limb;
    EXPECT_EQ(rb.error().code, ErrorCode::kNonCanonical);
  }
}

}  // namespace
}  // namespace goldfinch

namespace goldfinch {
namespace {

TEST(LazyExtSum, MatchesEagerSums) {
  std::mt19937_64 rng(11);
  for (int trial = 0; trial < 50; ++trial) {
    LazyExtSum lazy, lazy_ext;
    Fp3 eager = Fp3::zero(), eager_ext = Fp3::zero();
    const int terms = 1 + trial * 40;  // up to ~2000 terms: many 2^128 wraps
    for (int k = 0; k < terms; ++k) {
      // Bias to large values so wraps happen.
      auto big = [&] { return Fp::from_u64(Fp::kModulus - 1 - (rng() % 1000)); };
      const Fp3 a(big(), Fp::from_u64(rng()), big());
      const Fp b = k % 2 ? big() : Fp::from_u64(rng());
      lazy.add_mul(a, b);
      eager += a * b;
      const Fp3 c(Fp::from_u64(rng()), big(), big());
      lazy_ext.add_mul(a, c);
      eager_ext += a * c;
    }
    ASSERT_EQ(lazy.reduce(), eager) << trial;
    ASSERT_EQ(lazy_ext.reduce(), eager_ext) << trial;
  }
}

// The (lo, hi) version that RV32IM guests use, on the same sums (many 2^128 wraps).
TEST(LazyExtSum, PortableMatchesEagerSums) {
  std::mt19937_64 rng(12);
  for (int trial = 0; trial < 50; ++trial) {
    PortableLazyExtSum lazy, lazy_ext;
    Fp3 eager = Fp3::zero(), eager_ext = Fp3::zero();
    const int terms = 1 + trial * 40;
    for (int k = 0; k < terms; ++k) {
      auto big = [&] { return Fp::from_u64(Fp::kModulus - 1 - (rng() % 1000)); };
      const Fp3 a(big(), Fp::from_u64(rng()), big());
      const Fp b = k % 2 ? big() : Fp::from_u64(rng());
      lazy.add_mul(a, b);
      eager += a * b;
      const Fp3 c(Fp::from_u64(rng()), big(), big());
      lazy_ext.add_mul(a, c);
      eager_ext += a * c;
    }
    ASSERT_EQ(lazy.reduce(), eager) << trial;
    ASSERT_EQ(lazy_ext.reduce(), eager_ext) << trial;
  }
}

}  // namespace
}  // namespace goldfinch

#include "goldfinch/field/ext_point_inverse.h"

namespace goldfinch {
namespace {

TEST(PointInverter, MatchesDirectInverse) {
  std::mt19937_64 rng(12);
  for (int trial = 0; trial < 20; ++trial) {
    const Fp3 z(Fp::from_u64(rng()), Fp::from_u64(rng()), Fp::from_u64(rng() | 1));
    PointInverter inv(z);
    std::vector<Fp> xs(100), scratch(100);
    for (auto& x : xs) x = Fp::from_u64(rng());
    xs[0] = Fp::zero();
    xs[1] = Fp::one();
    std::vector<Fp3> out(100);
    inv.invert(xs, out, scratch);
    for (size_t i = 0; i < xs.size(); ++i) ASSERT_EQ(out[i], (Fp3(xs[i]) - z).inverse()) << i;
  }
}

}  // namespace
}  // namespace goldfinch
