// Every packed path (scalar, AVX2, AVX-512) against an unsigned __int128 oracle modulo p, on
// edge values and random values, in every lane and in the scalar tails. A path the CPU or the
// build lacks is skipped with a message. Fp keeps values canonical, so inputs >= p cannot be
// loaded; the reduction's non-canonical intermediates are covered by products near p^2.
#include <gtest/gtest.h>

#include <random>
#include <span>
#include <vector>

#include "goldfinch/field/packed_ops.h"

namespace goldfinch {
namespace {

using u128 = unsigned __int128;
constexpr uint64_t P = Fp::kModulus;

std::vector<uint64_t> operand_values() {
  std::vector<uint64_t> v = {0, 1, 2, P - 1, P - 2, 0xFFFFFFFFull, 0x100000000ull, 0x100000001ull,
                             1ull << 63, (1ull << 63) - 1, (1ull << 63) + 1, P / 2, P / 2 + 1,
                             0xFFFFFFFF00000000ull, 0xFFFFFFFEFFFFFFFFull, 0x00000000FFFFFFFEull};
  std::mt19937_64 rng(20261121);
  while (v.size() < 61) v.push_back(rng() % P);  // 61 values: pairs land in every lane position
  return v;
}

// a and b hold every ordered pair of operand values (length 61^2, not a multiple of 8).
struct Pairs {
  std::vector<Fp> a, b;
};
Pairs all_pairs() {
  const auto vals = operand_values();
  Pairs p;
  for (uint64_t x : vals)
    for (uint64_t y : vals) {
      p.a.push_back(Fp::from_canonical(x));
      p.b.push_back(Fp::from_canonical(y));
    }
  return p;
}

class PackedOps : public ::testing::TestWithParam<Isa> {
 protected:
  void SetUp() override {
    if (!isa_available(GetParam()))
      GTEST_SKIP() << isa_name(GetParam()) << " is not available on this CPU or in this build";
  }
};

TEST_P(PackedOps, AddSubMulMatchOracle) {
  const Pairs p = all_pairs();
  const size_t n = p.a.size();
  std::vector<Fp> sum(n), diff(n), prod(n);
  packed::add(sum, p.a, p.b, GetParam());
  packed::sub(diff, p.a, p.b, GetParam());
  packed::mul(prod, p.a, p.b, GetParam());
  for (size_t i = 0; i < n; ++i) {
    const uint64_t x = p.a[i].value(), y = p.b[i].value();
    ASSERT_EQ(sum[i].value(), static_cast<uint64_t>((u128(x) + y) % P)) << x << " + " << y;
    ASSERT_EQ(diff[i].value(), static_cast<uint64_t>((u128(x) + P - y) % P)) << x << " - " << y;
    ASSERT_EQ(prod[i].value(), static_cast<uint64_t>((u128(x) * y) % P)) << x << " * " << y;
  }
}

TEST_P(PackedOps, NegSquareScaleMatchOracle) {
  const auto vals = operand_values();
  std::vector<Fp> a;
  for (uint64_t x : vals) a.push_back(Fp::from_canonical(x));
  std::vector<Fp> neg(a.size()), sq(a.size()), sc(a.size());
  packed::neg(neg, a, GetParam());
  packed::square(sq, a, GetParam());
  for (size_t i = 0; i < a.size(); ++i) {
    const uint64_t x = a[i].value();
    ASSERT_EQ(neg[i].value(), (P - x) % P) << x;
    ASSERT_EQ(sq[i].value(), static_cast<uint64_t>((u128(x) * x) % P)) << x;
  }
  for (uint64_t s : vals) {
    packed::scale(sc, a, Fp::from_canonical(s), GetParam());
    for (size_t i = 0; i < a.size(); ++i)
      ASSERT_EQ(sc[i].value(), static_cast<uint64_t>((u128(a[i].value()) * s) % P)) << s << " * " << a[i].value();
  }
}

// Every length up to three vectors: the tail (masked on AVX-512) is right and nothing past the
// output's end is written.
TEST_P(PackedOps, ScaleEveryLengthLeavesTheRestAlone) {
  const auto vals = operand_values();
  std::vector<Fp> a;
  for (uint64_t x : vals) a.push_back(Fp::from_canonical(x));
  const Fp s = Fp::from_canonical(vals[7]), fill = Fp::from_u64(12345);
  for (size_t n = 0; n <= 24; ++n) {
    std::vector<Fp> out(32, fill);
    packed::scale(std::span<Fp>(out.data(), n), std::span<const Fp>(a.data() + 1, n), s, GetParam());
    for (size_t i = 0; i < 32; ++i)
      ASSERT_EQ(out[i], i < n ? a[1 + i] * s : fill) << "n=" << n << " i=" << i;
  }
}

// Oracle: 128-bit integer arithmetic; every length up to three vectors (tails), output aliasing a.
TEST_P(PackedOps, MulAddMatchesOracleAndAliases) {
  const auto vals = operand_values();
  std::vector<Fp> a, b;
  for (size_t i = 0; i < vals.size(); ++i) {
    a.push_back(Fp::from_canonical(vals[i]));
    b.push_back(Fp::from_canonical(vals[(i * 7 + 3) % vals.size()]));
  }
  for (uint64_t s : {vals[0], vals[5], vals[vals.size() - 1]})
    for (size_t n = 0; n <= 24 && n <= a.size(); ++n) {
      std::vector<Fp> out(n), alias(a.begin(), a.begin() + n);
      packed::mul_add(out, std::span<const Fp>(a.data(), n), Fp::from_canonical(s), std::span<const Fp>(b.data(), n),
                      GetParam());
      packed::mul_add(alias, alias, Fp::from_canonical(s), std::span<const Fp>(b.data(), n), GetParam());
      for (size_t i = 0; i < n; ++i) {
        const uint64_t want = static_cast<uint64_t>((u128(a[i].value()) * s % P + b[i].value()) % P);
        ASSERT_EQ(out[i].value(), want) << s << " * " << a[i].value() << " + " << b[i].value();
        ASSERT_EQ(alias[i].value(), want);
      }
    }
}

TEST_P(PackedOps, OutputMayAliasInput) {
  Pairs p = all_pairs();
  std::vector<Fp> expect(p.a.size());
  packed::mul(expect, p.a, p.b, Isa::kScalar);
  packed::mul(p.a, p.a, p.b, GetParam());
  EXPECT_EQ(p.a, expect);
}

INSTANTIATE_TEST_SUITE_P(AllIsas, PackedOps, ::testing::Values(Isa::kScalar, Isa::kAvx2, Isa::kAvx512),
                         [](const auto& param_info) { return std::string(isa_name(param_info.param)); });

TEST(PackedDispatch, BestIsaIsAvailable) { EXPECT_TRUE(isa_available(best_isa())); }

}  // namespace
}  // namespace goldfinch
