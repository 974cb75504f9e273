/* Proof composition example (docs/recursion.md, "Claims"): uses a result another guest proved.
 * Input: the claimed program's key digest (32 bytes: the fibonacci guest's shard key digest at the
 * preset the tree is proven with, `goldfinch vk fibonacci.elf --preset P`), then that program's
 * public output (fibonacci: F(n) mod 2^64, 8 bytes little-endian).
 * It claims that the program ran to exit 0 with that output (gf_verify_claim: the key digest and
 * the output's BLAKE3), then commits F(n) mod (2^61 - 1) as 8 bytes little-endian. Its proof holds
 * only on that claim until an aggregation node holding the fibonacci run's aggregate proof
 * discharges it (`goldfinch prove compose.elf --aggregate --claim-proof fib.agg`). */
#include <inttypes.h>
#include <stdio.h>

#include "goldfinch/guest.h"

int main(void) {
  size_t len = 0;
  const uint8_t* in = (const uint8_t*)gf_input(&len);
  if (len != 32 + 8) {
    fprintf(stderr, "compose: expected a 32-byte key digest and the 8-byte fibonacci output, got %u bytes\n",
            (unsigned)len);
    return 2;
  }
  uint8_t output_digest[32];
  gf_blake3(in + 32, 8, output_digest);
  if (gf_verify_claim(in, output_digest) != 0 && gf_in_goldfinch()) {
    fprintf(stderr, "compose: verify_claim failed\n");
    return 3;
  }
  uint64_t f = 0;
  for (int i = 0; i < 8; ++i) f |= (uint64_t)in[32 + i] << (8 * i);
  const uint64_t m = (UINT64_C(1) << 61) - 1;
  const uint64_t r = (f & m) + (f >> 61); /* < 2m */
  const uint64_t reduced = r >= m ? r - m : r;
  uint8_t out[8];
  for (int i = 0; i < 8; ++i) out[i] = (uint8_t)(reduced >> (8 * i));
  gf_commit(out, sizeof out);
  printf("claimed F(n) mod 2^64 = %" PRIu64 "; mod 2^61-1 = %" PRIu64 "\n", f, reduced);
  return 0;
}
