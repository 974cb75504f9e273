// BLAKE3's constants (IV, message schedule, domain flags, sizes) and tiny byte helpers.
// Data and always-inline helpers only, so the per-ISA translation units can include it without
// the linker ever picking an ISA-compiled copy of a shared function (ODR pitfall).
#pragma once

#include <cstddef>
#include <cstdint>

#include "goldfinch/base/check.h"

namespace goldfinch::hash {

inline constexpr size_t kBlockLen = 64;
inline constexpr size_t kChunkLen = 1024;
inline constexpr size_t kKeyLen = 32;
inline constexpr size_t kOutLen = 32;
inline constexpr size_t kMaxDepth = 54;  // 2^54 chunks = 2^64 bytes

// Domain-separation flags (BLAKE3 spec, section 2.1).
enum : uint8_t {
  kChunkStart = 1 << 0,
  kChunkEnd = 1 << 1,
  kParent = 1 << 2,
  kRoot = 1 << 3,
  kKeyedHash = 1 << 4,
  kDeriveKeyContext = 1 << 5,
  kDeriveKeyMaterial = 1 << 6,
};

inline constexpr uint32_t kIv[8] = {0x6A09E667u, 0xBB67AE85u, 0x3C6EF372u, 0xA54FF53Au,
                                    0x510E527Fu, 0x9B05688Cu, 0x1F83D9ABu, 0x5BE0CD19u};

// The permutation applied to the message words between rounds.
inline constexpr uint8_t kMsgPermutation[16] = {2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8};

// kMsgSchedule.word[r][i]: the message word used at position i of round r (the permutation
// applied r times). A plain struct of arrays so ISA code indexes it without any library template.
struct MsgSchedule {
  uint8_t word[7][16];
};
inline constexpr MsgSchedule kMsgSchedule = [] {
  MsgSchedule s{};
  for (uint8_t i = 0; i < 16; ++i) s.word[0][i] = i;
  for (size_t r = 1; r < 7; ++r) {
    for (size_t i = 0; i < 16; ++i) s.word[r][i] = s.word[r - 1][kMsgPermutation[i]];
  }
  return s;
}();
static_assert(kMsgSchedule.word[1][0] == 2 && kMsgSchedule.word[6][15] == 13, "BLAKE3 message schedule");

GF_INLINE uint32_t load32_le(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
         static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
}

GF_INLINE void store32_le(uint8_t* p, uint32_t w) {
  p[0] = static_cast<uint8_t>(w);
  p[1] = static_cast<uint8_t>(w >> 8);
  p[2] = static_cast<uint8_t>(w >> 16);
  p[3] = static_cast<uint8_t>(w >> 24);
}

}  // namespace goldfinch::hash
