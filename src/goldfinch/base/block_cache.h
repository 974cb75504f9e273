// A process-wide cache of large, 2 MiB-aligned memory blocks (the prover's matrices: traces,
// extensions, quotients, FRI layers, Merkle layers). Every new page costs a fault and the kernel's
// zeroing of it on first touch, about a sixth of the prover's CPU time when every shard and phase
// gets fresh memory. Freed blocks are kept resident instead: a request of a kept block's size class
// (sizes are rounded to one of 8 per power of two) gets it back; any other request gets a new range
// into which kept pieces are moved with mremap (page tables move, pages are not copied, faulted or
// zeroed), and only what they cannot cover is fresh memory.
//
// So the resident total (blocks in use + kept) grows only when nothing kept is left: it never
// passes the largest amount of memory in use at once (rounded up to size classes), which is the
// peak without the cache.
//
// Linux hosts only (matrix.h calls it behind __linux__); thread-safe.
#pragma once

#include <cstddef>

namespace goldfinch::block_cache {

// A block of at least `bytes` (its size class: at most 1/8 more, a multiple of 2 MiB), 2 MiB
// aligned and advised onto transparent huge pages, with unspecified contents; aborts when the
// system is out of memory.
void* allocate(size_t bytes);
// Returns a block from allocate(bytes') with the same `bytes'`.
void deallocate(void* p, size_t bytes);

// Frees every kept block (for measurements that want a cold start).
void release();

struct Stats {
  size_t in_use = 0, kept = 0;  // bytes
  size_t high_water = 0;        // the largest in_use + kept so far
  size_t peak_in_use = 0;       // the largest in_use since the last reset_peak()
  size_t hits = 0, misses = 0;  // requests served by a kept block of their size, or not
  size_t moved = 0;             // bytes of kept pieces moved into the blocks of misses
};
Stats stats();
// Sets peak_in_use to the current in_use (to measure the peak of one phase).
void reset_peak();

}  // namespace goldfinch::block_cache
