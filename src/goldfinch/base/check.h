// Always-on internal invariant checks. These guard the library's own logic, never untrusted
// input: bytes from proofs, ELFs or users are reported through goldfinch::Error (error.h).
#pragma once

#include <cstdio>
#include <cstdlib>

namespace goldfinch::detail {
[[noreturn]] inline void check_failed(const char* file, int line, const char* cond, const char* msg) {
  std::fprintf(stderr, "goldfinch: internal check failed at %s:%d: %s (%s)\n", file, line, cond, msg);
  std::abort();
}
}  // namespace goldfinch::detail

#define GF_CHECK(cond, msg)                                                   \
  do {                                                                        \
    if (__builtin_expect(!(cond), 0))                                         \
      ::goldfinch::detail::check_failed(__FILE__, __LINE__, #cond, (msg));    \
  } while (0)

#define GF_INLINE inline __attribute__((always_inline))
