// The byte layer of the proof format (docs/proof_format.md): a proof is a sequence of sections,
// each starting on a 16-byte boundary with a 16-byte header {u32 tag, u32 count, u64 length}
// followed by `length` payload bytes and zero padding to the next boundary. The writer builds it;
// the reader walks it in place — every tag, count, length and padding byte is checked before the
// payload is used, field elements are rejected unless canonical, and nothing is copied: spans of
// elements and digests point into the caller's buffer (which must be 16-byte aligned).
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "goldfinch/base/error.h"
#include "goldfinch/field/ext3.h"
#include "goldfinch/hash/digest.h"

namespace goldfinch::stark {

inline constexpr size_t kSectionAlign = 16;

class ProofWriter {
 public:
  void begin(uint32_t tag, uint32_t count);
  void end();
  void reserve(size_t n) { bytes_.reserve(n); }
  void put_u8(uint8_t v) { bytes_.push_back(v); }
  void put_u16(uint16_t v) { put_le(v, 2); }
  void put_u32(uint32_t v) { put_le(v, 4); }
  void put_u64(uint64_t v) { put_le(v, 8); }
  void put_fp(Fp v) { put_u64(v.value()); }
  void put_fps(std::span<const Fp> v) {
    for (Fp x : v) put_fp(x);
  }
  void put_ext(const Fp3& v) {
    for (size_t i = 0; i < 3; ++i) put_fp(v[i]);
  }
  void put_digest(const hash::Digest& d) { bytes_.insert(bytes_.end(), d.bytes.begin(), d.bytes.end()); }
  void put_bytes(std::span<const uint8_t> b) { bytes_.insert(bytes_.end(), b.begin(), b.end()); }
  void pad_to(size_t align) {
    while (bytes_.size() % align) bytes_.push_back(0);
  }
  std::vector<uint8_t> finish() { return std::move(bytes_); }
  size_t size() const { return bytes_.size(); }

 private:
  void put_le(uint64_t v, int n) {
    const size_t at = bytes_.size();
    bytes_.resize(at + static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) bytes_[at + static_cast<size_t>(i)] = static_cast<uint8_t>(v >> (8 * i));
  }
  std::vector<uint8_t> bytes_;
  size_t section_start_ = 0;
  bool open_ = false;
};

// A section's payload, read front to back. Each read checks the remaining length first.
class SectionReader {
 public:
  SectionReader() = default;
  SectionReader(const uint8_t* p, size_t n, uint32_t tag, uint32_t count) : p_(p), n_(n), tag_(tag), count_(count) {}

  uint32_t tag() const { return tag_; }
  uint32_t count() const { return count_; }
  size_t remaining() const { return n_ - pos_; }

  Error read_u8(uint8_t* v) { return read_le(v, 1); }
  Error read_u16(uint16_t* v) { return read_le(v, 2); }
  Error read_u32(uint32_t* v) { return read_le(v, 4); }
  Error read_u64(uint64_t* v) { return read_le(v, 8); }
  Error read_fp(Fp* v);
  Error read_ext(Fp3* v);
  // In-place views; the elements are checked canonical. Alignment: payloads start 16-aligned
  // and every multi-element read keeps 8-byte alignment (the format only puts u64-sized items
  // before them); a misaligned position is an error.
  Error read_fps(size_t count, std::span<const Fp>* out);
  Error read_digests(size_t count, std::span<const hash::Digest>* out);
  Error read_digest(hash::Digest* out);
  Error skip_padding(size_t align);  // zero bytes up to the alignment
  // The payload must be fully consumed.
  Error finish() const;

 private:
  template <class T>
  Error read_le(T* v, size_t n) {
    if (remaining() < n) return {ErrorCode::kTruncated, "proof section payload too short", n, remaining()};
    uint64_t x = 0;
    for (size_t i = 0; i < n; ++i) x |= static_cast<uint64_t>(p_[pos_ + i]) << (8 * i);
    *v = static_cast<T>(x);
    pos_ += n;
    return Error::none();
  }
  const uint8_t* p_ = nullptr;
  size_t n_ = 0, pos_ = 0;
  uint32_t tag_ = 0, count_ = 0;
};

// A 16-byte aligned copy of bytes (what the in-place reader needs), for callers whose bytes come
// from a std::vector or a network buffer. Files can instead be read straight into one.
class AlignedBytes {
 public:
  AlignedBytes() = default;
  explicit AlignedBytes(std::span<const uint8_t> bytes) : blocks_((bytes.size() + 15) / 16), size_(bytes.size()) {
    if (!bytes.empty()) std::memcpy(blocks_.data(), bytes.data(), bytes.size());
  }
  std::span<const uint8_t> span() const { return {reinterpret_cast<const uint8_t*>(blocks_.data()), size_}; }
  uint8_t* data() { return reinterpret_cast<uint8_t*>(blocks_.data()); }
  size_t size() const { return size_; }

 private:
  struct alignas(kSectionAlign) Block {
    uint8_t b[kSectionAlign];
  };
  std::vector<Block> blocks_;
  size_t size_ = 0;
};

class ProofReader {
 public:
  explicit ProofReader(std::span<const uint8_t> bytes) : bytes_(bytes) {}
  // Checks the buffer's alignment (the in-place views need it).
  Error check_alignment() const;
  // The next section, which must have tag `tag` (and, when expected_count >= 0, that count).
  Error next(uint32_t tag, SectionReader* out, int64_t expected_count = -1);
  // No bytes may follow the last section.
  Error finish() const;
  size_t offset() const { return pos_; }

 private:
  std::span<const uint8_t> bytes_;
  size_t pos_ = 0;
};

}  // namespace goldfinch::stark
