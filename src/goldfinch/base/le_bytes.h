// Little-endian integers of n <= 8 bytes in byte buffers: the fixed layouts of the packed inputs,
// the guests' outputs and the receipt header (host and guest code alike).
#pragma once

#include <cstddef>
#include <cstdint>

namespace goldfinch {

inline uint64_t load_le(const uint8_t* p, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) v |= static_cast<uint64_t>(p[i]) << (8 * i);
  return v;
}

inline void store_le(uint8_t* p, uint64_t v, size_t n) {
  for (size_t i = 0; i < n; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}

}  // namespace goldfinch
