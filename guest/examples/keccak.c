/* Keccak guest: Keccak-f[1600] sponge over the private input (read in place). Commits
 * Keccak-256 (the original padding 0x01, as Ethereum uses) followed by SHA3-256 (FIPS 202
 * padding 0x06), 64 bytes in all, and prints both in hex. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "goldfinch/guest.h"

static const uint64_t kRoundConstants[24] = {
    0x0000000000000001ull, 0x0000000000008082ull, 0x800000000000808aull, 0x8000000080008000ull,
    0x000000000000808bull, 0x0000000080000001ull, 0x8000000080008081ull, 0x8000000000008009ull,
    0x000000000000008aull, 0x0000000000000088ull, 0x0000000080008009ull, 0x000000008000000aull,
    0x000000008000808bull, 0x800000000000008bull, 0x8000000000008089ull, 0x8000000000008003ull,
    0x8000000000008002ull, 0x8000000000000080ull, 0x000000000000800aull, 0x800000008000000aull,
    0x8000000080008081ull, 0x8000000000008080ull, 0x0000000080000001ull, 0x8000000080008008ull};

/* Rotation offsets r[x][y] of the rho step, indexed [x + 5 * y]. */
static const int kRho[25] = {0,  1,  62, 28, 27, 36, 44, 6,  55, 20, 3,  10, 43,
                             25, 39, 41, 45, 15, 21, 8,  18, 2,  61, 56, 14};

static inline uint64_t rotl64(uint64_t v, int n) { return n == 0 ? v : (v << n) | (v >> (64 - n)); }

static void keccak_f1600(uint64_t a[25]) {
  for (int round = 0; round < 24; ++round) {
    uint64_t c[5], d[5], b[25];
    for (int x = 0; x < 5; ++x) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
    for (int x = 0; x < 5; ++x) d[x] = c[(x + 4) % 5] ^ rotl64(c[(x + 1) % 5], 1);
    for (int i = 0; i < 25; ++i) a[i] ^= d[i % 5];
    /* rho and pi: B[y, 2x + 3y] = rot(A[x, y], r[x, y]) */
    for (int x = 0; x < 5; ++x) {
      for (int y = 0; y < 5; ++y) b[y + 5 * ((2 * x + 3 * y) % 5)] = rotl64(a[x + 5 * y], kRho[x + 5 * y]);
    }
    for (int y = 0; y < 5; ++y) {
      for (int x = 0; x < 5; ++x) {
        a[x + 5 * y] = b[x + 5 * y] ^ (~b[(x + 1) % 5 + 5 * y] & b[(x + 2) % 5 + 5 * y]);
      }
    }
    a[0] ^= kRoundConstants[round];
  }
}

/* Sponge with rate 136 bytes (capacity 512), 32-byte output, domain byte `pad` (0x01 or 0x06). */
static void keccak256_like(const uint8_t* msg, size_t len, uint8_t pad, uint8_t out[32]) {
  enum { kRate = 136 };
  uint64_t a[25];
  memset(a, 0, sizeof a);
  uint8_t block[kRate];
  for (;;) {
    size_t take = len < kRate ? len : kRate;
    memset(block, 0, sizeof block);
    memcpy(block, msg, take);
    if (take < kRate) {
      block[take] ^= pad;
      block[kRate - 1] ^= 0x80;
    }
    for (int i = 0; i < kRate / 8; ++i) {
      uint64_t lane = 0;
      for (int j = 0; j < 8; ++j) lane |= (uint64_t)block[8 * i + j] << (8 * j);
      a[i] ^= lane;
    }
    keccak_f1600(a);
    if (take < kRate) break;
    msg += take;
    len -= take;
  }
  for (int i = 0; i < 32; ++i) out[i] = (uint8_t)(a[i / 8] >> (8 * (i % 8)));
}

static void print_hex(const char* label, const uint8_t* d, int n) {
  printf("%s", label);
  for (int i = 0; i < n; ++i) printf("%02x", d[i]);
  printf("\n");
}

int main(void) {
  size_t len = 0;
  const uint8_t* msg = (const uint8_t*)gf_input(&len);
  uint8_t out[64];
  GF_STEP(1);
  keccak256_like(msg, len, 0x01, out);
  GF_STEP(2);
  keccak256_like(msg, len, 0x06, out + 32);
  GF_STEP(3);
  gf_commit(out, sizeof out);
  print_hex("keccak256 = ", out, 32);
  print_hex("sha3-256  = ", out + 32, 32);
  return 0;
}
