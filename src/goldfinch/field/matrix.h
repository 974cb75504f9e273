// Row-major matrices of field elements: the layout every kernel (LDE, row hashing, Merkle
// commitment, later quotient evaluation) exchanges. Row i is data[i*width .. (i+1)*width).
// Row-major lets the NTT run its butterflies over whole rows (SIMD across columns) and lets the
// Merkle tree hash each row as one contiguous leaf.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

#include "goldfinch/base/check.h"
#if defined(__linux__)
#include "goldfinch/base/block_cache.h"
#endif
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

// The allocator of matrix storage. Blocks of 2 MiB and more come from base/block_cache.h (Linux):
// 2 MiB-aligned and advised onto transparent huge pages (THP in madvise mode), so first touch costs
// one page fault per 2 MiB instead of one per 4 KiB, and a freed block is reused, already resident,
// by the next matrix of its size (the same tables' buffers in the next shard or phase).
// Value-less construction (what resize(n) does) leaves elements uninitialized, so a buffer that a
// kernel overwrites entirely is not zeroed first: the zero-fill ran on one thread and, faulting
// every page in, was a fifth of the prover's time.
template <class T>
struct MatrixAllocator {
  using value_type = T;
  static constexpr size_t kHugePage = size_t{2} << 20;

  MatrixAllocator() = default;
  template <class U>
  MatrixAllocator(const MatrixAllocator<U>&) {}  // NOLINT: allocator rebinding

  T* allocate(size_t n) {
#if defined(__linux__)
    if (const size_t bytes = n * sizeof(T); bytes >= kHugePage) return static_cast<T*>(block_cache::allocate(bytes));
#endif
    return std::allocator<T>().allocate(n);
  }
  void deallocate(T* p, size_t n) {
#if defined(__linux__)
    if (const size_t bytes = n * sizeof(T); bytes >= kHugePage) {
      block_cache::deallocate(p, bytes);
      return;
    }
#endif
    std::allocator<T>().deallocate(p, n);
  }
  template <class U>
  void construct(U*) noexcept {
    static_assert(std::is_trivially_copyable_v<U>);
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
  template <class U>
  bool operator==(const MatrixAllocator<U>&) const {
    return true;
  }
};

using FpBuffer = std::vector<Fp, MatrixAllocator<Fp>>;

class RowMajorMatrix {
 public:
  RowMajorMatrix() = default;
  // A zeroed height x width matrix.
  RowMajorMatrix(size_t height, size_t width) : height_(height), width_(width) {
    data_.resize(height * width, Fp::zero());
  }
  RowMajorMatrix(FpBuffer data, size_t width)
      : data_(std::move(data)), height_(width ? data_.size() / width : 0), width_(width) {
    GF_CHECK(width == 0 || data_.size() % width == 0, "matrix data is not a whole number of rows");
  }
  RowMajorMatrix(const std::vector<Fp>& data, size_t width)
      : RowMajorMatrix(FpBuffer(data.begin(), data.end()), width) {}

  // A height x width matrix whose elements are left uninitialized: for buffers that are
  // overwritten entirely (extensions, quotients, LogUp traces). Reading an element before
  // writing it is a bug.
  static RowMajorMatrix uninitialized(size_t height, size_t width) {
    RowMajorMatrix m;
    m.height_ = height;
    m.width_ = width;
    m.data_.resize(height * width);
    return m;
  }

  size_t height() const { return height_; }
  size_t width() const { return width_; }
  std::span<Fp> row(size_t i) { return {data_.data() + i * width_, width_}; }
  std::span<const Fp> row(size_t i) const { return {data_.data() + i * width_, width_}; }
  Fp& at(size_t r, size_t c) { return data_[r * width_ + c]; }
  const Fp& at(size_t r, size_t c) const { return data_[r * width_ + c]; }
  FpBuffer& data() { return data_; }
  const FpBuffer& data() const { return data_; }
  MatrixView view() { return {data_.data(), height_, width_}; }
  ConstMatrixView view() const { return {data_.data(), height_, width_}; }

 private:
  FpBuffer data_;
  size_t height_ = 0;
  size_t width_ = 0;
};

}  // namespace goldfinch
