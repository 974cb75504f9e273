#include "goldfinch/vm/memory.h"

#include <sys/mman.h>

#include <algorithm>

namespace goldfinch::vm {
namespace {

constexpr uint32_t kRamPages = kRamEnd >> kPageBits;
alignas(64) const Page kZeroPage{};

std::shared_ptr<const MemoryLayout> make_layout(const ElfImage& image, std::span<const uint8_t> payload) {
  GF_CHECK(payload.size() <= kMaxInputPayload, "input payload above the input region size");
  auto layout = std::make_shared<MemoryLayout>();
  layout->kinds.assign(kNumPages, PageKind::kUnmapped);
  for (uint32_t p = kRamBase >> kPageBits; p < kRamPages; ++p) layout->kinds[p] = PageKind::kWritable;
  for (uint32_t p = kRamPages; p < kNumPages; ++p) layout->kinds[p] = PageKind::kReadOnly;
  for (const Segment& s : image.segments) {
    if (s.writable || s.memsz == 0) continue;
    const uint32_t begin = s.vaddr, end = s.vaddr + s.memsz;
    layout->read_only.emplace_back(begin, end);
    for (uint32_t p = begin >> kPageBits; p <= (end - 1) >> kPageBits; ++p) {
      const uint32_t page_begin = p << kPageBits, page_end = page_begin + kPageSize;
      const bool whole = begin <= page_begin && end >= page_end;
      // Segments do not overlap, so a page is touched by a read-only segment either entirely
      // (kReadOnly) or in part (kMixed; several pieces also stay kMixed, checked per byte).
      layout->kinds[p] = whole ? PageKind::kReadOnly : PageKind::kMixed;
    }
  }
  const uint64_t input_bytes = kInputHeaderSize + payload.size();
  layout->input.assign((input_bytes + kPageSize - 1) / kPageSize * kPageSize, 0);
  const uint32_t header[4] = {kInputMagic, kInputVersion, static_cast<uint32_t>(payload.size()), 0};
  std::memcpy(layout->input.data(), header, sizeof(header));
  if (!payload.empty()) std::memcpy(layout->input.data() + kInputHeaderSize, payload.data(), payload.size());
  return layout;
}

}  // namespace

template <class T>
ZeroTable<T>::ZeroTable(size_t n) : n_(n) {
  void* p = mmap(nullptr, n * sizeof(T), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  GF_CHECK(p != MAP_FAILED, "mmap of a page table failed");
  data_ = static_cast<T*>(p);
}

template <class T>
ZeroTable<T>::~ZeroTable() {
  if (data_) munmap(data_, n_ * sizeof(T));
}

template class ZeroTable<const uint8_t*>;
template class ZeroTable<uint8_t*>;

Memory::Memory(const ElfImage& image, std::span<const uint8_t> input_payload)
    : Memory(make_layout(image, input_payload), MemorySnapshot{}) {
  for (const Segment& s : image.segments) {
    for (size_t i = 0; i < s.data.size();) {
      const uint32_t addr = s.vaddr + static_cast<uint32_t>(i);
      uint8_t* page = own_page(addr >> kPageBits);
      const size_t n = std::min<size_t>(s.data.size() - i, kPageSize - (addr & (kPageSize - 1)));
      std::memcpy(page + (addr & (kPageSize - 1)), s.data.data() + i, n);
      i += n;
    }
  }
}

Memory::Memory(std::shared_ptr<const MemoryLayout> layout, const MemorySnapshot& snapshot)
    : layout_(std::move(layout)), read_(kNumPages), write_(kNumPages) {
  pages_.reserve(snapshot.pages.size());
  for (const auto& [p, page] : snapshot.pages) {
    pages_[p] = page;
    read_[p] = page->data();
    populated_.push_back(p);
  }
}

const uint8_t* Memory::fill_read(uint32_t addr) const {
  if (addr >= kAddressTop) return nullptr;
  const uint32_t p = addr >> kPageBits;
  if (read_[p] != nullptr) return read_[p];
  const MemoryLayout& l = *layout_;
  if (l.kinds[p] == PageKind::kUnmapped) return nullptr;
  if (p < kRamPages) {
    read_[p] = kZeroPage.data();  // pages with data were installed by own_page
  } else {
    const size_t off = size_t{p - kRamPages} << kPageBits;
    read_[p] = off < l.input.size() ? l.input.data() + off : kZeroPage.data();
  }
  return read_[p];
}

MemorySnapshot Memory::snapshot() {
  MemorySnapshot s;
  s.pages.reserve(populated_.size());
  for (uint32_t p : populated_) {
    s.pages.emplace_back(p, pages_.at(p));
    write_[p] = nullptr;
  }
  std::sort(s.pages.begin(), s.pages.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return s;
}

uint8_t* Memory::own_page(uint32_t p) {
  std::shared_ptr<Page>& slot = pages_[p];
  if (!slot) {
    slot = std::make_shared<Page>();
    slot->fill(0);
    populated_.push_back(p);
  } else if (slot.use_count() > 1) {
    slot = std::make_shared<Page>(*slot);  // copy on write
  }
  uint8_t* data = slot->data();
  read_[p] = data;
  if (layout_->kinds[p] == PageKind::kWritable) write_[p] = data;
  return data;
}

bool Memory::byte_read_only(uint32_t addr) const {
  for (const auto& [b, e] : layout_->read_only)
    if (addr >= b && addr < e) return true;
  return false;
}

StoreStatus Memory::store_slow(uint32_t addr, uint32_t size, uint32_t value) {
  if (addr >= kAddressTop) return StoreStatus::kUnmapped;
  const uint32_t p = addr >> kPageBits;
  switch (layout_->kinds[p]) {
    case PageKind::kUnmapped: return StoreStatus::kUnmapped;
    case PageKind::kReadOnly: return StoreStatus::kReadOnly;
    case PageKind::kMixed:
      for (uint32_t i = 0; i < size; ++i)
        if (byte_read_only(addr + i)) return StoreStatus::kReadOnly;
      break;
    case PageKind::kWritable: break;
  }
  uint8_t* page = own_page(p);
  std::memcpy(page + (addr & (kPageSize - 1)), &value, size);  // little-endian host
  return StoreStatus::kOk;
}

bool Memory::read_bytes(uint32_t addr, uint32_t len, uint8_t* out) const {
  for (uint32_t i = 0; i < len;) {
    const uint64_t a = uint64_t{addr} + i;
    if (a >= kAddressTop) return false;
    const uint8_t* p = read_ptr(static_cast<uint32_t>(a));
    if (!p) return false;
    const uint32_t n = std::min<uint32_t>(len - i, kPageSize - (static_cast<uint32_t>(a) & (kPageSize - 1)));
    std::memcpy(out + i, p, n);
    i += n;
  }
  return true;
}

StoreStatus Memory::write_bytes(uint32_t addr, std::span<const uint8_t> bytes) {
  // Check every byte first so a failing call leaves memory unchanged.
  for (size_t i = 0; i < bytes.size(); ++i) {
    const uint64_t a = uint64_t{addr} + i;
    if (a >= kAddressTop) return StoreStatus::kUnmapped;
    const PageKind k = layout_->kinds[a >> kPageBits];
    if (k == PageKind::kUnmapped) return StoreStatus::kUnmapped;
    if (k == PageKind::kReadOnly) return StoreStatus::kReadOnly;
    if (k == PageKind::kMixed && byte_read_only(static_cast<uint32_t>(a))) return StoreStatus::kReadOnly;
  }
  for (size_t i = 0; i < bytes.size();) {
    const uint32_t a = addr + static_cast<uint32_t>(i);
    uint8_t* page = own_page(a >> kPageBits);
    const size_t n = std::min<size_t>(bytes.size() - i, kPageSize - (a & (kPageSize - 1)));
    std::memcpy(page + (a & (kPageSize - 1)), bytes.data() + i, n);
    i += n;
  }
  return StoreStatus::kOk;
}

}  // namespace goldfinch::vm
