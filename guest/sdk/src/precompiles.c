/* The precompile calls (gf_keccakf, gf_blake3_compress) and the hashers built on them: a Keccak
 * sponge (Keccak-256, SHA3-256) and BLAKE3. Inside Goldfinch each permutation / compression is one
 * system call; under qemu-riscv32 (Linux answers -ENOSYS) the same functions run in software here.
 * The software versions are public too (gf_keccakf_portable, gf_blake3_compress_portable), and the
 * hashers run on either: a GfKeccak / GfBlake3 carries a `portable` flag (the *_portable one-shot
 * hashers and gf_*_use_portable set it), one copy of the sponge and tree code for both. */
#include <stdint.h>
#include <string.h>

#include "goldfinch/guest.h"

/* ---- Software permutation and compression (qemu's fallback; public as *_portable) ---- */

static const uint64_t kKeccakRc[24] = {
    0x0000000000000001ull, 0x0000000000008082ull, 0x800000000000808aull, 0x8000000080008000ull, 0x000000000000808bull,
    0x0000000080000001ull, 0x8000000080008081ull, 0x8000000000008009ull, 0x000000000000008aull, 0x0000000000000088ull,
    0x0000000080008009ull, 0x000000008000000aull, 0x000000008000808bull, 0x800000000000008bull, 0x8000000000008089ull,
    0x8000000000008003ull, 0x8000000000008002ull, 0x8000000000000080ull, 0x000000000000800aull, 0x800000008000000aull,
    0x8000000080008081ull, 0x8000000000008080ull, 0x0000000080000001ull, 0x8000000080008008ull};
static const uint8_t kKeccakRho[25] = {0,  1,  62, 28, 27, 36, 44, 6,  55, 20, 3,  10, 43,
                                       25, 39, 41, 45, 15, 21, 8,  18, 2,  61, 56, 14};

static uint64_t rotl64(uint64_t v, unsigned n) { return n == 0 ? v : (v << n) | (v >> (64 - n)); }

void gf_keccakf_portable(uint64_t a[25]) {
  for (int round = 0; round < 24; ++round) {
    uint64_t c[5], b[25];
    for (int x = 0; x < 5; ++x) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
    for (int x = 0; x < 5; ++x) {
      const uint64_t d = c[(x + 4) % 5] ^ rotl64(c[(x + 1) % 5], 1);
      for (int y = 0; y < 5; ++y) a[x + 5 * y] ^= d;
    }
    for (int x = 0; x < 5; ++x)
      for (int y = 0; y < 5; ++y) b[y + 5 * ((2 * x + 3 * y) % 5)] = rotl64(a[x + 5 * y], kKeccakRho[x + 5 * y]);
    for (int y = 0; y < 5; ++y)
      for (int x = 0; x < 5; ++x) a[x + 5 * y] = b[x + 5 * y] ^ (~b[(x + 1) % 5 + 5 * y] & b[(x + 2) % 5 + 5 * y]);
    a[0] ^= kKeccakRc[round];
  }
}

static const uint32_t kBlake3Iv[8] = {0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A,
                                      0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19};
static const uint8_t kBlake3Perm[16] = {2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8};

static uint32_t rotr32(uint32_t v, unsigned n) { return (v >> n) | (v << (32 - n)); }

static void g(uint32_t v[16], int a, int b, int c, int d, uint32_t mx, uint32_t my) {
  v[a] += v[b] + mx;
  v[d] = rotr32(v[d] ^ v[a], 16);
  v[c] += v[d];
  v[b] = rotr32(v[b] ^ v[c], 12);
  v[a] += v[b] + my;
  v[d] = rotr32(v[d] ^ v[a], 8);
  v[c] += v[d];
  v[b] = rotr32(v[b] ^ v[c], 7);
}

void gf_blake3_compress_portable(const uint32_t cv[8], const uint32_t block[16], uint64_t counter, uint32_t block_len,
                                 uint32_t flags, uint32_t out[16]) {
  uint32_t v[16], m[16], p[16], cv_copy[8];
  memcpy(cv_copy, cv, sizeof cv_copy);
  memcpy(v, cv, 32);
  memcpy(v + 8, kBlake3Iv, 16);
  v[12] = (uint32_t)counter;
  v[13] = (uint32_t)(counter >> 32);
  v[14] = block_len;
  v[15] = flags;
  memcpy(m, block, sizeof m);
  for (int round = 0; round < 7; ++round) {
    g(v, 0, 4, 8, 12, m[0], m[1]);
    g(v, 1, 5, 9, 13, m[2], m[3]);
    g(v, 2, 6, 10, 14, m[4], m[5]);
    g(v, 3, 7, 11, 15, m[6], m[7]);
    g(v, 0, 5, 10, 15, m[8], m[9]);
    g(v, 1, 6, 11, 12, m[10], m[11]);
    g(v, 2, 7, 8, 13, m[12], m[13]);
    g(v, 3, 4, 9, 14, m[14], m[15]);
    for (int i = 0; i < 16; ++i) p[i] = m[kBlake3Perm[i]];
    memcpy(m, p, sizeof m);
  }
  for (int i = 0; i < 8; ++i) {
    out[i] = v[i] ^ v[i + 8];
    out[i + 8] = v[i + 8] ^ cv_copy[i];
  }
}

/* ---- The calls ---- */

void gf_keccakf(uint64_t state[25]) {
  if (!gf_in_goldfinch()) {
    gf_keccakf_portable(state);
    return;
  }
  register long r_a0 __asm__("a0") = (long)state;
  register long r_a7 __asm__("a7") = GF_SYS_KECCAK_F;
  __asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a7) : "memory");
}

/* The GF_BLAKE3_COMPRESS call itself (inside Goldfinch only). */

void gf_blake3_compress(const uint32_t cv[8], const uint32_t block[16], uint64_t counter, uint32_t block_len,
                        uint32_t flags, uint32_t out[16]) {
  if (!gf_in_goldfinch()) {
    gf_blake3_compress_portable(cv, block, counter, block_len, flags, out);
    return;
  }
  gf_blake3_compress_ecall(cv, block, counter, block_len, flags, out);
}

/* ---- F_p^3 Horner sum ---- */

#define GF_P 0xFFFFFFFF00000001ull

static uint64_t fp_reduce(uint64_t v) { return v >= GF_P ? v - GF_P : v; }

static uint64_t fp_add(uint64_t a, uint64_t b) { /* a, b < p */
  const uint64_t s = a + b;
  /* s wrapped past 2^64 (2^64 = 2^32 - 1 mod p), or s >= p. */
  if (s < a) return s + 0xFFFFFFFFull;
  return fp_reduce(s);
}

static uint64_t fp_mul(uint64_t a, uint64_t b) { /* a, b < p */
  const uint64_t a0 = (uint32_t)a, a1 = a >> 32, b0 = (uint32_t)b, b1 = b >> 32;
  const uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const uint64_t mid = (p00 >> 32) + (uint32_t)p01 + (uint32_t)p10;
  const uint64_t lo = (mid << 32) | (uint32_t)p00;
  const uint64_t hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
  /* x = lo + 2^64 (h0 + 2^32 h1) = lo + h0 (2^32 - 1) - h1 (mod p). */
  const uint64_t h0 = (uint32_t)hi, h1 = hi >> 32;
  uint64_t t = lo - h1;
  if (lo < h1) t -= 0xFFFFFFFFull; /* borrowed 2^64: add back p - 2^64 = -(2^32 - 1) */
  return fp_add(fp_reduce(t), fp_reduce(h0 * 0xFFFFFFFFull));
}

void gf_fp3_horner_portable(const uint64_t x[3], const uint64_t* coeffs, uint32_t n, uint32_t kind, uint64_t out[3]) {
  const uint64_t x0 = fp_reduce(x[0]), x1 = fp_reduce(x[1]), x2 = fp_reduce(x[2]);
  uint64_t a0 = 0, a1 = 0, a2 = 0;
  for (uint32_t i = 0; i < n; ++i) {
    const uint64_t* c = coeffs + (size_t)i * kind;
    a0 = fp_add(a0, fp_reduce(c[0]));
    if (kind == 3) {
      a1 = fp_add(a1, fp_reduce(c[1]));
      a2 = fp_add(a2, fp_reduce(c[2]));
    }
    /* (a0 + a1 t + a2 t^2)(x0 + x1 t + x2 t^2) with t^3 = t + 1, t^4 = t^2 + t. */
    const uint64_t d0 = fp_mul(a0, x0);
    const uint64_t d1 = fp_add(fp_mul(a0, x1), fp_mul(a1, x0));
    const uint64_t d2 = fp_add(fp_add(fp_mul(a0, x2), fp_mul(a1, x1)), fp_mul(a2, x0));
    const uint64_t d3 = fp_add(fp_mul(a1, x2), fp_mul(a2, x1));
    const uint64_t d4 = fp_mul(a2, x2);
    a0 = fp_add(d0, d3);
    a1 = fp_add(fp_add(d1, d3), d4);
    a2 = fp_add(d2, d4);
  }
  out[0] = a0;
  out[1] = a1;
  out[2] = a2;
}

void gf_fp3_horner(const uint64_t x[3], const uint64_t* coeffs, uint32_t n, uint32_t kind, uint64_t out[3]) {
  if (!gf_in_goldfinch()) {
    gf_fp3_horner_portable(x, coeffs, n, kind, out);
    return;
  }
  gf_fp3_horner_ecall(x, coeffs, n, kind, out);
}

/* ---- Poseidon2 (Goldilocks, width 8) ---- */

/* The constants of src/goldfinch/multiset/poseidon2_constants.h (HorizenLabs/Plonky3, width 8),
 * copied for C; poseidon2_test (guest/tests/poseidon2) checks this software against the published
 * vectors under qemu and inside Goldfinch. */
static const uint64_t kP2Diag[8] = {
    0xa98811a1fed4e3a5ull, 0x1cc48b54f377e2a0ull, 0xe40cd4f6c5609a26ull, 0x11de79ebca97a4a3ull,
    0x9177c73d8b7e929cull, 0x2a6fe8085797e791ull, 0x3de6e93329f8d5adull, 0x3f7af9125da962feull,
};
static const uint64_t kP2External[8][8] = {
    {0xdd5743e7f2a5a5d9ull, 0xcb3a864e58ada44bull, 0xffa2449ed32f8cdcull, 0x42025f65d6bd13eeull, 0x7889175e25506323ull, 0x34b98bb03d24b737ull, 0xbdcc535ecc4faa2aull, 0x5b20ad869fc0d033ull},
    {0xf1dda5b9259dfcb4ull, 0x27515210be112d59ull, 0x4227d1718c766c3full, 0x26d333161a5bd794ull, 0x49b938957bf4b026ull, 0x4a56b5938b213669ull, 0x1120426b48c8353dull, 0x6b323c3f10a56cadull},
    {0xce57d6245ddca6b2ull, 0xb1fc8d402bba1eb1ull, 0xb5c5096ca959bd04ull, 0x6db55cd306d31f7full, 0xc49d293a81cb9641ull, 0x1ce55a4fe979719full, 0xa92e60a9d178a4d1ull, 0x002cc64973bcfd8cull},
    {0xcea721cce82fb11bull, 0xe5b55eb8098ece81ull, 0x4e30525c6f1ddd66ull, 0x43c6702827070987ull, 0xaca68430a7b5762aull, 0x3674238634df9c93ull, 0x88cee1c825e33433ull, 0xde99ae8d74b57176ull},
    {0x014ef1197d341346ull, 0x9725e20825d07394ull, 0xfdb25aef2c5bae3bull, 0xbe5402dc598c971eull, 0x93a5711f04cdca3dull, 0xc45a9a5b2f8fb97bull, 0xfe8946a924933545ull, 0x2af997a27369091cull},
    {0xaa62c88e0b294011ull, 0x058eb9d810ce9f74ull, 0xb3cb23eced349ae4ull, 0xa3648177a77b4a84ull, 0x43153d905992d95dull, 0xf4e2a97cda44aa4bull, 0x5baa2702b908682full, 0x082923bdf4f750d1ull},
    {0x98ae09a325893803ull, 0xf8a6475077968838ull, 0xceb0735bf00b2c5full, 0x0a1a5d953888e072ull, 0x2fcb190489f94475ull, 0xb5be06270dec69fcull, 0x739cb934b09acf8bull, 0x537750b75ec7f25bull},
    {0xe9dd318bae1f3961ull, 0xf7462137299efe1aull, 0xb1f6b8eee9adb940ull, 0xbdebcc8a809dfe6bull, 0x40fc1f791b178113ull, 0x3ac1c3362d014864ull, 0x9a016184bdb8aebaull, 0x95f2394459fbc25eull},
};
static const uint64_t kP2Internal[22] = {
    0x488897d85ff51f56ull, 0x1140737ccb162218ull, 0xa7eeb9215866ed35ull, 0x9bd2976fee49fcc9ull,
    0xc0c8f0de580a3fccull, 0x4fb2dae6ee8fc793ull, 0x343a89f35f37395bull, 0x223b525a77ca72c8ull,
    0x56ccb62574aaa918ull, 0xc4d507d8027af9edull, 0xa080673cf0b7e95cull, 0xf0184884eb70dcf8ull,
    0x044f10b0cb3d5c69ull, 0xe9e3f7993938f186ull, 0x1b761c80e772f459ull, 0x606cec607a1b5facull,
    0x14a0c2e1d45f03cdull, 0x4eace8855398574full, 0xf905ca7103eff3e6ull, 0xf8c8f8d20862c059ull,
    0xb524fe8bdd678e5aull, 0xfbb7865901a1ec41ull,
};

static uint64_t p2_sbox(uint64_t x) {
  const uint64_t x2 = fp_mul(x, x), x3 = fp_mul(x2, x);
  return fp_mul(fp_mul(x3, x3), x);
}

/* [[5,7,1,3],[4,6,1,1],[1,3,5,7],[1,1,4,6]] on each half, then each half's lane plus the sum. */
static void p2_external(uint64_t s[8]) {
  for (int h = 0; h < 8; h += 4) {
    uint64_t* v = s + h;
    const uint64_t t0 = fp_add(v[0], v[1]), t1 = fp_add(v[2], v[3]);
    const uint64_t t2 = fp_add(fp_add(v[1], v[1]), t1), t3 = fp_add(fp_add(v[3], v[3]), t0);
    const uint64_t t1x4 = fp_add(fp_add(t1, t1), fp_add(t1, t1)), t0x4 = fp_add(fp_add(t0, t0), fp_add(t0, t0));
    const uint64_t t4 = fp_add(t1x4, t3), t5 = fp_add(t0x4, t2);
    v[0] = fp_add(t3, t5);
    v[1] = t5;
    v[2] = fp_add(t2, t4);
    v[3] = t4;
  }
  for (int i = 0; i < 4; ++i) {
    const uint64_t sum = fp_add(s[i], s[i + 4]);
    s[i] = fp_add(s[i], sum);
    s[i + 4] = fp_add(s[i + 4], sum);
  }
}

static void p2_full_round(uint64_t s[8], const uint64_t rc[8]) {
  for (int i = 0; i < 8; ++i) s[i] = p2_sbox(fp_add(s[i], rc[i]));
  p2_external(s);
}

void gf_poseidon2_portable(uint64_t state[8]) {
  p2_external(state);
  for (int r = 0; r < 4; ++r) p2_full_round(state, kP2External[r]);
  for (int r = 0; r < 22; ++r) {
    state[0] = p2_sbox(fp_add(state[0], kP2Internal[r]));
    uint64_t sum = 0;
    for (int i = 0; i < 8; ++i) sum = fp_add(sum, state[i]);
    for (int i = 0; i < 8; ++i) state[i] = fp_add(fp_mul(state[i], kP2Diag[i]), sum);
  }
  for (int r = 4; r < 8; ++r) p2_full_round(state, kP2External[r]);
}

void gf_poseidon2(uint64_t state[8]) {
  if (!gf_in_goldfinch()) {
    gf_poseidon2_portable(state);
    return;
  }
  gf_poseidon2_ecall(state);
}

/* ---- Keccak sponge (rate 136 bytes, 32-byte digest) ---- */

enum { kKeccakRate = 136 };

static void keccak_init(GfKeccak* k, uint8_t pad) {
  memset(k->state, 0, sizeof k->state);
  k->pos = 0;
  k->pad = pad;
  k->portable = 0;
}

void gf_keccak_use_portable(GfKeccak* k) { k->portable = 1; }

/* Keccak-f on the sponge's state: the precompile or, for a portable sponge, the software one. */
static void keccak_permute(GfKeccak* k) {
  if (k->portable) {
    gf_keccakf_portable(k->state);
  } else {
    gf_keccakf(k->state);
  }
}

void gf_keccak256_init(GfKeccak* k) { keccak_init(k, 0x01); }
void gf_sha3_256_init(GfKeccak* k) { keccak_init(k, 0x06); }

/* The state's bytes are the lanes' little-endian bytes (RV32 is little-endian). */
void gf_keccak_update(GfKeccak* k, const void* data, size_t len) {
  const uint8_t* p = (const uint8_t*)data;
  uint8_t* s = (uint8_t*)k->state;
  while (len > 0) {
    if (k->pos == 0 && len >= kKeccakRate && ((uintptr_t)p & 3) == 0) {
      /* A whole block, lane by lane (memcpy of 4-byte-aligned words: lw, no aliasing questions). */
      const uint8_t* q = (const uint8_t*)__builtin_assume_aligned(p, 4);
      for (int i = 0; i < kKeccakRate / 8; ++i) {
        uint32_t lo, hi;
        memcpy(&lo, q + 8 * i, 4);
        memcpy(&hi, q + 8 * i + 4, 4);
        k->state[i] ^= (uint64_t)hi << 32 | lo;
      }
      keccak_permute(k);
      p += kKeccakRate;
      len -= kKeccakRate;
      continue;
    }
    s[k->pos++] ^= *p++;
    --len;
    if (k->pos == kKeccakRate) {
      keccak_permute(k);
      k->pos = 0;
    }
  }
}

void gf_keccak_final(GfKeccak* k, uint8_t out[32]) {
  uint8_t* s = (uint8_t*)k->state;
  s[k->pos] ^= k->pad;
  s[kKeccakRate - 1] ^= 0x80;
  keccak_permute(k);
  memcpy(out, s, 32);
}

void gf_keccak256(const void* data, size_t len, uint8_t out[32]) {
  GfKeccak k;
  gf_keccak256_init(&k);
  gf_keccak_update(&k, data, len);
  gf_keccak_final(&k, out);
}

void gf_sha3_256(const void* data, size_t len, uint8_t out[32]) {
  GfKeccak k;
  gf_sha3_256_init(&k);
  gf_keccak_update(&k, data, len);
  gf_keccak_final(&k, out);
}

void gf_keccak256_portable(const void* data, size_t len, uint8_t out[32]) {
  GfKeccak k;
  gf_keccak256_init(&k);
  gf_keccak_use_portable(&k);
  gf_keccak_update(&k, data, len);
  gf_keccak_final(&k, out);
}

void gf_sha3_256_portable(const void* data, size_t len, uint8_t out[32]) {
  GfKeccak k;
  gf_sha3_256_init(&k);
  gf_keccak_use_portable(&k);
  gf_keccak_update(&k, data, len);
  gf_keccak_final(&k, out);
}

/* ---- BLAKE3 ---- */

enum { kChunkStart = 1, kChunkEnd = 2, kParent = 4, kRoot = 8, kChunkLen = 1024, kBlockLen = 64 };

void gf_blake3_init(GfBlake3* b) {
  memcpy(b->chunk_cv, kBlake3Iv, sizeof b->chunk_cv);
  b->chunk_counter = 0;
  b->block_len = 0;
  b->blocks_compressed = 0;
  b->cv_stack_len = 0;
  b->portable = gf_in_goldfinch() ? 0 : 1;  /* decided once: outside Goldfinch the software one */
}

void gf_blake3_use_portable(GfBlake3* b) { b->portable = 1; }

/* The compression this hasher runs on: the precompile or, for a portable hasher, the software one. */
typedef void (*Blake3CompressFn)(const uint32_t cv[8], const uint32_t block[16], uint64_t counter, uint32_t block_len,
                                 uint32_t flags, uint32_t out[16]);
static Blake3CompressFn blake3_compress_fn(const GfBlake3* b) {
  return b->portable ? gf_blake3_compress_portable : gf_blake3_compress_ecall;
}

static uint32_t chunk_start_flag(const GfBlake3* b) { return b->blocks_compressed == 0 ? kChunkStart : 0; }

/* The chaining value of the parent of `left` and `right`, into `out` (8 words). */
static void parent_cv(Blake3CompressFn compress, const uint32_t left[8], const uint32_t right[8], uint32_t out[8]) {
  uint32_t block[16], full[16];
  memcpy(block, left, 32);
  memcpy(block + 8, right, 32);
  compress(kBlake3Iv, block, 0, kBlockLen, kParent, full);
  memcpy(out, full, 32);
}

/* Pushes a finished chunk's cv, first merging every completed subtree (one per trailing zero bit
 * of the number of chunks so far). */
static void push_chunk_cv(GfBlake3* b, uint32_t cv[8], uint64_t total_chunks) {
  while ((total_chunks & 1) == 0) {
    parent_cv(blake3_compress_fn(b), b->cv_stack[--b->cv_stack_len], cv, cv);
    total_chunks >>= 1;
  }
  memcpy(b->cv_stack[b->cv_stack_len++], cv, 32);
}

void gf_blake3_update(GfBlake3* b, const void* data, size_t len) {
  const Blake3CompressFn compress = blake3_compress_fn(b);
  const uint8_t* p = (const uint8_t*)data;
  while (len > 0) {
    const uint32_t chunk_len = kBlockLen * b->blocks_compressed + b->block_len;
    if (chunk_len == kChunkLen) {
      /* The chunk is full and more input follows: finish it (its last block is not the root). */
      uint32_t out[16];
      compress(b->chunk_cv, b->block, b->chunk_counter, kBlockLen, kChunkEnd | chunk_start_flag(b), out);
      const uint64_t total = ++b->chunk_counter;
      push_chunk_cv(b, out, total);
      memcpy(b->chunk_cv, kBlake3Iv, sizeof b->chunk_cv);
      b->block_len = 0;  /* no zeroing: gf_blake3_final pads the last block itself */
      b->blocks_compressed = 0;
    }
    if (b->block_len == kBlockLen) {
      /* A full block with more input after it in this chunk. */
      uint32_t out[16];
      compress(b->chunk_cv, b->block, b->chunk_counter, kBlockLen, chunk_start_flag(b), out);
      for (int i = 0; i < 8; ++i) b->chunk_cv[i] = out[i];
      ++b->blocks_compressed;
      b->block_len = 0;
    }
    if (b->block_len == 0 && ((uintptr_t)p & 3) == 0 && b->blocks_compressed < kChunkLen / kBlockLen - 1 &&
        len > kBlockLen) {
      /* Whole blocks that are neither the chunk's last nor the input's last: straight from the
       * input (RV32 is little-endian: its bytes are the block's words), in one tight loop. */
      uint32_t out[16];
      do {
        compress(b->chunk_cv, (const uint32_t*)p, b->chunk_counter, kBlockLen, chunk_start_flag(b), out);
        for (int i = 0; i < 8; ++i) b->chunk_cv[i] = out[i];
        ++b->blocks_compressed;
        p += kBlockLen;
        len -= kBlockLen;
      } while (b->blocks_compressed < kChunkLen / kBlockLen - 1 && len > kBlockLen);
      continue;
    }
    size_t take = kBlockLen - b->block_len;
    if (take > len) take = len;
    memcpy((uint8_t*)b->block + b->block_len, p, take);
    b->block_len += (uint32_t)take;
    p += take;
    len -= take;
  }
}

void gf_blake3_final(const GfBlake3* b, uint8_t out[32]) {
  /* The current chunk's last block, then its parents up the stack; ROOT on the last of these. */
  const Blake3CompressFn compress = blake3_compress_fn(b);
  uint32_t cv[8], block[16], full[16];
  uint32_t flags = kChunkEnd | chunk_start_flag(b), block_len = b->block_len;
  uint64_t counter = b->chunk_counter;
  memcpy(cv, b->chunk_cv, sizeof cv);
  memcpy(block, b->block, sizeof block);
  memset((uint8_t*)block + block_len, 0, kBlockLen - block_len);  /* the last block's zero padding */
  for (uint32_t i = b->cv_stack_len; i > 0; --i) {
    compress(cv, block, counter, block_len, flags, full);
    memcpy(block, b->cv_stack[i - 1], 32);
    memcpy(block + 8, full, 32);
    memcpy(cv, kBlake3Iv, sizeof cv);
    counter = 0;
    block_len = kBlockLen;
    flags = kParent;
  }
  compress(cv, block, counter, block_len, flags | kRoot, full);
  memcpy(out, full, 32);
}

void gf_blake3(const void* data, size_t len, uint8_t out[32]) {
  GfBlake3 b;
  gf_blake3_init(&b);
  gf_blake3_update(&b, data, len);
  gf_blake3_final(&b, out);
}

void gf_blake3_portable(const void* data, size_t len, uint8_t out[32]) {
  GfBlake3 b;
  gf_blake3_init(&b);
  gf_blake3_use_portable(&b);
  gf_blake3_update(&b, data, len);
  gf_blake3_final(&b, out);
}
