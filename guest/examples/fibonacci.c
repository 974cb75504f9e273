/* Fibonacci guest: reads n (u32, little-endian) from the private input stream with read(),
 * commits F(n) mod 2^64 (u64, little-endian) and prints it. */
#include <inttypes.h>
#include <stdio.h>
#include <unistd.h>

#include "goldfinch/guest.h"

int main(void) {
  uint8_t in[4];
  size_t got = 0;
  while (got < sizeof in) {
    ssize_t r = read(0, in + got, sizeof in - got);
    if (r <= 0) {
      fprintf(stderr, "fibonacci: expected a 4-byte n on the input\n");
      return 2;
    }
    got += (size_t)r;
  }
  uint32_t n = (uint32_t)in[0] | (uint32_t)in[1] << 8 | (uint32_t)in[2] << 16 | (uint32_t)in[3] << 24;

  GF_STEP(1);
  uint64_t a = 0, b = 1;  /* F(i), F(i+1) */
  for (uint32_t i = 0; i < n; ++i) {
    uint64_t next = a + b;
    a = b;
    b = next;
  }
  GF_STEP(2);

  uint8_t out[8];
  for (int i = 0; i < 8; ++i) out[i] = (uint8_t)(a >> (8 * i));
  gf_commit(out, sizeof out);
  printf("fib(%" PRIu32 ") mod 2^64 = %" PRIu64 "\n", n, a);
  return 0;
}
