// Receipt encoding and the reader that checks every byte (docs/receipt_format.md).
#include "goldfinch/zkvm/receipt.h"

#include <algorithm>
#include <cstring>

#include "goldfinch/base/bits.h"
#include "goldfinch/base/check.h"
#include "goldfinch/base/le_bytes.h"

namespace goldfinch::zkvm {
namespace {

// Header field offsets (docs/receipt_format.md).
constexpr size_t kOffVersion = 8, kOffShardCount = 12, kOffShardCycles = 16, kOffKeyDigest = 24, kOffTotal = 56;
static_assert(kOffTotal + 8 == kReceiptHeaderBytes);
static_assert(kOffKeyDigest + hash::Digest::kBytes == kOffTotal);

// x rounded up to a multiple of 8; false when that overflows.
bool round_up8(uint64_t x, uint64_t* out) {
  if (x > UINT64_MAX - (kReceiptAlign - 1)) return false;
  *out = (x + kReceiptAlign - 1) & ~uint64_t{kReceiptAlign - 1};
  return true;
}

}  // namespace

bool looks_like_receipt(std::span<const uint8_t> bytes) {
  return bytes.size() >= sizeof(kReceiptMagic) && std::memcmp(bytes.data(), kReceiptMagic, sizeof(kReceiptMagic)) == 0;
}

std::vector<uint8_t> encode_receipt(const ReceiptHeader& header, std::span<const std::vector<uint8_t>> shard_proofs) {
  GF_CHECK(!shard_proofs.empty(), "a receipt holds at least one shard proof");
  GF_CHECK(shard_proofs.size() <= kMaxReceiptShards, "too many shard proofs for a receipt");
  GF_CHECK(is_pow2(header.shard_cycles) && header.shard_cycles <= kMaxReceiptShardCycles,
           "receipt shard cycles must be a power of two no larger than 2^40");
  const size_t n = shard_proofs.size();
  size_t total = kReceiptHeaderBytes + n * kReceiptEntryBytes;
  for (const auto& p : shard_proofs) {
    GF_CHECK(!p.empty(), "a shard proof in a receipt cannot be empty");
    total += (p.size() + kReceiptAlign - 1) & ~(kReceiptAlign - 1);
  }
  std::vector<uint8_t> out(total, 0);  // zero: padding
  uint8_t* h = out.data();
  std::memcpy(h, kReceiptMagic, sizeof(kReceiptMagic));
  store_le(h + kOffVersion, kReceiptVersion, 4);
  store_le(h + kOffShardCount, n, 4);
  store_le(h + kOffShardCycles, header.shard_cycles, 8);
  std::memcpy(h + kOffKeyDigest, header.key_digest.data(), hash::Digest::kBytes);
  store_le(h + kOffTotal, total, 8);
  size_t offset = kReceiptHeaderBytes + n * kReceiptEntryBytes;
  for (size_t k = 0; k < n; ++k) {
    const auto& p = shard_proofs[k];
    uint8_t* e = h + kReceiptHeaderBytes + k * kReceiptEntryBytes;
    store_le(e, offset, 8);
    store_le(e + 8, p.size(), 8);
    std::copy(p.begin(), p.end(), out.begin() + static_cast<std::ptrdiff_t>(offset));
    offset += (p.size() + kReceiptAlign - 1) & ~(kReceiptAlign - 1);
  }
  GF_CHECK(offset == total, "receipt layout arithmetic");
  return out;
}

Result<ReceiptView> read_receipt(std::span<const uint8_t> bytes) {
  const uint8_t* b = bytes.data();
  const uint64_t size = bytes.size();
  if (size < kReceiptHeaderBytes)
    return Error{ErrorCode::kTruncated, "receipt shorter than its 64-byte header", kReceiptHeaderBytes, size};
  for (size_t i = 0; i < sizeof(kReceiptMagic); ++i)
    if (b[i] != kReceiptMagic[i])
      return Error{ErrorCode::kMismatch, "not a Goldfinch receipt (magic)", kReceiptMagic[i], b[i]};
  const uint64_t version = load_le(b + kOffVersion, 4);
  if (version != kReceiptVersion)
    return Error{ErrorCode::kInvalidArgument, "unsupported receipt version", kReceiptVersion, version};
  const uint64_t count = load_le(b + kOffShardCount, 4);
  if (count == 0) return Error{ErrorCode::kInvalidArgument, "receipt has zero shards", 1, 0};
  if (count > kMaxReceiptShards)
    return Error{ErrorCode::kInvalidArgument, "receipt shard count above the maximum", kMaxReceiptShards, count};
  const uint64_t shard_cycles = load_le(b + kOffShardCycles, 8);
  if (!is_pow2(shard_cycles))
    return Error{ErrorCode::kInvalidArgument, "receipt shard cycles not a power of two", 0, shard_cycles};
  if (shard_cycles > kMaxReceiptShardCycles)
    return Error{ErrorCode::kInvalidArgument, "receipt shard cycles above 2^40", kMaxReceiptShardCycles, shard_cycles};
  const uint64_t total = load_le(b + kOffTotal, 8);
  if (total > size) return Error{ErrorCode::kTruncated, "receipt shorter than its total length", total, size};
  if (total < size) return Error{ErrorCode::kTrailingBytes, "bytes after the receipt's total length", total, size};

  // count <= 2^20: the table end cannot overflow; it is a multiple of 8.
  const uint64_t table_end = kReceiptHeaderBytes + count * kReceiptEntryBytes;
  if (table_end > size) return Error{ErrorCode::kTruncated, "receipt entry table beyond the buffer", table_end, size};

  ReceiptView view;
  std::memcpy(view.header.key_digest.data(), b + kOffKeyDigest, hash::Digest::kBytes);
  view.header.shard_cycles = shard_cycles;
  view.shards.reserve(count);
  uint64_t next = table_end;  // the canonical offset of the next proof; next <= size throughout
  for (uint64_t k = 0; k < count; ++k) {
    const uint8_t* e = b + kReceiptHeaderBytes + k * kReceiptEntryBytes;
    const uint64_t offset = load_le(e, 8), length = load_le(e + 8, 8);
    if (offset != next)
      return Error{ErrorCode::kMismatch, "receipt shard offset not the canonical next offset", next, offset};
    if (length == 0) return Error{ErrorCode::kInvalidArgument, "receipt shard proof is empty", 1, k};
    if (length > size - offset)
      return Error{ErrorCode::kTruncated, "receipt shard proof beyond the buffer", size - offset, length};
    const uint64_t end = offset + length;  // <= size: no overflow
    uint64_t padded = 0;
    if (!round_up8(end, &padded) || padded > size)
      return Error{ErrorCode::kTruncated, "receipt padding after a shard proof beyond the buffer", padded, size};
    for (uint64_t i = end; i < padded; ++i)
      if (b[i] != 0) return Error{ErrorCode::kInvalidArgument, "non-zero padding byte in receipt", 0, b[i]};
    view.shards.emplace_back(b + offset, static_cast<size_t>(length));
    next = padded;
  }
  if (next != size)
    return Error{ErrorCode::kTrailingBytes, "bytes after the last shard proof of the receipt", next, size};
  return view;
}

}  // namespace goldfinch::zkvm
