// The receipt: one file holding every shard proof of a run (docs/receipt_format.md). A 64-byte
// header (magic, version, shard count, shard size, the shard verifying key's digest, total length),
// a table of (offset, length) entries, then the proofs, each 8-byte aligned so the STARK reader
// can read it in place. The reader trusts no byte and accepts exactly one encoding per receipt.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "goldfinch/base/error.h"
#include "goldfinch/hash/digest.h"

namespace goldfinch::zkvm {

inline constexpr size_t kReceiptHeaderBytes = 64, kReceiptEntryBytes = 16;
inline constexpr uint32_t kReceiptVersion = 1;
inline constexpr uint32_t kMaxReceiptShards = 1u << 20;
inline constexpr uint64_t kMaxReceiptShardCycles = uint64_t{1} << 40;
inline constexpr size_t kReceiptAlign = 8;  // every proof starts at a multiple of 8
inline constexpr uint8_t kReceiptMagic[8] = {'G', 'F', 'R', 'E', 'C', 'P', 'T', 0};

struct ReceiptHeader {
  hash::Digest key_digest{};  // digest of the shard verifying key all shards are proven under
  uint64_t shard_cycles = 0;  // the power-of-two shard size the run was cut with
  bool operator==(const ReceiptHeader&) const = default;
};

struct ReceiptView {  // points into the bytes given to read_receipt (zero-copy)
  ReceiptHeader header;
  std::vector<std::span<const uint8_t>> shards;  // shard k's proof bytes, 8-byte aligned when the buffer is
};

// True when bytes start with the receipt magic (nothing else is checked).
bool looks_like_receipt(std::span<const uint8_t> bytes);

// The one encoding of a receipt. Preconditions (GF_CHECK): 1..kMaxReceiptShards proofs, none
// empty; shard_cycles a power of two no larger than kMaxReceiptShardCycles.
std::vector<uint8_t> encode_receipt(const ReceiptHeader& header, std::span<const std::vector<uint8_t>> shard_proofs);

// Checks every field (docs/receipt_format.md, "Checks") and returns views into `bytes`. Any
// receipt it accepts re-encodes to exactly `bytes`.
Result<ReceiptView> read_receipt(std::span<const uint8_t> bytes);

}  // namespace goldfinch::zkvm
