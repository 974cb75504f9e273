// The private input of the verifier guest: a 64-byte header, then the verifying key and the inner
// proof, each starting on a 16-byte boundary. Packed on the host, read in place by the guest (the
// input payload is mapped 16-byte aligned at 0x20000010): parse_packed only checks the header and
// returns spans into the caller's buffer, so the proof is verified where it lies, never copied.
// Format (docs/recursion.md), all integers little-endian:
//   0  u8[8] magic "GFVERIN\0"     8  u32 version = 2     12 u32 statement id (StatementId)
//   16 u32 statement parameter (synthetic: width; rv32im: entry)
//   20 u32 statement flags (rv32im: bit 0 = wx)
//   24 u64 vk offset (= 64)       32 u64 vk length
//   40 u64 proof offset (= 64 + vk length rounded up to 16)     48 u64 proof length
//   56 u32 program height (rv32im)     60 u32 image height (rv32im)
//   64 vk bytes, zero padding, proof bytes (end of the blob)
// The fields at 20, 56 and 60 are zero for every statement but rv32im (make_statement checks).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "goldfinch/base/error.h"

namespace goldfinch::recursion {

inline constexpr uint8_t kPackedMagic[8] = {'G', 'F', 'V', 'E', 'R', 'I', 'N', 0};
inline constexpr uint32_t kPackedVersion = 2;
inline constexpr size_t kPackedHeaderBytes = 64;
inline constexpr size_t kPackedAlign = 16;

// The rv32im statement's shape fields beyond the entry (the statement parameter); all zero for the
// other statements.
struct PackedShape {
  uint32_t flags = 0;           // bit 0: the program has writable and executable slots (wx)
  uint32_t program_height = 0;  // the program table's fixed height
  uint32_t image_height = 0;    // the image table's fixed height
  bool operator==(const PackedShape&) const = default;
};

struct PackedInput {
  uint32_t statement = 0;
  uint32_t statement_param = 0;
  PackedShape shape;
  std::span<const uint8_t> vk;     // points into the packed buffer
  std::span<const uint8_t> proof;  // points into the packed buffer, 16-byte aligned
};

std::vector<uint8_t> pack_input(uint32_t statement, uint32_t statement_param, std::span<const uint8_t> vk,
                                std::span<const uint8_t> proof, const PackedShape& shape = {});

// Checks the buffer's alignment, magic, version, that the offsets are exactly the
// canonical ones, the padding is zero and the blob ends with the proof; nothing is copied.
Result<PackedInput> parse_packed(std::span<const uint8_t> bytes);

}  // namespace goldfinch::recursion
