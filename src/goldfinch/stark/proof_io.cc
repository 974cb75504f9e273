#include "goldfinch/stark/proof_io.h"

#include <bit>
#include <cstring>

#include "goldfinch/base/check.h"

namespace goldfinch::stark {

void ProofWriter::begin(uint32_t tag, uint32_t count) {
  GF_CHECK(!open_, "proof section already open");
  pad_to(kSectionAlign);
  section_start_ = bytes_.size();
  put_u32(tag);
  put_u32(count);
  put_u64(0);  // length, patched in end()
  open_ = true;
}

void ProofWriter::end() {
  GF_CHECK(open_, "no proof section open");
  const uint64_t len = bytes_.size() - section_start_ - kSectionAlign;
  for (int i = 0; i < 8; ++i) bytes_[section_start_ + 8 + i] = static_cast<uint8_t>(len >> (8 * i));
  pad_to(kSectionAlign);
  open_ = false;
}

Error SectionReader::read_fp(Fp* v) {
  uint64_t x;
  if (Error e = read_u64(&x); !e.ok()) return e;
  if (x >= Fp::kModulus) return {ErrorCode::kNonCanonical, "non-canonical field element in proof", Fp::kModulus - 1, x};
  *v = Fp::from_canonical(x);
  return Error::none();
}

Error SectionReader::read_ext(Fp3* v) {
  for (size_t i = 0; i < 3; ++i)
    if (Error e = read_fp(&(*v)[i]); !e.ok()) return e;
  return Error::none();
}

Error SectionReader::read_fps(size_t count, std::span<const Fp>* out) {
  if (count > remaining() / 8) return {ErrorCode::kTruncated, "proof section too short for field elements", count * 8, remaining()};
  const uint8_t* at = p_ + pos_;
  if (reinterpret_cast<uintptr_t>(at) % alignof(Fp) != 0)
    return {ErrorCode::kInvalidArgument, "field elements not 8-byte aligned in proof", 0, pos_};
  const Fp* elems = reinterpret_cast<const Fp*>(at);
  // x >= p = 2^64 - 2^32 + 1 exactly when the high word is 2^32 - 1 and the low word is not 0: one
  // word compare per element on the 32-bit guest, where a u64 compare costs several.
  const uint32_t* words = reinterpret_cast<const uint32_t*>(at);
  constexpr size_t kLo = std::endian::native == std::endian::little ? 0 : 1;
  for (size_t i = 0; i < count; ++i) {
    if (words[2 * i + 1 - kLo] == 0xFFFFFFFFu && words[2 * i + kLo] != 0) {
      uint64_t x;
      std::memcpy(&x, at + 8 * i, 8);
      return {ErrorCode::kNonCanonical, "non-canonical field element in proof", Fp::kModulus - 1, x};
    }
  }
  *out = {elems, count};
  pos_ += 8 * count;
  return Error::none();
}

Error SectionReader::read_digests(size_t count, std::span<const hash::Digest>* out) {
  if (count > remaining() / hash::Digest::kBytes)
    return {ErrorCode::kTruncated, "proof section too short for digests", count * hash::Digest::kBytes, remaining()};
  if (reinterpret_cast<uintptr_t>(p_ + pos_) % alignof(hash::Digest) != 0)
    return {ErrorCode::kInvalidArgument, "digests not aligned in proof", 0, pos_};
  *out = {reinterpret_cast<const hash::Digest*>(p_ + pos_), count};  // Digest is 32 plain bytes
  pos_ += hash::Digest::kBytes * count;
  return Error::none();
}

Error SectionReader::read_digest(hash::Digest* out) {
  if (remaining() < hash::Digest::kBytes) return {ErrorCode::kTruncated, "proof section too short for a digest", 32, remaining()};
  std::memcpy(out->bytes.data(), p_ + pos_, hash::Digest::kBytes);
  pos_ += hash::Digest::kBytes;
  return Error::none();
}

Error SectionReader::skip_padding(size_t align) {
  while (pos_ % align) {
    uint8_t b;
    if (Error e = read_u8(&b); !e.ok()) return e;
    if (b != 0) return {ErrorCode::kInvalidArgument, "non-zero padding byte in proof", 0, b};
  }
  return Error::none();
}

Error SectionReader::finish() const {
  if (pos_ != n_) return {ErrorCode::kTrailingBytes, "unread bytes at the end of a proof section", pos_, n_};
  return Error::none();
}

Error ProofReader::check_alignment() const {
  if (reinterpret_cast<uintptr_t>(bytes_.data()) % kSectionAlign != 0)
    return {ErrorCode::kInvalidArgument, "proof buffer is not 16-byte aligned", 0,
            reinterpret_cast<uintptr_t>(bytes_.data()) % kSectionAlign};
  return Error::none();
}

Error ProofReader::next(uint32_t tag, SectionReader* out, int64_t expected_count) {
  if (bytes_.size() - pos_ < kSectionAlign)
    return {ErrorCode::kTruncated, "proof ends before an expected section", tag, bytes_.size() - pos_};
  const uint8_t* h = bytes_.data() + pos_;
  uint32_t got_tag = 0, count = 0;
  uint64_t len = 0;
  for (int i = 0; i < 4; ++i) got_tag |= static_cast<uint32_t>(h[i]) << (8 * i);
  for (int i = 0; i < 4; ++i) count |= static_cast<uint32_t>(h[4 + i]) << (8 * i);
  for (int i = 0; i < 8; ++i) len |= static_cast<uint64_t>(h[8 + i]) << (8 * i);
  if (got_tag != tag) return {ErrorCode::kMismatch, "unexpected proof section tag", tag, got_tag};
  if (expected_count >= 0 && count != static_cast<uint64_t>(expected_count))
    return {ErrorCode::kMismatch, "unexpected proof section count", static_cast<uint64_t>(expected_count), count};
  const size_t avail = bytes_.size() - pos_ - kSectionAlign;
  if (len > avail) return {ErrorCode::kTruncated, "proof section longer than the proof", len, avail};
  const size_t padded = (len + kSectionAlign - 1) / kSectionAlign * kSectionAlign;
  if (padded > avail) return {ErrorCode::kTruncated, "proof section padding missing", padded, avail};
  for (size_t i = len; i < padded; ++i)
    if (h[kSectionAlign + i] != 0) return {ErrorCode::kInvalidArgument, "non-zero section padding in proof", 0, h[kSectionAlign + i]};
  *out = SectionReader(h + kSectionAlign, len, got_tag, count);
  pos_ += kSectionAlign + padded;
  return Error::none();
}

Error ProofReader::finish() const {
  if (pos_ != bytes_.size()) return {ErrorCode::kTrailingBytes, "bytes after the last proof section", pos_, bytes_.size()};
  return Error::none();
}

}  // namespace goldfinch::stark
