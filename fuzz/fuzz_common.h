// Helpers shared by the fuzz targets: an exactly-sized 16-byte aligned copy of the input (so
// AddressSanitizer catches a read one byte past the end) and an invariant check that aborts with
// a message (libFuzzer then saves the input as a crash).
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <span>

namespace goldfinch::fuzz {

#define GF_FUZZ_ASSERT(cond, msg)                                                     \
  do {                                                                                \
    if (!(cond)) {                                                                    \
      std::fprintf(stderr, "fuzz invariant violated at %s:%d: %s\n", __FILE__, __LINE__, msg); \
      std::abort();                                                                   \
    }                                                                                 \
  } while (0)

class AlignedCopy {
 public:
  // offset 0 gives a 16-byte aligned span; offset 1..15 a deliberately misaligned one.
  AlignedCopy(const uint8_t* data, size_t size, size_t offset = 0)
      : base_(static_cast<uint8_t*>(::operator new[](size + offset, std::align_val_t{16}))), size_(size), offset_(offset) {
    if (size) std::memcpy(base_ + offset, data, size);
  }
  ~AlignedCopy() { ::operator delete[](base_, std::align_val_t{16}); }
  AlignedCopy(const AlignedCopy&) = delete;
  AlignedCopy& operator=(const AlignedCopy&) = delete;
  std::span<const uint8_t> span() const { return {base_ + offset_, size_}; }
  bool contains(const void* p, size_t n) const {
    const auto* b = static_cast<const uint8_t*>(p);
    return b >= base_ + offset_ && n <= size_ && b - (base_ + offset_) <= static_cast<ptrdiff_t>(size_ - n);
  }

 private:
  uint8_t* base_;
  size_t size_, offset_;
};

}  // namespace goldfinch::fuzz
