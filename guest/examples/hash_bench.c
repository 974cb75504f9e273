/* Precompile against software, for bench/bench_precompiles.cc. The input is the message followed
 * by one mode byte (last, so that the message starts at the payload's 16-byte-aligned address and
 * both modes take the hashers' word-wise path; read in place). Mode 0: Keccak-256 with the
 * GF_KECCAK_F precompile; 1: the same Keccak-256 sponge on gf_keccakf_portable (RV32IM software);
 * 2: BLAKE3 with the GF_BLAKE3_COMPRESS precompile; 3: the same BLAKE3 on
 * gf_blake3_compress_portable. Commits the 32-byte digest and prints nothing (printing it in hex
 * would cost ~19k cycles, as much as the precompile hash itself); exit 2 on an empty input or an
 * unknown mode. */
#include <stdint.h>
#include <stdio.h>

#include "goldfinch/guest.h"

int main(void) {
  size_t len = 0;
  const uint8_t* msg = (const uint8_t*)gf_input(&len);
  if (len == 0 || msg[len - 1] > 3) {
    fprintf(stderr, "hash_bench: expected the message, then a mode byte 0..3\n");
    return 2;
  }
  const uint8_t mode = msg[len - 1];
  const size_t n = len - 1;
  uint8_t out[32];
  GF_STEP(1);
  switch (mode) {
    case 0:
      gf_keccak256(msg, n, out);
      break;
    case 1:
      gf_keccak256_portable(msg, n, out);
      break;
    case 2:
      gf_blake3(msg, n, out);
      break;
    default:
      gf_blake3_portable(msg, n, out);
      break;
  }
  GF_STEP(2);
  gf_commit(out, sizeof out);
  return 0;
}
