#include "goldfinch/base/block_cache.h"

#include <sys/mman.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

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
    const size_t step = std::bit_floor(pages) >> 3;
    pages = (pages + step - 1) / step * step;
  }
  return pages * kHugePage;
}

// A 2 MiB-aligned anonymous mapping of `bytes` (a multiple of 2 MiB), advised onto huge pages;
// nothing is resident until touched.
char* map_aligned(size_t bytes) {
  void* raw =
      mmap(nullptr, bytes + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  GF_CHECK(raw != MAP_FAILED, "out of memory (address space) for a matrix");
  const auto begin = reinterpret_cast<uintptr_t>(raw);
  const uintptr_t aligned = (begin + kHugePage - 1) & ~(kHugePage - 1);
  if (aligned > begin) munmap(raw, aligned - begin);
  if (const uintptr_t tail = begin + bytes + kHugePage - (aligned + bytes); tail > 0)
    munmap(reinterpret_cast<void*>(aligned + bytes), tail);
  char* p = reinterpret_cast<char*>(aligned);
#if defined(MADV_HUGEPAGE)
  madvise(p, bytes, MADV_HUGEPAGE);  // advisory: failure only costs speed
#endif
  return p;
}

// A block handed out is one or more pieces (ranges that are each inside one kernel mapping, which
// is what mremap can move): pieces moved in from kept blocks, then a fresh rest. When it is freed,
// its pieces are kept separately.
struct Piece {
  char* p;
  size_t bytes;
};
struct Block {
  size_t bytes;
  std::vector<Piece> pieces;
};

struct Cache {
  std::mutex mu;
  std::multimap<size_t, char*> kept;  // pieces by size; every kept byte is resident memory
  std::map<void*, Block> in_use;
  Stats s;

  void release_locked() {
    for (auto& [bytes, p] : kept) munmap(p, bytes);
    kept.clear();
    s.kept = 0;
  }
};

// Never destroyed: a matrix with static storage may be freed after any destructor here would run.
Cache& cache() {
  static Cache* c = new Cache;
  return *c;
}

}  // namespace

void* allocate(size_t bytes) {
  const size_t size = size_class(bytes);
  Cache& c = cache();
  std::lock_guard lock(c.mu);
  Block b{size, {}};
  if (auto it = c.kept.find(size); it != c.kept.end()) {
    b.pieces.push_back({it->second, size});
    c.kept.erase(it);
    c.s.kept -= size;
    ++c.s.hits;
  } else {
    // A new range, filled from the start with kept pieces moved there by mremap (their page tables
    // move; the pages stay resident, so nothing is faulted or zeroed again), largest first; only
    // the rest is fresh memory. The resident total grows only by what nothing kept could cover.
    char* p = map_aligned(size);
    size_t filled = 0;
    while (filled < size && !c.kept.empty()) {
      auto largest = std::prev(c.kept.end());
      const size_t piece = largest->first;
      char* src = largest->second;
      const size_t take = std::min(piece, size - filled);
      c.kept.erase(largest);
      c.s.kept -= piece;
      if (mremap(src, take, take, MREMAP_MAYMOVE | MREMAP_FIXED, p + filled) == MAP_FAILED) {
        // Not movable (a piece is always inside one mapping, so this should not happen): released;
        // the next piece, or fresh memory, fills the range instead.
        munmap(src, piece);
        continue;
      }
      if (take < piece) {  // the rest of the piece stays kept where it was
        c.kept.emplace(piece - take, src + take);
        c.s.kept += piece - take;
      }
      b.pieces.push_back({p + filled, take});
      filled += take;
    }
    if (filled < size) b.pieces.push_back({p + filled, size - filled});
    c.s.moved += filled;
    ++c.s.misses;
  }
  c.s.in_use += size;
  c.s.high_water = std::max(c.s.high_water, c.s.in_use + c.s.kept);
  c.s.peak_in_use = std::max(c.s.peak_in_use, c.s.in_use);
  void* p = b.pieces.front().p;
  c.in_use.emplace(p, std::move(b));
  return p;
}

void deallocate(void* p, size_t bytes) {
  (void)bytes;
  Cache& c = cache();
  std::lock_guard lock(c.mu);
  const auto it = c.in_use.find(p);
  GF_CHECK(it != c.in_use.end(), "block_cache::deallocate of a block it did not allocate");
  c.s.in_use -= it->second.bytes;
  for (const Piece& piece : it->second.pieces) {
    c.kept.emplace(piece.bytes, piece.p);
    c.s.kept += piece.bytes;
  }
  c.in_use.erase(it);
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

void reset_peak() {
  Cache& c = cache();
  std::lock_guard lock(c.mu);
  c.s.peak_in_use = c.s.in_use;
}

}  // namespace goldfinch::block_cache
