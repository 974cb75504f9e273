// Typed errors for untrusted input (proofs, ELF files, inputs, parameters given by a user).
// No exceptions and no allocation: an Error is a code, a static message and up to two numbers
// of context, so the verifier can return it from freestanding code inside the VM.
#pragma once

#include <cstdint>
#include <utility>

namespace goldfinch {

enum class ErrorCode : uint16_t {
  kOk = 0,
  kInvalidArgument,   // a caller passed a value outside the documented range
  kNonCanonical,      // a field element encoding >= p
  kTruncated,         // fewer bytes than the format requires
  kTrailingBytes,     // more bytes than the format allows
  kBadPath,           // a Merkle path that does not lead to the committed root
  kMismatch,          // a recomputed value differs from the claimed one
};

const char* error_code_name(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kOk;
  const char* what = "";  // static string naming what was wrong
  uint64_t expected = 0;
  uint64_t got = 0;

  constexpr bool ok() const { return code == ErrorCode::kOk; }
  static constexpr Error none() { return {}; }
};

// A value or an Error, without exceptions (std::expected is C++23).
template <class T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : error_(error) {}         // NOLINT
  bool ok() const { return error_.ok(); }
  const Error& error() const { return error_; }
  T& value() { return value_; }
  const T& value() const { return value_; }
  T* operator->() { return &value_; }
  const T* operator->() const { return &value_; }
  T& operator*() { return value_; }

 private:
  T value_{};
  Error error_{};
};

}  // namespace goldfinch
