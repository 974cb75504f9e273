// An allocator for large prover buffers (Merkle layers): blocks of 2 MiB and more come from
// base/block_cache.h, 2 MiB aligned and marked MADV_HUGEPAGE, so first touch costs one fault per
// 2 MiB instead of one per 4 KiB, and a freed layer is reused by the next tree of its size. On our
// VMs a 32 MiB layer took 30-180 ms to fault in with 4 KiB pages and 3.5 ms with huge pages (THP is
// in "madvise" mode on Debian 12). Small blocks use operator new. Prover side (Linux) only.
#pragma once

#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

#include "goldfinch/base/block_cache.h"

namespace goldfinch::merkle {

template <class T>
struct HugePageAllocator {
  using value_type = T;
  static constexpr size_t kHugePage = size_t{2} << 20;

  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) {}  // NOLINT: allocator rebinding

  T* allocate(size_t n) {
    const size_t bytes = n * sizeof(T);
    if (bytes < kHugePage) return static_cast<T*>(::operator new(bytes));
    return static_cast<T*>(block_cache::allocate(bytes));
  }

  void deallocate(T* p, size_t n) {
    if (const size_t bytes = n * sizeof(T); bytes < kHugePage) {
      ::operator delete(p);
    } else {
      block_cache::deallocate(p, bytes);
    }
  }

  // Value-less construction (vector(n), resize(n)) leaves digests uninitialized: every layer is
  // written entirely by the hashing kernels, and zero-filling it first was ~5% of the prover.
  template <class U>
  void construct(U*) noexcept {
    static_assert(std::is_trivially_copyable_v<U>);
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }

  template <class U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }
};

}  // namespace goldfinch::merkle
