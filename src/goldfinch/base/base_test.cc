#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <utility>
#include <vector>

#include "goldfinch/base/bits.h"
#include "goldfinch/base/block_cache.h"
#include "goldfinch/base/cpu_features.h"
#include "goldfinch/base/parallel.h"
#include "goldfinch/base/small_vector.h"
#include "goldfinch/base/word_mem.h"

namespace goldfinch {
namespace {

// The verifier guest's memcpy / memmove / memset (word_mem.h) against the standard ones: every
// source and destination offset mod 8, every length up to 40, overlapping both ways.
TEST(WordMem, MatchesTheStandardFunctionsAtEveryAlignmentAndOverlap) {
  constexpr size_t kSize = 128;
  alignas(8) unsigned char init[kSize];
  for (size_t i = 0; i < kSize; ++i) init[i] = static_cast<unsigned char>(i * 37 + 11);
  for (size_t from = 0; from < 48; ++from)
    for (size_t to = 0; to < 48; ++to)
      for (size_t n = 0; n <= 40; ++n) {
        alignas(8) unsigned char want[kSize], got[kSize];
        // Within one buffer: overlapping whenever |from - to| < n.
        std::memcpy(want, init, kSize);
        std::memcpy(got, init, kSize);
        std::memmove(want + to, want + from, n);
        word_mem::move(got + to, got + from, n);
        ASSERT_EQ(0, std::memcmp(want, got, kSize)) << "move from " << from << " to " << to << " n " << n;
        // Between two buffers.
        alignas(8) unsigned char src[kSize];
        std::memcpy(src, init, kSize);
        std::memcpy(want, init + 1, kSize - 1);
        std::memcpy(got, init + 1, kSize - 1);
        std::memcpy(want + to, src + from, n);
        word_mem::copy(got + to, src + from, n);
        ASSERT_EQ(0, std::memcmp(want, got, kSize - 1)) << "copy from " << from << " to " << to << " n " << n;
      }
  for (size_t to = 0; to < 8; ++to)
    for (size_t n = 0; n <= 40; ++n) {
      alignas(8) unsigned char want[64], got[64];
      std::memcpy(want, init, 64);
      std::memcpy(got, init, 64);
      std::memset(want + to, 0xa5, n);
      word_mem::set(got + to, 0x1a5, n);  // only the low byte counts
      ASSERT_EQ(0, std::memcmp(want, got, 64)) << "set at " << to << " n " << n;
    }
}

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

// The block cache hands a freed block back for its size class, builds a block of another size from
// kept pages moved by mremap (their contents come along: they are the same pages, not fresh zeroed
// ones), and never holds more resident than the most ever in use at once.
TEST(BlockCache, ReusesKeptPagesAndNeverGrowsPastPeakUse) {
  constexpr size_t kMiB = size_t{1} << 20;
  block_cache::release();
  const block_cache::Stats s0 = block_cache::stats();
  ASSERT_EQ(s0.in_use, 0u) << "this test assumes no other block is in use in the process";
  auto* a = static_cast<uint8_t*>(block_cache::allocate(6 * kMiB));
  EXPECT_EQ(reinterpret_cast<uintptr_t>(a) % (2 * kMiB), 0u);
  for (size_t i = 0; i < 6 * kMiB; i += 4096) a[i] = static_cast<uint8_t>(i / 4096 % 251 + 1);
  block_cache::deallocate(a, 6 * kMiB);
  EXPECT_EQ(block_cache::stats().kept, 6 * kMiB);
  // The same class (6 MiB - 100 bytes rounds to 6 MiB): the kept block itself.
  auto* b = static_cast<uint8_t*>(block_cache::allocate(6 * kMiB - 100));
  EXPECT_EQ(b, a);
  EXPECT_EQ(block_cache::stats().hits, s0.hits + 1);
  block_cache::deallocate(b, 6 * kMiB - 100);
  // 2 MiB: another class. Its block is the kept block's first 2 MiB, moved: the same bytes.
  auto* c = static_cast<uint8_t*>(block_cache::allocate(2 * kMiB));
  block_cache::Stats s = block_cache::stats();
  EXPECT_EQ(s.misses, s0.misses + 2);  // the first block and this one
  EXPECT_EQ(s.moved, s0.moved + 2 * kMiB);
  EXPECT_EQ(s.kept, 4 * kMiB);
  EXPECT_EQ(s.high_water, 6 * kMiB) << "nothing fresh was needed";
  bool same = true;
  for (size_t i = 0; i < 2 * kMiB; i += 4096) same &= c[i] == static_cast<uint8_t>(i / 4096 % 251 + 1);
  EXPECT_TRUE(same) << "the 2 MiB block should be the first kept pages, moved";
  // 10 MiB: the 4 kept MiB (bytes 2..6 MiB of the first block) and 6 fresh ones.
  auto* d = static_cast<uint8_t*>(block_cache::allocate(10 * kMiB));
  s = block_cache::stats();
  EXPECT_EQ(s.kept, 0u);
  EXPECT_EQ(s.moved, s0.moved + 6 * kMiB);
  EXPECT_EQ(s.high_water, 12 * kMiB);
  EXPECT_EQ(d[0], static_cast<uint8_t>(512 % 251 + 1));  // page 512 of the first block
  for (size_t i = 0; i < 10 * kMiB; i += 4096) d[i] = 7;  // every page touched, moved or fresh
  block_cache::deallocate(c, 2 * kMiB);
  block_cache::deallocate(d, 10 * kMiB);
  // 35 MiB (class 36): all 12 kept MiB moved in, 24 fresh. Freed and asked for again as 33 MiB
  // (also class 36), it is rebuilt from its pieces, with nothing fresh.
  void* e = block_cache::allocate(35 * kMiB);
  EXPECT_EQ(block_cache::stats().high_water, 36 * kMiB);
  block_cache::deallocate(e, 35 * kMiB);
  void* f = block_cache::allocate(33 * kMiB);
  s = block_cache::stats();
  EXPECT_EQ(s.kept, 0u);
  EXPECT_EQ(s.in_use, 36 * kMiB);
  EXPECT_EQ(s.high_water, 36 * kMiB);
  block_cache::deallocate(f, 33 * kMiB);
  block_cache::release();
  EXPECT_EQ(block_cache::stats().kept, 0u);
}

// peak_in_use: the most in use at once since reset_peak(), kept blocks not counted.
TEST(BlockCache, PeakInUseSinceReset) {
  constexpr size_t kMiB = size_t{1} << 20;
  block_cache::release();
  ASSERT_EQ(block_cache::stats().in_use, 0u) << "this test assumes no other block is in use in the process";
  block_cache::reset_peak();
  void* a = block_cache::allocate(4 * kMiB);
  void* b = block_cache::allocate(8 * kMiB);
  block_cache::deallocate(a, 4 * kMiB);
  EXPECT_EQ(block_cache::stats().peak_in_use, 12 * kMiB);
  block_cache::reset_peak();
  EXPECT_EQ(block_cache::stats().peak_in_use, 8 * kMiB) << "reset to what is in use now";
  void* c = block_cache::allocate(2 * kMiB);  // from the kept 4 MiB
  block_cache::deallocate(c, 2 * kMiB);
  block_cache::deallocate(b, 8 * kMiB);
  EXPECT_EQ(block_cache::stats().peak_in_use, 10 * kMiB);
  block_cache::release();
}

// SmallVector (small_vector.h): the elements stay inline up to N, move to the heap past it with
// every value kept, and copies, moves and equality behave like std::vector's.
TEST(SmallVector, GrowsPastTheInlineCapacityKeepingEveryElement) {
  SmallVector<std::pair<uint32_t, uint64_t>, 2> v;
  EXPECT_TRUE(v.empty());
  EXPECT_TRUE(v.is_inline());
  EXPECT_EQ(v.capacity(), 2u);
  for (uint32_t i = 0; i < 37; ++i) {
    v.push_back({i, uint64_t{i} * 1000003});
    EXPECT_EQ(v.size(), i + 1);
    EXPECT_EQ(v.is_inline(), i < 2) << i;
    EXPECT_GE(v.capacity(), v.size());
  }
  for (uint32_t i = 0; i < 37; ++i) {
    EXPECT_EQ(v[i].first, i);
    EXPECT_EQ(v[i].second, uint64_t{i} * 1000003);
  }
  EXPECT_EQ(static_cast<size_t>(v.end() - v.begin()), 37u);
  EXPECT_EQ(v.back().first, 36u);
}

TEST(SmallVector, PushBackOfItsOwnElementWhileGrowing) {
  SmallVector<uint64_t, 1> v = {7};
  v.push_back(v[0]);  // grows: the argument points into the old buffer
  v.push_back(v[1]);
  v.push_back(v.back());
  EXPECT_EQ(v.size(), 4u);
  for (uint64_t x : v) EXPECT_EQ(x, 7u);
}

TEST(SmallVector, CopiesAndMovesInlineAndHeapStorage) {
  for (size_t n : {size_t{0}, size_t{1}, size_t{3}, size_t{4}, size_t{9}}) {
    SmallVector<uint64_t, 3> a;
    for (size_t i = 0; i < n; ++i) a.push_back(100 + i);
    SmallVector<uint64_t, 3> copy(a);
    EXPECT_TRUE(copy == a) << n;
    EXPECT_TRUE(copy.is_inline() || copy.data() != a.data()) << n;  // never shares a heap block
    if (n > 0) {
      copy[0] = 1;
      EXPECT_EQ(a[0], 100u) << n;  // a deep copy
      EXPECT_FALSE(copy == a) << n;
    }
    SmallVector<uint64_t, 3> assigned = {5, 6, 7, 8, 9};
    assigned = a;
    EXPECT_TRUE(assigned == a) << n;
    const uint64_t* heap = a.is_inline() ? nullptr : a.data();
    SmallVector<uint64_t, 3> moved(std::move(a));
    EXPECT_EQ(moved.size(), n);
    if (heap) {
      EXPECT_EQ(moved.data(), heap) << n;  // a heap block changes hands
    }
    EXPECT_TRUE(a.empty() && a.is_inline()) << n;  // NOLINT(bugprone-use-after-move): the moved-from state
    for (size_t i = 0; i < n; ++i) EXPECT_EQ(moved[i], 100 + i) << n;
    SmallVector<uint64_t, 3> target = {1, 2, 3, 4};
    target = std::move(moved);
    EXPECT_EQ(target.size(), n);
    for (size_t i = 0; i < n; ++i) EXPECT_EQ(target[i], 100 + i) << n;
    a = target;  // a moved-from vector takes a copy
    EXPECT_TRUE(a == target) << n;
  }
}

TEST(SmallVector, EqualityComparesSizeAndEveryElement) {
  using V = SmallVector<uint64_t, 2>;
  EXPECT_TRUE(V{} == V{});
  EXPECT_TRUE((V{1, 2, 3} == V{1, 2, 3}));
  EXPECT_FALSE((V{1, 2, 3} == V{1, 2}));
  EXPECT_FALSE((V{1, 2} == V{1, 2, 3}));
  EXPECT_FALSE((V{1, 2, 3} == V{1, 2, 4}));
  EXPECT_FALSE((V{9, 2, 3} == V{1, 2, 3}));
  V grown;  // the same values reached through growth and through an initializer list
  for (uint64_t x : {1, 2, 3}) grown.push_back(x);
  EXPECT_TRUE((grown == V{1, 2, 3}));
}

TEST(SmallVector, AssignReserveAndClear) {
  SmallVector<uint32_t, 2> v = {1, 2};
  v = {3, 4, 5, 6};
  ASSERT_EQ(v.size(), 4u);
  EXPECT_EQ(v[0], 3u);
  EXPECT_EQ(v[3], 6u);
  v = {7};
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0], 7u);
  SmallVector<uint32_t, 2> r;
  r.reserve(10);
  EXPECT_GE(r.capacity(), 10u);
  EXPECT_FALSE(r.is_inline());
  const uint32_t* block = r.data();
  for (uint32_t i = 0; i < 10; ++i) r.emplace_back(i);
  EXPECT_EQ(r.data(), block);  // no reallocation within the reserved capacity
  r.clear();
  EXPECT_TRUE(r.empty());
  r.push_back(42);
  EXPECT_EQ(r[0], 42u);
}

}  // namespace
}  // namespace goldfinch
