// The verifier guest's memcpy, memmove and memset: word copies (goldfinch/base/word_mem.h)
// instead of newlib's byte loops, linked before libc so every caller in this program uses them.
// Compiled with -fno-builtin (CMakeLists.txt) so that the loops are not turned back into calls
// to these very functions.
#include <cstddef>

#include "goldfinch/base/word_mem.h"

extern "C" {

void* memcpy(void* __restrict dst, const void* __restrict src, size_t n) {
  return goldfinch::word_mem::copy(dst, src, n);
}

void* memmove(void* dst, const void* src, size_t n) { return goldfinch::word_mem::move(dst, src, n); }

void* memset(void* dst, int c, size_t n) { return goldfinch::word_mem::set(dst, c, n); }

}  // extern "C"
