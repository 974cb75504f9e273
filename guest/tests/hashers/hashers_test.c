/* Test guest for the SDK's Keccak and BLAKE3 hashers (guest/sdk/src/precompiles.c): the one-shot
 * functions (whose digests run_guests.py checks against Python and b3sum through hash_precompiles)
 * must equal incremental hashing with uneven update sizes from unaligned addresses, which takes
 * the byte-wise paths the aligned one-shot path skips; the BLAKE3 hasher must also give the
 * published digest of the empty input. The portable hashers (on gf_keccakf_portable and
 * gf_blake3_compress_portable: software inside Goldfinch too) must give the same digests as the
 * precompile ones, one-shot and incremental. Exits 0 and prints "hashers_test: ok", or names the failure. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "goldfinch/guest.h"

static uint8_t buf[4 + 4200];

static int same(const uint8_t a[32], const uint8_t b[32]) { return memcmp(a, b, 32) == 0; }

int main(void) {
  uint32_t x = 0x12345678;
  for (size_t i = 0; i < sizeof buf; ++i) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    buf[i] = (uint8_t)x;
  }
  /* BLAKE3("") from the BLAKE3 test vectors. */
  static const uint8_t kBlake3Empty[32] = {0xaf, 0x13, 0x49, 0xb9, 0xf5, 0xf9, 0xa1, 0xa6, 0xa0, 0x40, 0x4d,
                                           0xea, 0x36, 0xdc, 0xc9, 0x49, 0x9b, 0xcb, 0x25, 0xc9, 0xad, 0xc1,
                                           0x12, 0xb7, 0xcc, 0x9a, 0x93, 0xca, 0xe4, 0x1f, 0x32, 0x62};
  uint8_t d[32];
  gf_blake3("", 0, d);
  if (!same(d, kBlake3Empty)) {
    fprintf(stderr, "hashers_test: BLAKE3 of the empty input\n");
    return 1;
  }
  static const size_t kLens[] = {0, 1, 63, 64, 65, 135, 136, 137, 1023, 1024, 1025, 2048, 2049, 3072, 4100};
  static const size_t kSteps[] = {1, 7, 64, 100, 136, 1000, 1024};
  for (size_t li = 0; li < sizeof kLens / sizeof kLens[0]; ++li) {
    const size_t len = kLens[li];
    uint8_t want_k[32], want_s[32], want_b[32];
    gf_keccak256(buf + 4, len, want_k); /* aligned one-shot */
    gf_sha3_256(buf + 4, len, want_s);
    gf_blake3(buf + 4, len, want_b);
    uint8_t port_k[32], port_s[32], port_b[32];
    gf_keccak256_portable(buf + 4, len, port_k);
    gf_sha3_256_portable(buf + 4, len, port_s);
    gf_blake3_portable(buf + 4, len, port_b);
    if (!same(port_k, want_k) || !same(port_s, want_s) || !same(port_b, want_b)) {
      fprintf(stderr, "hashers_test: len %u: portable keccak %d sha3 %d blake3 %d\n", (unsigned)len,
              same(port_k, want_k), same(port_s, want_s), same(port_b, want_b));
      return 3;
    }
    for (size_t si = 0; si < sizeof kSteps / sizeof kSteps[0]; ++si) {
      for (size_t off = 1; off <= 4; off += 3) { /* unaligned, then aligned (off 4) */
        const size_t step = kSteps[si];
        memmove(buf + off, buf + 4, len); /* the same message at another address */
        GfKeccak k, s;
        GfBlake3 b;
        gf_keccak256_init(&k);
        gf_sha3_256_init(&s);
        gf_blake3_init(&b);
        if (si == 1) { /* one step size also through the portable sponge and tree */
          gf_keccak_use_portable(&k);
          gf_keccak_use_portable(&s);
          gf_blake3_use_portable(&b);
        }
        for (size_t at = 0; at < len; at += step) {
          const size_t n = len - at < step ? len - at : step;
          gf_keccak_update(&k, buf + off + at, n);
          gf_keccak_update(&s, buf + off + at, n);
          gf_blake3_update(&b, buf + off + at, n);
        }
        memmove(buf + 4, buf + off, len);
        uint8_t got_k[32], got_s[32], got_b[32];
        gf_keccak_final(&k, got_k);
        gf_keccak_final(&s, got_s);
        gf_blake3_final(&b, got_b);
        if (!same(got_k, want_k) || !same(got_s, want_s) || !same(got_b, want_b)) {
          fprintf(stderr, "hashers_test: len %u step %u offset %u: keccak %d sha3 %d blake3 %d\n", (unsigned)len,
                  (unsigned)step, (unsigned)off, same(got_k, want_k), same(got_s, want_s), same(got_b, want_b));
          return 2;
        }
      }
    }
  }
  printf("hashers_test: ok\n");
  return 0;
}
