/* Hashes with the precompiles: Keccak-256 (padding 0x01), SHA3-256 (padding 0x06) and BLAKE3
 * of the private input (read in place), through the SDK's hashers on gf_keccakf and
 * gf_blake3_compress. Commits keccak256 || sha3_256 || blake3 (96 bytes) and prints them in hex.
 * The same ELF runs under qemu-riscv32, where the SDK computes the permutations in software. */
#include <stdint.h>
#include <stdio.h>

#include "goldfinch/guest.h"

static void print_hex(const char* label, const uint8_t* d, int n) {
  printf("%s", label);
  for (int i = 0; i < n; ++i) printf("%02x", d[i]);
  printf("\n");
}

int main(void) {
  size_t len = 0;
  const uint8_t* msg = (const uint8_t*)gf_input(&len);
  uint8_t out[96];
  GF_STEP(1);
  gf_keccak256(msg, len, out);
  GF_STEP(2);
  gf_sha3_256(msg, len, out + 32);
  GF_STEP(3);
  gf_blake3(msg, len, out + 64);
  GF_STEP(4);
  gf_commit(out, sizeof out);
  print_hex("keccak256 = ", out, 32);
  print_hex("sha3-256  = ", out + 32, 32);
  print_hex("blake3    = ", out + 64, 32);
  return 0;
}
