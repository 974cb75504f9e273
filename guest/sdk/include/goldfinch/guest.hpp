// C++ wrappers over goldfinch/guest.h for guests written in C++20: spans instead of pointer and
// length, typed commits of trivially copyable values. Same ABI (docs/guest_abi.md).
#ifndef GOLDFINCH_GUEST_HPP_
#define GOLDFINCH_GUEST_HPP_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>

#include "goldfinch/guest.h"

namespace goldfinch::guest {

// The whole private input, in place inside Goldfinch (see gf_input()).
inline std::span<const std::byte> input() {
  std::size_t len = 0;
  const void* p = gf_input(&len);
  return {static_cast<const std::byte*>(p), len};
}

// The input as text (no copy).
inline std::string_view input_text() {
  const auto bytes = input();
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// The input reinterpreted as `T` when it is exactly sizeof(T) bytes (in place; the payload is
// 16-byte aligned), else nullptr.
template <typename T>
  requires std::is_trivially_copyable_v<T> && (alignof(T) <= 16)
const T* input_as() {
  const auto bytes = input();
  return bytes.size() == sizeof(T) ? reinterpret_cast<const T*>(bytes.data()) : nullptr;
}

// Appends bytes to the public output.
inline void commit(std::span<const std::byte> bytes) { gf_commit(bytes.data(), bytes.size()); }
inline void commit(std::string_view text) { gf_commit(text.data(), text.size()); }

// Appends the object representation of a trivially copyable value (little-endian on RV32).
template <typename T>
  requires std::is_trivially_copyable_v<T>
void commit_value(const T& value) {
  gf_commit(&value, sizeof(T));
}

// Assumes a run of another program (gf_verify_claim): its key digest and its output's BLAKE3.
inline long verify_claim(const std::uint8_t (&key_digest)[32], const std::uint8_t (&output_digest)[32]) {
  return gf_verify_claim(key_digest, output_digest);
}

// Console output (not proven): fd 1.
inline void print(std::string_view text) { gf_write(1, text.data(), text.size()); }

inline std::uint64_t cycle_count() { return gf_cycle_count(); }
inline bool in_goldfinch() { return gf_in_goldfinch() != 0; }
[[noreturn]] inline void exit(int code) { gf_exit(code); }

}  // namespace goldfinch::guest

#endif  // GOLDFINCH_GUEST_HPP_
