/* Test guest for gf_fp3_horner (the GF_FP3_HORNER call inside Goldfinch, software under qemu):
 * for a fixed list of (kind, n) it fills x and the coefficients from a xorshift stream (with
 * non-canonical and edge words mixed in), prints "kind n out0 out1 out2" per case in hex, and
 * checks the call against gf_fp3_horner_portable (software inside Goldfinch too). run_guests.py
 * recomputes every line with Python integers, apart from both. Exits 0, or 1 naming a mismatch. */
#include <stdint.h>
#include <stdio.h>

#include "goldfinch/guest.h"

static uint64_t state = 0x9E3779B97F4A7C15ull;

static uint64_t next(void) {
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  switch (state % 11) {
    case 0: return 0xFFFFFFFF00000001ull; /* p: taken mod p as 0 */
    case 1: return 0xFFFFFFFFFFFFFFFFull; /* 2^64 - 1 */
    case 2: return 0xFFFFFFFF00000000ull; /* p - 1 */
    default: return state;
  }
}

static uint64_t coeffs[3 * 300];

int main(void) {
  static const uint32_t kCases[][2] = {{1, 1}, {3, 1}, {1, 2}, {3, 5}, {1, 64}, {1, 300}, {3, 300}};
  for (size_t k = 0; k < sizeof kCases / sizeof kCases[0]; ++k) {
    const uint32_t kind = kCases[k][0], n = kCases[k][1];
    uint64_t x[3], out[3], want[3];
    for (int j = 0; j < 3; ++j) x[j] = next();
    for (uint32_t i = 0; i < n * kind; ++i) coeffs[i] = next();
    gf_fp3_horner(x, coeffs, n, kind, out);
    gf_fp3_horner_portable(x, coeffs, n, kind, want);
    if (out[0] != want[0] || out[1] != want[1] || out[2] != want[2]) {
      fprintf(stderr, "fp3_test: call and software differ (kind %u, n %u)\n", (unsigned)kind, (unsigned)n);
      return 1;
    }
    printf("%u %u %016llx %016llx %016llx\n", (unsigned)kind, (unsigned)n, (unsigned long long)out[0],
           (unsigned long long)out[1], (unsigned long long)out[2]);
  }
  /* In place: out over x (a square when the coefficient is x itself). */
  uint64_t y[3] = {next(), next(), next()}, sq[3];
  gf_fp3_horner_portable(y, y, 1, 3, sq);
  gf_fp3_horner(y, y, 1, 3, y);
  if (y[0] != sq[0] || y[1] != sq[1] || y[2] != sq[2]) {
    fprintf(stderr, "fp3_test: in-place square differs\n");
    return 1;
  }
  printf("square %016llx %016llx %016llx\n", (unsigned long long)y[0], (unsigned long long)y[1],
         (unsigned long long)y[2]);
  return 0;
}
