// An allocator for large prover buffers (Merkle layers): blocks of 2 MiB and more are 2 MiB
// aligned and marked MADV_HUGEPAGE, so first touch costs one fault per 2 MiB instead of one per
// 4 KiB. On our VMs a 32 MiB layer took 30-180 ms to fault in with 4 KiB pages and 3.5 ms with
// huge pages (THP is in "madvise" mode on Debian 12). Small blocks use operator new.
// A candidate for base/ (the NTT's matrices would gain the same way).
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>

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
    const size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
    void* p = std::aligned_alloc(kHugePage, rounded);
    if (!p) throw std::bad_alloc();
    madvise(p, rounded, MADV_HUGEPAGE);  // advisory: failure only costs speed
    return static_cast<T*>(p);
  }

  void deallocate(T* p, size_t n) {
    if (n * sizeof(T) < kHugePage) {
      ::operator delete(p);
    } else {
      std::free(p);
    }
  }

  template <class U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }
};

}  // namespace goldfinch::merkle
