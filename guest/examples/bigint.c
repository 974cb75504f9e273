/* Big-integer guest: computes n! exactly (n is a u32, little-endian, read in place) in base-10^9
 * limbs, then commits its decimal digits (ASCII, no sign, no newline) and prints a summary. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "goldfinch/guest.h"

#define BASE 1000000000u

int main(void) {
  size_t len = 0;
  const uint8_t* in = (const uint8_t*)gf_input(&len);
  if (len != 4) {
    fprintf(stderr, "bigint: expected a 4-byte n, got %u bytes\n", (unsigned)len);
    return 2;
  }
  uint32_t n = (uint32_t)in[0] | (uint32_t)in[1] << 8 | (uint32_t)in[2] << 16 | (uint32_t)in[3] << 24;
  if (n > 20000) {
    fprintf(stderr, "bigint: n must be at most 20000\n");
    return 2;
  }
  /* log10(20000!) < 77340, so 8600 limbs of 9 digits are enough. */
  size_t cap = 8600;
  uint32_t* limb = (uint32_t*)calloc(cap, sizeof *limb);  /* little-endian base 10^9 */
  if (limb == NULL) return 3;
  size_t used = 1;
  limb[0] = 1;
  GF_STEP(1);
  for (uint32_t k = 2; k <= n; ++k) {
    uint64_t carry = 0;
    for (size_t i = 0; i < used; ++i) {
      uint64_t t = (uint64_t)limb[i] * k + carry;
      limb[i] = (uint32_t)(t % BASE);
      carry = t / BASE;
    }
    while (carry != 0) {
      limb[used++] = (uint32_t)(carry % BASE);
      carry /= BASE;
    }
  }
  GF_STEP(2);
  char* text = (char*)malloc(used * 9 + 1);
  if (text == NULL) return 3;
  int pos = sprintf(text, "%" PRIu32, limb[used - 1]);
  for (size_t i = used - 1; i-- > 0;) pos += sprintf(text + pos, "%09" PRIu32, limb[i]);
  gf_commit(text, (size_t)pos);
  uint32_t digit_sum = 0;
  for (int i = 0; i < pos; ++i) digit_sum += (uint32_t)(text[i] - '0');
  printf("%" PRIu32 "! has %d digits, digit sum %" PRIu32 ", leading %.12s\n", n, pos, digit_sum,
         text);
  free(text);
  free(limb);
  return 0;
}
