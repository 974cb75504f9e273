// Guest memory: sparse, page-granular (4 KiB) and copy-on-write. Pages are allocated on first
// write and shared between a machine and its checkpoints (shared_ptr); a write to a shared page
// copies it first. Two flat tables give the executor one-load fast paths for loads and stores.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

#include "goldfinch/base/check.h"
#include "goldfinch/vm/elf.h"
#include "goldfinch/vm/memory_map.h"

namespace goldfinch::vm {

using Page = std::array<uint8_t, kPageSize>;

enum class PageKind : uint8_t {
  kUnmapped,  // null guard
  kWritable,  // plain RAM or a writable segment
  kReadOnly,  // only bytes of non-writable segments, or the input region
  kMixed,     // part read-only segment, part RAM: stores check the byte ranges
};

enum class StoreStatus : uint8_t { kOk, kUnmapped, kReadOnly };

// A zero-filled array of n pointers obtained from mmap: the kernel maps zero pages lazily, so
// creating a memory (or resuming a checkpoint) does not touch its 1.5 MiB page tables.
template <class T>
class ZeroTable {
 public:
  explicit ZeroTable(size_t n);
  ~ZeroTable();
  ZeroTable(ZeroTable&& o) noexcept : data_(o.data_), n_(o.n_) { o.data_ = nullptr; }
  ZeroTable& operator=(ZeroTable&& o) noexcept {
    std::swap(data_, o.data_);
    std::swap(n_, o.n_);
    return *this;
  }
  ZeroTable(const ZeroTable&) = delete;
  ZeroTable& operator=(const ZeroTable&) = delete;
  T* data() const { return data_; }
  T& operator[](size_t i) const { return data_[i]; }

 private:
  T* data_ = nullptr;
  size_t n_ = 0;
};

// The parts of memory fixed at load time and shared by a machine and all its checkpoints.
struct MemoryLayout {
  std::vector<PageKind> kinds;                           // kNumPages entries
  std::vector<std::pair<uint32_t, uint32_t>> read_only;  // [begin, end) of non-writable segments
  std::vector<uint8_t> input;  // input region image: header + payload, padded to whole pages
};

// The data pages of a memory at one moment; cheap to take (shared pages, no byte copies).
struct MemorySnapshot {
  std::vector<std::pair<uint32_t, std::shared_ptr<Page>>> pages;  // sorted by page number
};

class Memory {
 public:
  // Lays out segments and the input payload (the payload is copied into the input region).
  Memory(const ElfImage& image, std::span<const uint8_t> input_payload);
  Memory(std::shared_ptr<const MemoryLayout> layout, const MemorySnapshot& snapshot);
  Memory(const Memory&) = delete;
  Memory& operator=(const Memory&) = delete;
  Memory(Memory&&) = default;
  Memory& operator=(Memory&&) = default;

  MemorySnapshot snapshot();  // marks every page shared: the next write to it copies
  const std::shared_ptr<const MemoryLayout>& layout() const { return layout_; }

  // Page tables for the executor's fast paths, filled lazily: read_table()[addr >> 12] is the
  // page's bytes, or null when the page is unmapped or not looked at yet (then call
  // fill_read); write_table()[addr >> 12] is null where a store must take store_slow().
  const uint8_t* const* read_table() const { return read_.data(); }
  uint8_t* const* write_table() const { return write_.data(); }

  // The bytes of the page holding addr (installing it in the read table), null if unmapped.
  const uint8_t* fill_read(uint32_t addr) const;

  GF_INLINE const uint8_t* read_ptr(uint32_t addr) const {
    if (addr >= kAddressTop) return nullptr;
    const uint8_t* p = read_[addr >> kPageBits];
    if (p == nullptr && (p = fill_read(addr)) == nullptr) return nullptr;
    return p + (addr & (kPageSize - 1));
  }

  // A naturally aligned store of `size` bytes (1, 2, 4) that missed the write fast path.
  StoreStatus store_slow(uint32_t addr, uint32_t size, uint32_t value);
  // Aligned 32-bit word at addr & ~3, or 0 if unmapped (used for trace records).
  GF_INLINE uint32_t peek_word(uint32_t addr) const {
    const uint8_t* p = read_ptr(addr & ~3u);
    uint32_t v = 0;
    if (p) std::memcpy(&v, p, 4);
    return v;
  }

  // Byte-range helpers for system calls. Return false / a status on the first bad byte.
  bool read_bytes(uint32_t addr, uint32_t len, uint8_t* out) const;
  StoreStatus write_bytes(uint32_t addr, std::span<const uint8_t> bytes);

  size_t resident_pages() const { return populated_.size(); }

 private:
  uint8_t* own_page(uint32_t page);  // makes `page` private to this memory and returns it
  bool byte_read_only(uint32_t addr) const;

  std::shared_ptr<const MemoryLayout> layout_;
  ZeroTable<const uint8_t*> read_;  // filled lazily by fill_read and own_page
  ZeroTable<uint8_t*> write_;
  std::unordered_map<uint32_t, std::shared_ptr<Page>> pages_;  // RAM pages with data
  std::vector<uint32_t> populated_;  // page numbers in pages_, in insertion order
};

}  // namespace goldfinch::vm
