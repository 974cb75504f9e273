#include "goldfinch/base/block_cache.h"

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <map>
#include <mutex>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "goldfinch/base/check.h"

namespace goldfinch::block_cache {
namespace {

constexpr size_t kHugePage = size_t{2} << 20;

// Block sizes: whole huge pages, and above 8 pages one of 8 sizes per power of two (as in
// jemalloc's size classes), so the same table's buffers in two shards, which differ by a few rows,
// share a size; a block is at most 1/8 larger than asked, and its tail is only touched when a
// larger request of its size reuses it.
size_t size_class(size_t bytes) {
  size_t pages = (bytes + kHugePage - 1) / kHugePage;
  if (pages > 8) {
    const size_t step = (std::bit_floor(pages) >> 3);
    pages = (pages + step - 1) / step * step;
  }
  return pages * kHugePage;
}

struct Cache {
  std::mutex mu;
  std::multimap<size_t, void*> kept;  // by size
  std::map<void*, size_t> in_use;     // block -> its size (a reused block may be larger than asked)
  Stats s;

  void release_locked() {
    for (auto& [bytes, p] : kept) std::free(p);
    kept.clear();
    s.kept = 0;
  }
};

// Never destroyed: a matrix with static storage may be freed after any destructor here would run.
Cache& cache() {
  static Cache* c = new Cache;
  return *c;
}

void* fresh(size_t bytes) {
  void* p = std::aligned_alloc(kHugePage, bytes);
  GF_CHECK(p != nullptr, "out of memory for a matrix");
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  madvise(p, bytes, MADV_HUGEPAGE);
#endif
  return p;
}

}  // namespace

void* allocate(size_t bytes) {
  const size_t rounded = size_class(bytes);
  Cache& c = cache();
  std::lock_guard lock(c.mu);
  if (auto it = c.kept.find(rounded); it != c.kept.end()) {
    const size_t size = it->first;
    void* p = it->second;
    c.kept.erase(it);
    c.s.kept -= size;
    c.s.in_use += size;
    c.in_use.emplace(p, size);
    ++c.s.hits;
    return p;
  }
  // A fresh block: keep the resident total within the high-water mark of blocks in use.
  while (!c.kept.empty() && c.s.in_use + c.s.kept + rounded > std::max(c.s.high_water, c.s.in_use + rounded)) {
    auto largest = std::prev(c.kept.end());
    c.s.kept -= largest->first;
    std::free(largest->second);
    c.kept.erase(largest);
  }
  void* p = fresh(rounded);
  c.s.in_use += rounded;
  c.s.high_water = std::max(c.s.high_water, c.s.in_use);
  c.in_use.emplace(p, rounded);
  ++c.s.misses;
  return p;
}

void deallocate(void* p, size_t bytes) {
  (void)bytes;
  Cache& c = cache();
  std::lock_guard lock(c.mu);
  const auto it = c.in_use.find(p);
  GF_CHECK(it != c.in_use.end(), "block_cache::deallocate of a block it did not allocate");
  const size_t size = it->second;
  c.in_use.erase(it);
  c.s.in_use -= size;
  c.kept.emplace(size, p);
  c.s.kept += size;
}

void release() {
  Cache& c = cache();
  std::lock_guard lock(c.mu);
  c.release_locked();
}

Stats stats() {
  Cache& c = cache();
  std::lock_guard lock(c.mu);
  return c.s;
}

}  // namespace goldfinch::block_cache
