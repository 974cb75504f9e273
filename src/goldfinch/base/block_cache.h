// A process-wide cache of large, 2 MiB-aligned memory blocks (the prover's matrices: traces,
// extensions, quotients, FRI layers). Every new block costs page faults and the kernel's zeroing of
// each page on first touch, about a sixth of the prover's CPU time when every shard or phase gets
// fresh memory. A freed block is kept and handed out again for a request of the same size class
// (sizes are rounded to one of 8 per power of two), whose pages are then already resident.
//
// The cache never makes the process larger than it has been: blocks are kept only while the
// resident total (blocks in use + blocks kept) stays within the high-water mark of blocks in use;
// a fresh allocation that would pass it first releases kept blocks, largest first. Peak memory is
// therefore what it would be without the cache, and the cache only saves faults.
//
// Linux hosts only (matrix.h calls it behind __linux__); thread-safe.
#pragma once

#include <cstddef>

namespace goldfinch::block_cache {

// A block of at least `bytes` (its size class: at most 1/8 more, a multiple of 2 MiB), 2 MiB-aligned and advised onto transparent
// huge pages; aborts when the system is out of memory.
void* allocate(size_t bytes);
// Returns a block from allocate(bytes') with the same `bytes'`.
void deallocate(void* p, size_t bytes);

// Frees every kept block (for measurements that want a cold start).
void release();

struct Stats {
  size_t in_use = 0, kept = 0, high_water = 0;  // bytes
  size_t hits = 0, misses = 0;
};
Stats stats();

}  // namespace goldfinch::block_cache
