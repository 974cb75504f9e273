#include "goldfinch/hash/digest.h"

namespace goldfinch::hash {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string to_hex(const uint8_t* bytes, size_t len) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s(2 * len, '0');
  for (size_t i = 0; i < len; ++i) {
    s[2 * i] = kDigits[bytes[i] >> 4];
    s[2 * i + 1] = kDigits[bytes[i] & 15];
  }
  return s;
}

std::string to_hex(const Digest& d) { return to_hex(d.data(), d.size()); }

Result<Digest> digest_from_hex(std::string_view hex) {
  if (hex.size() != 2 * Digest::kBytes) {
    return Error{ErrorCode::kInvalidArgument, "digest hex must be 64 characters", 2 * Digest::kBytes,
                 hex.size()};
  }
  Digest d;
  for (size_t i = 0; i < Digest::kBytes; ++i) {
    int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return Error{ErrorCode::kInvalidArgument, "digest hex has a non-hex character", 0, 2 * i};
    d.bytes[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return d;
}

}  // namespace goldfinch::hash
