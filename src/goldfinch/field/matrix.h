// Row-major matrices of field elements: the layout every kernel (LDE, row hashing, Merkle
// commitment, later quotient evaluation) exchanges. Row i is data[i*width .. (i+1)*width).
// Row-major lets the NTT run its butterflies over whole rows (SIMD across columns) and lets the
// Merkle tree hash each row as one contiguous leaf.
#pragma once

#include <cstddef>
#include <cstdint>
#if defined(__linux__)
#include <sys/mman.h>
#endif
#include <span>
#include <type_traits>
#include <vector>

#include "goldfinch/base/check.h"
#include "goldfinch/field/goldilocks.h"

namespace goldfinch {

template <class T>
struct MatrixViewT {
  T* data = nullptr;
  size_t height = 0;
  size_t width = 0;

  constexpr MatrixViewT() = default;
  constexpr MatrixViewT(T* d, size_t h, size_t w) : data(d), height(h), width(w) {}
  // A mutable view converts to a read-only one.
  template <class U>
    requires(std::is_same_v<const U, T> && !std::is_same_v<U, T>)
  constexpr MatrixViewT(const MatrixViewT<U>& o) : data(o.data), height(o.height), width(o.width) {}  // NOLINT

  std::span<T> row(size_t i) const { return {data + i * width, width}; }
  T& at(size_t r, size_t c) const { return data[r * width + c]; }
  size_t size() const { return height * width; }
};

using MatrixView = MatrixViewT<Fp>;
using ConstMatrixView = MatrixViewT<const Fp>;

// Marks the 2 MiB-aligned interior of [p, p + bytes) for transparent huge pages (a hint).
inline void advise_huge_pages(void* p, size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr uintptr_t kHuge = uintptr_t{2} << 20;
  const auto begin = reinterpret_cast<uintptr_t>(p);
  const uintptr_t first = (begin + kHuge - 1) & ~(kHuge - 1);
  const uintptr_t last = (begin + bytes) & ~(kHuge - 1);
  if (last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
#else
  (void)p;
  (void)bytes;
#endif
}

class RowMajorMatrix {
 public:
  RowMajorMatrix() = default;
  // A zeroed height x width matrix. Large buffers are advised onto transparent huge pages
  // (Linux, THP in madvise mode): first touch then costs one page fault per 2 MiB instead of one
  // per 4 KiB, which on our VMs was a fifth of the prover's time.
  RowMajorMatrix(size_t height, size_t width) : height_(height), width_(width) {
    data_.reserve(height * width);
    advise_huge_pages(data_.data(), height * width * sizeof(Fp));
    data_.resize(height * width);
  }
  RowMajorMatrix(std::vector<Fp> data, size_t width)
      : data_(std::move(data)), height_(width ? data_.size() / width : 0), width_(width) {
    GF_CHECK(width == 0 || data_.size() % width == 0, "matrix data is not a whole number of rows");
  }

  size_t height() const { return height_; }
  size_t width() const { return width_; }
  std::span<Fp> row(size_t i) { return {data_.data() + i * width_, width_}; }
  std::span<const Fp> row(size_t i) const { return {data_.data() + i * width_, width_}; }
  Fp& at(size_t r, size_t c) { return data_[r * width_ + c]; }
  const Fp& at(size_t r, size_t c) const { return data_[r * width_ + c]; }
  std::vector<Fp>& data() { return data_; }
  const std::vector<Fp>& data() const { return data_; }
  MatrixView view() { return {data_.data(), height_, width_}; }
  ConstMatrixView view() const { return {data_.data(), height_, width_}; }

 private:
  std::vector<Fp> data_;
  size_t height_ = 0;
  size_t width_ = 0;
};

}  // namespace goldfinch
