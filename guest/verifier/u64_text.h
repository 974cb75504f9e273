// Decimal text of a u64 without printf's 64-bit support (the guests' newlib printf lacks it):
// for the verifier and aggregation guests' error messages.
#pragma once

#include <cstdint>

inline const char* u64_text(uint64_t v, char (&buf)[24]) {
  char* p = buf + sizeof(buf) - 1;
  *p = 0;
  do {
    *--p = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v);
  return p;
}
