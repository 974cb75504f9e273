/* The minimal guest of docs/guest_sdk.md, built as a user would: its own CMake project with the
 * toolchain file and add_subdirectory(guest/sdk). Sums the input bytes. */
#include <stdio.h>

#include "goldfinch/guest.h"

int main(void) {
  size_t len;
  const unsigned char* in = gf_input(&len);
  unsigned sum = 0;
  GF_STEP(1);
  for (size_t i = 0; i < len; ++i) sum += in[i];
  GF_STEP(2);
  gf_commit(&sum, sizeof sum);
  printf("sum of %u bytes = %u\n", (unsigned)len, sum);
  return 0;
}
