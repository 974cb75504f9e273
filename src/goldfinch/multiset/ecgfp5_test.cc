// EcGFp5 tests: the Weierstrass constants against the paper's double-odd form, the paper's
// published Sage vectors (through its w-encoding), the group law on random points, the group
// order 2n with n prime, and the point encoding's rejection of bad input.
#include <gtest/gtest.h>

#include "goldfinch/multiset/ecgfp5.h"
#include "goldfinch/multiset/test_util.h"

namespace goldfinch::multiset {
namespace {

using testing::random_point;
using testing::seeded_rng;

std::array<uint64_t, 5> twice(const std::array<uint64_t, 5>& k) {
  std::array<uint64_t, 5> out{};
  uint64_t carry = 0;
  for (size_t i = 0; i < 5; ++i) {
    out[i] = (k[i] << 1) | carry;
    carry = k[i] >> 63;
  }
  EXPECT_EQ(carry, 0u);
  return out;
}

TEST(EcGFp5, ConstantsFollowFromDoubleOddForm) {
  const Fp5 a = kDoubleOddA, b = kDoubleOddB;
  const Fp third = Fp::from_canonical(3).inverse();
  const Fp inv27 = Fp::from_canonical(27).inverse();
  EXPECT_EQ(kCurveA, (b * Fp::from_canonical(3) - a.square()) * third);
  EXPECT_EQ(kCurveB, a * (a.square() * Fp::from_canonical(2) - b * Fp::from_canonical(9)) * inv27);
  // Non-singular: 4A^3 + 27B^2 != 0.
  EXPECT_FALSE((kCurveA.square() * kCurveA * Fp::from_canonical(4) + kCurveB.square() * Fp::from_canonical(27)).is_zero());
  // The double-odd curve's N = (0, 0) maps to (a/3, 0): the only point of order 2.
  EXPECT_TRUE(curve_rhs(kDoubleOddA * third).is_zero());
}

// Test vectors of the paper's reference code (TestEcGFp5 in python/ecGFp5.py, from Sage):
// w1 encodes P1, w2 = e P1, w3 = P1 + P2, w4 = 2 P1, w5 = 2 P2, w6 = 2 P1 + P2, w7 = P1 + 2 P2.
TEST(EcGFp5, PublishedVectors) {
  const Fp5 w[8] = {
      Fp5::zero(),
      Fp5::from_canonical({12539254003028696409ull, 15524144070600887654ull, 15092036948424041984ull,
                           11398871370327264211ull, 10958391180505708567ull}),
      Fp5::from_canonical({11001943240060308920ull, 17075173755187928434ull, 3940989555384655766ull,
                           15017795574860011099ull, 5548543797011402287ull}),
      Fp5::from_canonical({246872606398642312ull, 4900963247917836450ull, 7327006728177203977ull,
                           13945036888436667069ull, 3062018119121328861ull}),
      Fp5::from_canonical({8058035104653144162ull, 16041715455419993830ull, 7448530016070824199ull,
                           11253639182222911208ull, 6228757819849640866ull}),
      Fp5::from_canonical({10523134687509281194ull, 11148711503117769087ull, 9056499921957594891ull,
                           13016664454465495026ull, 16494247923890248266ull}),
      Fp5::from_canonical({12173306542237620ull, 6587231965341539782ull, 17027985748515888117ull,
                           17194831817613584995ull, 10056734072351459010ull}),
      Fp5::from_canonical({9420857400785992333ull, 4695934009314206363ull, 14471922162341187302ull,
                           13395190104221781928ull, 16359223219913018041ull}),
  };
  Point pt[8];
  for (int i = 0; i < 8; ++i) {
    auto d = decode_w(w[i]);
    ASSERT_TRUE(d) << "w" << i;
    pt[i] = *d;
    EXPECT_TRUE(pt[i].is_on_curve());
    EXPECT_EQ(encode_w(pt[i]), w[i]) << "w" << i;
    EXPECT_TRUE(pt[i].mul(kSubgroupOrder).is_infinity()) << "n P" << i;
  }
  EXPECT_TRUE(pt[0].is_infinity());
  EXPECT_EQ(pt[1] + pt[2], pt[3]);
  EXPECT_EQ(pt[1].dbl(), pt[4]);
  EXPECT_EQ(pt[1] + pt[1], pt[4]);
  EXPECT_EQ(pt[2].dbl(), pt[5]);
  EXPECT_EQ(pt[4] + pt[2], pt[6]);
  EXPECT_EQ(pt[1] + pt[5], pt[7]);
  const std::array<uint64_t, 5> e = {0x4af128fc27c028a4ull, 0xdbeacf85f04f49faull, 0x170e010d29f34525ull,
                                     0xf3f132fcacc859c5ull, 0x64e443325f264a5cull};
  EXPECT_EQ(pt[1].mul(e), pt[2]);
  // Values the reference code says must not decode.
  const Fp5 bad[] = {
      Fp5::from_canonical({13557832913345268708ull, 15669280705791538619ull, 8534654657267986396ull,
                           12533218303838131749ull, 5058070698878426028ull}),
      Fp5::from_canonical({135036726621282077ull, 17283229938160287622ull, 13113167081889323961ull,
                           1653240450380825271ull, 520025869628727862ull}),
      Fp5::from_canonical({6727960962624180771ull, 17240764188796091916ull, 3954717247028503753ull,
                           1002781561619501488ull, 4295357288570643789ull}),
      Fp5::from_canonical({4578929270179684956ull, 3866930513245945042ull, 7662265318638150701ull,
                           9503686272550423634ull, 12241691520798116285ull}),
      Fp5::from_canonical({16890297404904119082ull, 6169724643582733633ull, 9725973298012340311ull,
                           5977049210035183790ull, 11379332130141664883ull}),
      Fp5::from_canonical({13777379982711219130ull, 14715168412651470168ull, 17942199593791635585ull,
                           6188824164976547520ull, 15461469634034461986ull}),
  };
  for (const Fp5& b : bad) EXPECT_FALSE(decode_w(b));
}

TEST(EcGFp5, GroupLaw) {
  auto rng = seeded_rng("EcGFp5.GroupLaw", 21);
  const Point o = Point::infinity();
  for (int i = 0; i < 50; ++i) {
    const Point p = random_point(rng), q = random_point(rng), r = random_point(rng);
    ASSERT_TRUE(p.is_on_curve());
    ASSERT_EQ(p + q, q + p);
    ASSERT_EQ((p + q) + r, p + (q + r));
    ASSERT_EQ(p + o, p);
    ASSERT_EQ(o + p, p);
    ASSERT_TRUE((p + (-p)).is_infinity());
    ASSERT_TRUE((p - p).is_infinity());
    ASSERT_EQ(p + p, p.dbl());
    ASSERT_EQ(p.dbl() + p, p.mul(3));
    ASSERT_EQ((p + q) - q, p);
    ASSERT_TRUE((p + q).is_on_curve());
    ASSERT_TRUE(p.dbl().is_on_curve());
    const uint64_t a = rng() >> 8, b = rng() >> 8;
    ASSERT_EQ(p.mul(a) + p.mul(b), p.mul(a + b));
  }
  EXPECT_TRUE(o.dbl().is_infinity());
  EXPECT_TRUE((-o).is_infinity());
  EXPECT_TRUE(o.mul(12345).is_infinity());
}

// #E = 2n: 2n P = O for every point, n P is O or the point of order 2, and (since the 2-part
// of the group is cyclic of order 2) about half of random points have n P != O.
TEST(EcGFp5, GroupOrderAndCofactor) {
  auto rng = seeded_rng("EcGFp5.GroupOrderAndCofactor", 22);
  const Point t2 = *Point::from_affine(kDoubleOddA * Fp::from_canonical(3).inverse(), Fp5::zero());
  EXPECT_TRUE(t2.dbl().is_infinity());
  const auto two_n = twice(kSubgroupOrder);
  int not_n_torsion = 0;
  for (int i = 0; i < 16; ++i) {
    const Point p = random_point(rng);
    ASSERT_TRUE(p.mul(two_n).is_infinity());
    const Point np = p.mul(kSubgroupOrder);
    ASSERT_TRUE(np.is_infinity() || np == t2);
    not_n_torsion += !np.is_infinity();
    ASSERT_TRUE(p.dbl().mul(kSubgroupOrder).is_infinity());  // the cofactor clears the 2-part
    ASSERT_FALSE(p.mul(2).is_infinity());                     // no point of order 1 or 2 here
  }
  EXPECT_GT(not_n_torsion, 0);
  EXPECT_LT(not_n_torsion, 16);
}

TEST(EcGFp5, EncodingRejectsBadPoints) {
  auto rng = seeded_rng("EcGFp5.EncodingRejectsBadPoints", 23);
  const Point p = random_point(rng);
  uint8_t buf[Point::kBytes];
  p.to_bytes(buf);
  auto back = Point::from_bytes(buf);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, p);
  Point::infinity().to_bytes(buf);
  back = Point::from_bytes(buf);
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(back->is_infinity());
  // Off the curve: flip y's constant coefficient.
  p.to_bytes(buf);
  buf[Fp5::kBytes] ^= 1;
  EXPECT_EQ(Point::from_bytes(buf).error().code, ErrorCode::kInvalidArgument);
  // (0, y) with y != 0 is not infinity and not on the curve.
  uint8_t zero_x[Point::kBytes] = {};
  zero_x[Fp5::kBytes] = 1;
  EXPECT_FALSE(Point::from_bytes(zero_x).ok());
  // A coefficient >= p in either coordinate.
  for (size_t off : {size_t{0}, size_t{32}, size_t{40}, size_t{72}}) {
    p.to_bytes(buf);
    for (int i = 0; i < 8; ++i) buf[off + i] = 0xFF;
    EXPECT_EQ(Point::from_bytes(buf).error().code, ErrorCode::kNonCanonical) << off;
  }
  EXPECT_EQ(Point::from_bytes(std::span<const uint8_t>(buf, 79)).error().code, ErrorCode::kTruncated);
}

}  // namespace
}  // namespace goldfinch::multiset
