// The packed LogUp kernels' arithmetic on its own (circuit/logup_flat_test.cc checks them on the
// RV32IM tables): the per-lane batch inversion against Fp3's, edge values included, and a zero
// denominator refused by the aux build whether it falls in a lane group or in the row code's tail.
#include "goldfinch/air/logup_packed.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace goldfinch::air {
namespace {

std::vector<const LogupKernels*> available_kernels() {
  std::vector<const LogupKernels*> out;
  for (Isa isa : {Isa::kAvx2, Isa::kAvx512})
    if (const LogupKernels* k = logup_kernels(isa)) out.push_back(k);
  return out;
}

TEST(LogupPacked, KernelsExistExactlyForAvailableIsas) {
  EXPECT_EQ(logup_kernels(Isa::kScalar), nullptr);
  for (Isa isa : {Isa::kAvx2, Isa::kAvx512}) EXPECT_EQ(logup_kernels(isa) != nullptr, isa_available(isa));
  if (const LogupKernels* k = logup_kernels(Isa::kAvx2)) {
    EXPECT_EQ(k->lanes, 4u);
  }
  if (const LogupKernels* k = logup_kernels(Isa::kAvx512)) {
    EXPECT_EQ(k->lanes, 8u);
  }
}

// prefix_products / finish_inverse: one Montgomery chain per lane, equal to Fp3's products and
// inverses (values near p and 1 included, where a lazy reduction would show).
TEST(LogupPacked, BatchInversionPerLaneMatchesFp3) {
  const auto kernel_sets = available_kernels();
  if (kernel_sets.empty()) GTEST_SKIP() << "no SIMD kernels on this machine (the row code is used)";
  std::mt19937_64 rng(9);
  const Fp edge[] = {Fp::one(), -Fp::one(), Fp::from_u64(Fp::kEpsilon), -Fp::from_u64(2), Fp::zero()};
  for (const LogupKernels* k : kernel_sets) {
    const size_t W = k->lanes, count = 37;
    std::vector<Fp3> v(count * W);
    for (size_t i = 0; i < v.size(); ++i) {
      Fp c[3];
      for (Fp& x : c) x = rng() % 4 == 0 ? edge[rng() % 5] : Fp::from_u64(rng());
      if (c[0].is_zero() && c[1].is_zero() && c[2].is_zero()) c[0] = Fp::one();
      v[i] = Fp3(c[0], c[1], c[2]);
    }
    auto packed = [&](const std::vector<Fp3>& x) {
      std::vector<Fp> out(3 * x.size());
      for (size_t i = 0; i < count; ++i)
        for (size_t l = 0; l < W; ++l)
          for (size_t c = 0; c < 3; ++c) out[(3 * i + c) * W + l] = x[i * W + l][c];
      return out;
    };
    std::vector<Fp> buf = packed(v), prefix(buf.size()), total(3 * W), inv_total(3 * W);
    k->prefix_products(buf.data(), count, prefix.data(), total.data());
    for (size_t l = 0; l < W; ++l) {
      Fp3 acc = Fp3::one();
      for (size_t i = 0; i < count; ++i) {
        const size_t at = 3 * i * W + l;
        ASSERT_EQ(Fp3(prefix[at], prefix[at + W], prefix[at + 2 * W]), acc) << "lane " << l << " item " << i;
        acc *= v[i * W + l];
      }
      ASSERT_EQ(Fp3(total[l], total[W + l], total[2 * W + l]), acc);
      const Fp3 inv = acc.inverse();
      for (size_t c = 0; c < 3; ++c) inv_total[c * W + l] = inv[c];
    }
    k->finish_inverse(buf.data(), prefix.data(), count, inv_total.data());
    for (size_t i = 0; i < count; ++i)
      for (size_t l = 0; l < W; ++l) {
        const size_t at = 3 * i * W + l;
        EXPECT_EQ(Fp3(buf[at], buf[at + W], buf[at + 2 * W]), v[i * W + l].inverse()) << "lanes " << W;
      }
  }
}

// One interaction alpha - (bus + beta x) with alpha = bus + 7, beta = 1: a row with x = 7 has a
// zero denominator, and the aux trace cannot exist. Rows 5 (a lane group) and n - 1 (the tail
// after the groups, n = 1024 + 3) both stop the build with the zero-denominator error.
TEST(LogupPacked, ZeroDenominatorIsRefusedInGroupsAndTail) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");  // the build runs OpenMP threads: re-exec, not fork
  Interaction it;
  it.bus = 3;
  it.fields = {LinearCombination::main(0)};
  it.multiplicity = LinearCombination::main(1);
  it.direction = Direction::kSend;
  const std::vector<Interaction> its{it};
  const LogupChallenges ch = LogupChallenges::from(Fp3(Fp::from_u64(10)), Fp3::one(), 1);
  std::vector<const LogupKernels*> sets = available_kernels();
  sets.push_back(nullptr);
  for (size_t bad_row : {size_t{5}, size_t{1026}}) {
    RowMajorMatrix main(1027, 2), pre(1027, 1);
    for (size_t r = 0; r < main.height(); ++r) {
      main.at(r, 0) = Fp::from_u64(100 + r);
      main.at(r, 1) = Fp::one();
    }
    main.at(bad_row, 0) = Fp::from_u64(7);
    for (const LogupKernels* k : sets) {
      Fp3 sum;
      EXPECT_DEATH(build_logup_aux(its, main.view(), pre.view(), ch, &sum, k), "LogUp denominator is zero")
          << "row " << bad_row << " lanes " << (k ? k->lanes : 1);
    }
    main.at(bad_row, 0) = Fp::from_u64(8);
    for (const LogupKernels* k : sets) {
      Fp3 sum;
      build_logup_aux(its, main.view(), pre.view(), ch, &sum, k);
      Fp3 want = Fp3::zero();
      for (size_t r = 0; r < main.height(); ++r) want += (ch.alpha - Fp3(Fp::from_u64(3) + main.at(r, 0))).inverse();
      EXPECT_EQ(sum, want) << "lanes " << (k ? k->lanes : 1);
    }
  }
}

}  // namespace
}  // namespace goldfinch::air
