// Test helper: the installed `b3sum` (the BLAKE3 team's Rust tool) as an independent oracle.
// Writes each input to a temporary file and runs b3sum once over all of them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace goldfinch::hash::testing {

struct B3sumMode {
  enum Kind { kPlain, kKeyed, kDeriveKey } kind = kPlain;
  std::vector<uint8_t> key;  // 32 bytes for kKeyed
  std::string context;       // for kDeriveKey; letters, digits, spaces and dots only
};

// Lower-case hex of the first out_len output bytes for every input, in order; nullopt (with a
// message on stderr) when b3sum cannot be run.
std::optional<std::vector<std::string>> b3sum_hex(const std::vector<std::vector<uint8_t>>& inputs,
                                                  const B3sumMode& mode = {}, size_t out_len = 32);

// The official test-vector input pattern: byte i is i % 251.
std::vector<uint8_t> pattern_input(size_t len);

}  // namespace goldfinch::hash::testing
