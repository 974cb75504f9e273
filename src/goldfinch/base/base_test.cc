#include <gtest/gtest.h>

#include <atomic>
#include <vector>

#include "goldfinch/base/bits.h"
#include "goldfinch/base/cpu_features.h"
#include "goldfinch/base/parallel.h"

namespace goldfinch {
namespace {

TEST(Bits, ReverseBitsMatchesNaive) {
  for (unsigned bits = 1; bits <= 12; ++bits) {
    for (uint64_t i = 0; i < (1ull << bits); ++i) {
      uint64_t naive = 0;
      for (unsigned b = 0; b < bits; ++b) naive |= ((i >> b) & 1) << (bits - 1 - b);
      ASSERT_EQ(reverse_bits(i, bits), naive) << "i=" << i << " bits=" << bits;
    }
  }
}

TEST(Bits, Log2) {
  EXPECT_EQ(log2_exact(1), 0u);
  EXPECT_EQ(log2_exact(1ull << 40), 40u);
  EXPECT_EQ(log2_ceil(1), 0u);
  EXPECT_EQ(log2_ceil(5), 3u);
  EXPECT_EQ(log2_ceil(8), 3u);
  EXPECT_FALSE(is_pow2(0));
  EXPECT_FALSE(is_pow2(6));
  EXPECT_TRUE(is_pow2(64));
}

TEST(Parallel, CoversEveryIndexOnce) {
  std::vector<std::atomic<int>> hits(10007);
  parallel_for(hits.size(), [&](size_t i) { hits[i]++; }, 13);
  for (auto& h : hits) ASSERT_EQ(h.load(), 1);
}

TEST(CpuFeatures, BestIsaIsAvailable) {
  EXPECT_TRUE(isa_available(Isa::kScalar));
  EXPECT_TRUE(isa_available(best_isa()));
}

}  // namespace
}  // namespace goldfinch
