// A vector that keeps its first N elements inside itself and goes to the heap only past N. For
// the many short lists built once per verification (a linear combination's terms: most have one
// or two), where a heap call per list costs the in-VM verifier more than the list itself.
// Holds only types that are trivially copy-constructible and trivially destructible, so elements
// are copied as bytes and never destroyed.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <new>
#include <type_traits>

#include "goldfinch/base/check.h"

namespace goldfinch {

template <class T, size_t N>
class SmallVector {
  static_assert(N > 0, "an inline capacity of at least one element");
  static_assert(std::is_trivially_copy_constructible_v<T> && std::is_trivially_destructible_v<T>,
                "elements are copied as bytes and never destroyed");

 public:
  using value_type = T;
  using size_type = size_t;
  using iterator = T*;
  using const_iterator = const T*;
  static constexpr size_t kInlineCapacity = N;

  SmallVector() = default;
  SmallVector(std::initializer_list<T> init) { append(init.begin(), init.size()); }
  SmallVector(const SmallVector& o) { append(o.data(), o.size()); }
  SmallVector(SmallVector&& o) noexcept { take(o); }
  ~SmallVector() { release(); }

  SmallVector& operator=(const SmallVector& o) {
    if (this != &o) {
      size_ = 0;
      append(o.data(), o.size());
    }
    return *this;
  }
  SmallVector& operator=(SmallVector&& o) noexcept {
    if (this != &o) {
      release();
      take(o);
    }
    return *this;
  }
  SmallVector& operator=(std::initializer_list<T> init) {
    size_ = 0;
    append(init.begin(), init.size());
    return *this;
  }

  T* data() { return data_; }
  const T* data() const { return data_; }
  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }
  bool empty() const { return size_ == 0; }
  // Whether the elements are in the inline buffer (no heap block held).
  bool is_inline() const { return data_ == inline_data(); }

  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }

  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  T& back() { return data_[size_ - 1]; }
  const T& back() const { return data_[size_ - 1]; }

  void reserve(size_t n) {
    if (n > capacity_) grow_to(n);
  }
  void clear() { size_ = 0; }
  void push_back(const T& v) {
    if (size_ == capacity_) {
      const T copy = v;  // v may be an element of this vector
      grow_to(2 * size_t{size_} + 1);
      ::new (static_cast<void*>(data_ + size_++)) T(copy);
      return;
    }
    ::new (static_cast<void*>(data_ + size_++)) T(v);
  }
  template <class... Args>
  T& emplace_back(Args&&... args) {
    push_back(T(std::forward<Args>(args)...));
    return back();
  }

  friend bool operator==(const SmallVector& a, const SmallVector& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
  }

 private:
  T* inline_data() { return reinterpret_cast<T*>(inline_); }
  const T* inline_data() const { return reinterpret_cast<const T*>(inline_); }

  // Appends n elements from p, which must not point into this vector.
  void append(const T* p, size_t n) {
    if (size_ + n > capacity_) grow_to(size_ + n);
    std::uninitialized_copy_n(p, n, data_ + size_);
    size_ += static_cast<uint32_t>(n);
  }
  void grow_to(size_t n) {
    GF_CHECK(n <= UINT32_MAX, "SmallVector capacity");
    T* fresh = std::allocator<T>().allocate(n);
    std::uninitialized_copy_n(data_, size_, fresh);
    release();
    data_ = fresh;
    capacity_ = static_cast<uint32_t>(n);
  }
  void release() {
    if (!is_inline()) std::allocator<T>().deallocate(data_, capacity_);
    data_ = inline_data();
    capacity_ = N;
  }
  // Leaves o empty (inline); its heap block, if any, becomes this one's.
  void take(SmallVector& o) {
    if (o.is_inline()) {
      std::uninitialized_copy_n(o.data_, o.size_, inline_data());
      data_ = inline_data();
      capacity_ = N;
    } else {
      data_ = o.data_;
      capacity_ = o.capacity_;
      o.data_ = o.inline_data();
      o.capacity_ = N;
    }
    size_ = o.size_;
    o.size_ = 0;
  }

  T* data_ = inline_data();
  uint32_t size_ = 0;
  uint32_t capacity_ = N;
  alignas(T) unsigned char inline_[N * sizeof(T)];
};

}  // namespace goldfinch
