#include <gtest/gtest.h>

#include <atomic>
#include <vector>

#include "goldfinch/base/bits.h"
#include "goldfinch/base/block_cache.h"
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

// The block cache hands a freed block back for the same size, never for a much smaller one, and
// never keeps more than the high-water mark of blocks in use resident.
TEST(BlockCache, ReusesSameSizeAndStaysWithinHighWater) {
  constexpr size_t kMiB = size_t{1} << 20;
  block_cache::release();
  const block_cache::Stats s0 = block_cache::stats();
  ASSERT_EQ(s0.high_water, 0u) << "this test assumes no other block was allocated in the process";
  void* a = block_cache::allocate(6 * kMiB);
  static_cast<char*>(a)[0] = 1;
  block_cache::deallocate(a, 6 * kMiB);
  EXPECT_EQ(block_cache::stats().kept, 6 * kMiB);
  void* b = block_cache::allocate(6 * kMiB - 100);  // rounds to the same 6 MiB: the kept block
  EXPECT_EQ(b, a);
  EXPECT_EQ(block_cache::stats().hits, s0.hits + 1);
  EXPECT_EQ(block_cache::stats().kept, 0u);
  block_cache::deallocate(b, 6 * kMiB - 100);
  // 2 MiB is far smaller than the kept 6 MiB block: a fresh block. Keeping the 6 MiB one beside it
  // would make 8 MiB resident, above the 6 MiB high-water mark, so it is released first.
  void* c = block_cache::allocate(2 * kMiB);
  EXPECT_EQ(block_cache::stats().misses, s0.misses + 2);
  block_cache::Stats s = block_cache::stats();
  EXPECT_EQ(s.kept, 0u);
  EXPECT_EQ(s.high_water, 6 * kMiB);
  // A larger block than any seen: nothing kept may remain beside it.
  block_cache::deallocate(c, 2 * kMiB);
  void* d = block_cache::allocate(10 * kMiB);
  s = block_cache::stats();
  EXPECT_EQ(s.kept, 0u);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(d) % (2 * kMiB), 0u);
  // Freed, then a 2 MiB request: the 10 MiB block is not handed out for it (another size class),
  // and it is released (10 + 2 MiB resident would pass the 10 MiB high-water mark).
  block_cache::deallocate(d, 10 * kMiB);
  void* e = block_cache::allocate(2 * kMiB);
  s = block_cache::stats();
  EXPECT_EQ(s.kept, 0u);
  EXPECT_EQ(s.high_water, 10 * kMiB);
  block_cache::deallocate(e, 2 * kMiB);
  // Above 16 MiB sizes come in 8 classes per power of two: 33 MiB (17 pages) and 35 MiB (18) are
  // both 36 MiB blocks, so the second request reuses the first's block; 37 MiB does not.
  void* f = block_cache::allocate(33 * kMiB);
  block_cache::deallocate(f, 33 * kMiB);
  EXPECT_EQ(block_cache::stats().kept, 36 * kMiB);
  void* g = block_cache::allocate(35 * kMiB);
  EXPECT_EQ(g, f);
  block_cache::deallocate(g, 35 * kMiB);
  const size_t hits = block_cache::stats().hits;
  void* h = block_cache::allocate(37 * kMiB);
  EXPECT_EQ(block_cache::stats().hits, hits);
  block_cache::deallocate(h, 37 * kMiB);
  block_cache::release();
  EXPECT_EQ(block_cache::stats().kept, 0u);
}

}  // namespace
}  // namespace goldfinch
