// GF(p^5) tests: the irreducibility facts the construction relies on, the EcGFp5 paper's
// published (Sage-generated) vectors, a naive __int128 polynomial reference for mul, field
// axioms, inverse, Legendre symbol, square roots and canonical encoding.
#include <gtest/gtest.h>

#include <vector>

#include "goldfinch/multiset/gfp5.h"
#include "goldfinch/multiset/test_util.h"

namespace goldfinch::multiset {
namespace {

using u128 = unsigned __int128;
constexpr uint64_t P = Fp::kModulus;
using testing::random_fp5;
using testing::seeded_rng;

// z^5 - 3 is irreducible over F_p iff 3 is not a fifth power (p = 1 mod 5, 5 prime: the
// binomial criterion, Lidl–Niederreiter Thm 3.75). The Frobenius map then has order 5 and
// z^p = gamma z with gamma = 3^((p-1)/5) a primitive fifth root of unity.
TEST(Gfp5, IrreducibilityFacts) {
  EXPECT_EQ(P % 5, 1u);
  const Fp gamma = Fp::from_canonical(3).pow((P - 1) / 5);
  EXPECT_NE(gamma, Fp::one()) << "3 would be a fifth power: z^5 - 3 would factor";
  EXPECT_EQ(gamma.pow(5), Fp::one());
  const uint64_t p_exp = P;
  EXPECT_EQ(Fp5::z().pow(p_exp), Fp5::z() * gamma);
  Fp5 zk = Fp5::z();
  for (int k = 1; k <= 5; ++k) {
    zk = zk.pow(p_exp);
    EXPECT_EQ(zk == Fp5::z(), k == 5) << "z^(p^" << k << ")";
  }
}

// The constants of the paper's reference implementation (python/ecGFp5.py, frob1).
TEST(Gfp5, FrobeniusMatchesPublishedConstants) {
  const Fp5 z = Fp5::z();
  EXPECT_EQ(z.frobenius(1)[1].value(), 1041288259238279555ull);
  EXPECT_EQ((z * z).frobenius(1)[2].value(), 15820824984080659046ull);
  EXPECT_EQ((z * z * z).frobenius(1)[3].value(), 211587555138949697ull);
  EXPECT_EQ((z * z * z * z).frobenius(1)[4].value(), 1373043270956696022ull);
  auto rng = seeded_rng("Gfp5.FrobeniusMatchesPublishedConstants", 11);
  for (int i = 0; i < 20; ++i) {
    const Fp5 a = random_fp5(rng);
    EXPECT_EQ(a.frobenius(1), a.pow(P));
    EXPECT_EQ(a.frobenius(2), a.frobenius(1).frobenius(1));
    EXPECT_EQ(a.frobenius(5), a);
    EXPECT_EQ(a.frobenius(3) * a.frobenius(1), (a * a.frobenius(2)).frobenius(1));
  }
}

// Sage-generated vectors published in the paper's reference code (TestGFp5 in ecGFp5.py).
TEST(Gfp5, PublishedVectors) {
  const Fp5 a = Fp5::from_canonical({9788683869780751860ull, 18176307314149915536ull, 17581807048943060475ull,
                                     16706651231658143014ull, 424516324638612383ull});
  const Fp5 b = Fp5::from_canonical({1541862605911742196ull, 5168181287870979863ull, 10854086836664484156ull,
                                     11043707160649157424ull, 943499178011708365ull});
  const Fp5 apb = Fp5::from_canonical({11330546475692494056ull, 4897744532606311078ull, 9989149816192960310ull,
                                       9303614322892716117ull, 1368015502650320748ull});
  const Fp5 amb = Fp5::from_canonical({8246821263869009664ull, 13008126026278935673ull, 6727720212278576319ull,
                                       5662944071008985590ull, 17927761216041488339ull});
  const Fp5 atb = Fp5::from_canonical({5924286846078684570ull, 12564682493825924142ull, 17116577152380521223ull,
                                       5260948460973948760ull, 15673927150284637712ull});
  const Fp5 adb = Fp5::from_canonical({6854214528917216670ull, 4676163378868226016ull, 7338977912708396522ull,
                                       9922012834063967541ull, 11413717840889184601ull});
  EXPECT_EQ(a + b, apb);
  EXPECT_EQ(a - b, amb);
  EXPECT_EQ(a * b, atb);
  EXPECT_EQ(a.square(), a * a);
  EXPECT_EQ(a * b.inverse(), adb);
}

// Naive reference: schoolbook product with __int128 residues, then z^k -> 3 z^(k-5) one power
// at a time. Independent of Fp's reduction code.
std::array<uint64_t, 5> naive_mul(const Fp5& a, const Fp5& b) {
  std::array<u128, 9> d{};
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 5; ++j) d[i + j] = (d[i + j] + u128(a[i].value()) * b[j].value()) % P;
  for (int k = 8; k >= 5; --k) d[k - 5] = (d[k - 5] + 3 * d[k]) % P;
  return {uint64_t(d[0]), uint64_t(d[1]), uint64_t(d[2]), uint64_t(d[3]), uint64_t(d[4])};
}

TEST(Gfp5, MulMatchesNaivePolynomialReference) {
  auto rng = seeded_rng("Gfp5.MulMatchesNaivePolynomialReference", 12);
  std::vector<Fp5> vals = {Fp5::zero(), Fp5::one(), -Fp5::one(), Fp5::z(),
                           Fp5::from_canonical({P - 1, P - 1, P - 1, P - 1, P - 1})};
  for (int i = 0; i < 60; ++i) vals.push_back(random_fp5(rng));
  for (const Fp5& a : vals)
    for (const Fp5& b : vals) {
      const Fp5 c = a * b;
      const auto want = naive_mul(a, b);
      for (int k = 0; k < 5; ++k) ASSERT_EQ(c[k].value(), want[k]);
    }
}

TEST(Gfp5, FieldAxioms) {
  auto rng = seeded_rng("Gfp5.FieldAxioms", 13);
  for (int i = 0; i < 200; ++i) {
    const Fp5 a = random_fp5(rng), b = random_fp5(rng), c = random_fp5(rng);
    ASSERT_EQ(a + b, b + a);
    ASSERT_EQ(a * b, b * a);
    ASSERT_EQ((a + b) + c, a + (b + c));
    ASSERT_EQ((a * b) * c, a * (b * c));
    ASSERT_EQ(a * (b + c), a * b + a * c);
    ASSERT_EQ(a + Fp5::zero(), a);
    ASSERT_EQ(a * Fp5::one(), a);
    ASSERT_EQ(a + (-a), Fp5::zero());
    ASSERT_EQ(a - b, a + (-b));
    ASSERT_EQ(a.square(), a * a);
    ASSERT_EQ(a.dbl(), a + a);
    ASSERT_EQ(a.pow(5), a * a * a * a * a);
  }
}

TEST(Gfp5, InverseAndNorm) {
  auto rng = seeded_rng("Gfp5.InverseAndNorm", 14);
  EXPECT_EQ(Fp5::zero().inverse(), Fp5::zero());
  EXPECT_EQ(Fp5::one().inverse(), Fp5::one());
  EXPECT_EQ(Fp5::z().norm(), Fp::from_canonical(3));  // product of the roots of z^5 - 3
  for (int i = 0; i < 200; ++i) {
    const Fp5 a = random_fp5(rng), b = random_fp5(rng);
    ASSERT_FALSE(a.is_zero());
    ASSERT_EQ(a * a.inverse(), Fp5::one());
    ASSERT_EQ((a * b).norm(), a.norm() * b.norm());
    ASSERT_EQ(Fp5(a[0]).norm(), a[0].pow(5));
    // a^(p^5 - 1) = 1: a^(p^5) = a through five Frobenius steps of a^p each.
    ASSERT_EQ(a.pow(P).pow(P).pow(P).pow(P).pow(P), a);
  }
}

TEST(Gfp5, FpSqrt) {
  auto rng = seeded_rng("Gfp5.FpSqrt", 15);
  EXPECT_EQ(*fp_sqrt(Fp::zero()), Fp::zero());
  EXPECT_EQ(fp_legendre(Fp::from_canonical(7)), -1);  // 7 generates F_p^*
  EXPECT_EQ(fp_legendre(Fp::from_canonical(3)), 1);
  for (int i = 0; i < 200; ++i) {
    const Fp a = Fp::from_u64(rng());
    if (a.is_zero()) continue;
    const auto r = fp_sqrt(a.square());
    ASSERT_TRUE(r);
    ASSERT_TRUE(*r == a || *r == -a);
    ASSERT_FALSE(fp_sqrt(a.square() * Fp::from_canonical(7)));
  }
  // Squares of elements of high two-adic order exercise every Tonelli–Shanks step.
  for (unsigned k = 0; k <= 32; ++k) {
    const Fp w = Fp::two_adic_root(k);
    const auto r = fp_sqrt(w.square());
    ASSERT_TRUE(r && (*r == w || *r == -w)) << k;
  }
}

TEST(Gfp5, SqrtOfSquaresAndNonSquares) {
  auto rng = seeded_rng("Gfp5.SqrtOfSquaresAndNonSquares", 16);
  EXPECT_EQ(Fp5::zero().legendre(), 0);
  EXPECT_EQ(*Fp5::zero().sqrt(), Fp5::zero());
  const Fp5 seven(Fp::from_canonical(7));  // N(7) = 7^5 is a non-square in F_p
  EXPECT_EQ(seven.legendre(), -1);
  int squares = 0;
  for (int i = 0; i < 200; ++i) {
    const Fp5 a = random_fp5(rng);
    const Fp5 sq = a.square();
    ASSERT_EQ(sq.legendre(), 1);
    const auto r = sq.sqrt();
    ASSERT_TRUE(r);
    ASSERT_TRUE(*r == a || *r == -a);  // the two roots: r and -r
    ASSERT_EQ((-*r).square(), sq);
    const Fp5 ns = sq * seven;
    ASSERT_EQ(ns.legendre(), -1);
    ASSERT_FALSE(ns.is_square());
    ASSERT_FALSE(ns.sqrt());
    // A random element: legendre agrees with the sqrt result and with Euler's criterion.
    const Fp5 c = random_fp5(rng);
    const auto rc = c.sqrt();
    ASSERT_EQ(rc.has_value(), c.legendre() == 1);
    if (rc) {
      ASSERT_EQ(rc->square(), c);
      ++squares;
    }
  }
  EXPECT_GT(squares, 60);  // about half of 200
  EXPECT_LT(squares, 140);
}

TEST(Gfp5, EncodingRoundTripAndRejectsNonCanonical) {
  auto rng = seeded_rng("Gfp5.EncodingRoundTripAndRejectsNonCanonical", 17);
  const Fp5 a = random_fp5(rng);
  uint8_t buf[Fp5::kBytes];
  a.to_bytes(buf);
  auto back = Fp5::from_bytes(buf);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, a);
  for (size_t limb = 0; limb < 5; ++limb) {
    for (uint64_t bad : {P, P + 1, ~uint64_t{0}}) {
      uint8_t b2[Fp5::kBytes];
      a.to_bytes(b2);
      for (int i = 0; i < 8; ++i) b2[8 * limb + i] = static_cast<uint8_t>(bad >> (8 * i));
      auto r = Fp5::from_bytes(b2);
      ASSERT_FALSE(r.ok()) << "limb " << limb;
      EXPECT_EQ(r.error().code, ErrorCode::kNonCanonical);
    }
  }
  EXPECT_EQ(Fp5::from_bytes(std::span<const uint8_t>(buf, Fp5::kBytes - 1)).error().code, ErrorCode::kTruncated);
  uint8_t longer[Fp5::kBytes + 1] = {};
  EXPECT_EQ(Fp5::from_bytes(longer).error().code, ErrorCode::kTrailingBytes);
}

}  // namespace
}  // namespace goldfinch::multiset
