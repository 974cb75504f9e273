// A 32-byte hash value: BLAKE3 digests, Merkle nodes and roots. Plain bytes, ordered and
// comparable, laid out contiguously so an array of digests is an array of 32-byte blocks
// (the Merkle tree hashes two neighbouring digests as one 64-byte block).
#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "goldfinch/base/error.h"

namespace goldfinch::hash {

// 4-aligned so that its bytes load and store as whole words (the in-VM verifier moves digests
// through BLAKE3 words; a byte-aligned type makes RV32 copy them a byte at a time). Spans of
// digests read in place from a proof sit at 8-aligned offsets (SectionReader::read_digests).
struct alignas(4) Digest {
  static constexpr size_t kBytes = 32;
  std::array<uint8_t, kBytes> bytes{};

  uint8_t* data() { return bytes.data(); }
  const uint8_t* data() const { return bytes.data(); }
  static constexpr size_t size() { return kBytes; }
  auto operator<=>(const Digest&) const = default;
  bool operator==(const Digest&) const = default;
};

static_assert(sizeof(Digest) == Digest::kBytes, "digests must pack as contiguous 32-byte blocks");

// Lower-case hex, 64 characters (the format b3sum prints).
std::string to_hex(const Digest& d);
std::string to_hex(const uint8_t* bytes, size_t len);
// Parses 64 hex characters (either case).
Result<Digest> digest_from_hex(std::string_view hex);

}  // namespace goldfinch::hash
