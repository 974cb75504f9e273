/* Goldfinch guest SDK: system calls, in-place private input and profiler step markers.
 * The ABI these wrap is specified in docs/guest_abi.md; the same ELF runs under
 * `goldfinch run` and under qemu-riscv32 (where the Goldfinch-only calls return -ENOSYS). */
#ifndef GOLDFINCH_GUEST_H_
#define GOLDFINCH_GUEST_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* System call numbers (a7). 63/64/93 mean what they mean on Linux. */
#define GF_SYS_READ 63
#define GF_SYS_WRITE 64
#define GF_SYS_EXIT 93
#define GF_SYS_COMMIT 0x47460001
#define GF_SYS_CYCLE_COUNT 0x47460002
#define GF_SYS_KECCAK_F 0x47460003
#define GF_SYS_BLAKE3_COMPRESS 0x47460004
#define GF_SYS_FP3_HORNER 0x47460005
#define GF_SYS_POSEIDON2 0x47460006
#define GF_SYS_VERIFY_CLAIM 0x47460007
#define GF_FP3_HORNER_MAX_TERMS 4096
#define GF_ENOSYS 38

/* Input region: a 16-byte header at GF_INPUT_BASE, payload right after it. */
#define GF_INPUT_BASE 0x20000000u
#define GF_INPUT_PAYLOAD (GF_INPUT_BASE + 16u)
#define GF_INPUT_END 0x30000000u
#define GF_INPUT_MAGIC 0x4E494647u /* "GFIN" little-endian */
#define GF_INPUT_VERSION 1u

typedef struct GfInputHeader {
  uint32_t magic;
  uint32_t version;
  uint32_t length;
  uint32_t reserved;
} GfInputHeader;

static inline long gf_syscall3(long n, long a0, long a1, long a2) {
  register long r_a0 __asm__("a0") = a0;
  register long r_a1 __asm__("a1") = a1;
  register long r_a2 __asm__("a2") = a2;
  register long r_a7 __asm__("a7") = n;
  __asm__ volatile("ecall" : "+r"(r_a0), "+r"(r_a1) : "r"(r_a2), "r"(r_a7) : "memory");
  return r_a0;
}

/* Stops the guest with `code` (0..255 under qemu; the low 8 bits are what a shell sees). Flushes
 * the SDK's stdout/stderr buffers first. */
__attribute__((noreturn)) void gf_exit(int code);

/* Writes `len` bytes to the host console: fd 1 (stdout) or 2 (stderr). Not part of the proof.
 * Returns the number of bytes written or a negative errno. Unbuffered (printf is buffered). */
static inline long gf_write(int fd, const void* buf, size_t len) {
  return gf_syscall3(GF_SYS_WRITE, fd, (long)buf, (long)len);
}

/* Reads up to `len` bytes of the private input stream (fd 0) at its sequential cursor.
 * Returns the count (0 at the end) or a negative errno. */
static inline long gf_read(void* buf, size_t len) {
  return gf_syscall3(GF_SYS_READ, 0, (long)buf, (long)len);
}

/* Appends `len` bytes to the public output. Returns 0, or -GF_ENOSYS under qemu-riscv32, where
 * the SDK writes the bytes to fd 3 if the host opened it, else nothing (see docs/guest_sdk.md). */
long gf_commit(const void* buf, size_t len);

/* Assumes that the program whose key digest is `key_digest` (32 bytes: its shard verifying key's
 * digest, `goldfinch key`) ran to exit 0 with public output whose BLAKE3 is `output_digest`
 * (32 bytes). The 64 bytes are committed to the public output like gf_commit and marked as a
 * claim: this run's proof then holds only on that condition, which an aggregation node holding a
 * proof of the claimed run discharges (docs/recursion.md, "Claims"). Returns 0, or -GF_ENOSYS
 * under qemu-riscv32 (where nothing is committed). */
long gf_verify_claim(const uint8_t key_digest[32], const uint8_t output_digest[32]);

/* Cycles executed so far (Goldfinch), or UINT64_MAX under qemu-riscv32. */
static inline uint64_t gf_cycle_count(void) {
  register long r_a0 __asm__("a0") = 0;
  register long r_a1 __asm__("a1") = 0;
  register long r_a7 __asm__("a7") = GF_SYS_CYCLE_COUNT;
  __asm__ volatile("ecall" : "+r"(r_a0), "+r"(r_a1) : "r"(r_a7) : "memory");
  if (r_a0 == -GF_ENOSYS && r_a1 == 0) return UINT64_MAX;
  return ((uint64_t)(uint32_t)r_a1 << 32) | (uint32_t)r_a0;
}

/* 1 when running inside Goldfinch, 0 under qemu-riscv32 (decided once by crt0, which probes
 * GF_SYS_CYCLE_COUNT: Linux answers -ENOSYS). */
int gf_in_goldfinch(void);

/* The whole private input payload, in place (Goldfinch: the read-only input region, 16-byte
 * aligned; qemu: stdin read once into a 16-byte-aligned heap buffer). Sets *len. Independent of
 * the read() cursor inside Goldfinch; under qemu it consumes stdin, so use one or the other. */
const void* gf_input(size_t* len);

/* ---- Precompiles (docs/guest_abi.md). One cycle each inside Goldfinch, proven by the circuit's
 * Keccak-f and BLAKE3 compression tables; under qemu-riscv32 the SDK computes the same result in
 * software. */

/* Keccak-f[1600] (24 rounds) on the 25 lanes at `state` (8-byte aligned), in place. */
void gf_keccakf(uint64_t state[25]);

/* One BLAKE3 compression: cv (8 words), block (16 little-endian words), 64-bit counter,
 * block_len (<= 64), flags (< 256). Writes the full 64-byte output to `out`: words 0..7 are the
 * new chaining value (v[i] ^ v[i + 8]), words 8..15 are v[i + 8] ^ cv[i]. All pointers 4-byte
 * aligned; `out` may overlap the inputs. */
void gf_blake3_compress(const uint32_t cv[8], const uint32_t block[16], uint64_t counter, uint32_t block_len,
                        uint32_t flags, uint32_t out[16]);

/* A Horner sum in F_p^3 = F_p[t] / (t^3 - t - 1), p = 2^64 - 2^32 + 1 (the Goldilocks field and
 * the extension Goldfinch's own verifier uses): with acc = 0 and acc = (acc + c_i) * x for
 * i = 0..n-1, out = sum_i c_i x^(n - i). An element of F_p^3 is 3 uint64_t (c0 + c1 t + c2 t^2);
 * coefficient i is coeffs[i] (kind 1: in F_p) or coeffs[3i..3i+2] (kind 3: in F_p^3). Every
 * uint64_t is taken mod p; out is written canonical (< p). 1 <= n <= GF_FP3_HORNER_MAX_TERMS;
 * pointers 4-byte aligned; out may overlap the inputs. n = 1, kind 3 is the product c_0 * x. */
void gf_fp3_horner(const uint64_t x[3], const uint64_t* coeffs, uint32_t n, uint32_t kind, uint64_t out[3]);

/* The Poseidon2 permutation over the Goldilocks field p = 2^64 - 2^32 + 1, width 8 (x^7, 8 full
 * and 22 partial rounds, the HorizenLabs/Plonky3 constants): the 8 elements at `state` (8-byte
 * aligned, writable) are replaced by their permutation. Every element must be canonical (< p):
 * inside Goldfinch a non-canonical one stops the run. */
void gf_poseidon2(uint64_t state[8]);

/* The same functions in plain RV32IM software, on every host (what gf_keccakf and
 * gf_blake3_compress fall back to under qemu): the baseline the precompiles are measured against
 * (guest/examples/hash_bench.c). Same arguments, alignment and overlap rules, same results. */
void gf_keccakf_portable(uint64_t state[25]);
void gf_blake3_compress_portable(const uint32_t cv[8], const uint32_t block[16], uint64_t counter, uint32_t block_len,
                                 uint32_t flags, uint32_t out[16]);
void gf_fp3_horner_portable(const uint64_t x[3], const uint64_t* coeffs, uint32_t n, uint32_t kind, uint64_t out[3]);
void gf_poseidon2_portable(uint64_t state[8]);

/* The bare system calls, inlined (the verifier guest calls them tens of thousands of times, where
 * a call through gf_fp3_horner costs as much again as the call itself). The *_ecall functions
 * have no software fallback (inside Goldfinch only); gf_fp3_horner_inline,
 * gf_blake3_compress_inline and gf_poseidon2_inline test the host with one load and fall back
 * under qemu. */
extern int __gf_host_is_linux; /* set by crt0 under qemu-riscv32 (gf_in_goldfinch() is its negation) */
static inline void gf_fp3_horner_ecall(const uint64_t x[3], const uint64_t* coeffs, uint32_t n, uint32_t kind,
                                       uint64_t out[3]) {
  register long r_a0 __asm__("a0") = (long)x;
  register long r_a1 __asm__("a1") = (long)coeffs;
  register long r_a2 __asm__("a2") = (long)n;
  register long r_a3 __asm__("a3") = (long)out;
  register long r_a4 __asm__("a4") = (long)kind;
  register long r_a7 __asm__("a7") = GF_SYS_FP3_HORNER;
  __asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a1), "r"(r_a2), "r"(r_a3), "r"(r_a4), "r"(r_a7) : "memory");
}
static inline void gf_blake3_compress_ecall(const uint32_t cv[8], const uint32_t block[16], uint64_t counter,
                                            uint32_t block_len, uint32_t flags, uint32_t out[16]) {
  register long r_a0 __asm__("a0") = (long)cv;
  register long r_a1 __asm__("a1") = (long)block;
  register long r_a2 __asm__("a2") = (long)(uint32_t)counter;
  register long r_a3 __asm__("a3") = (long)(uint32_t)(counter >> 32);
  register long r_a4 __asm__("a4") = (long)block_len;
  register long r_a5 __asm__("a5") = (long)flags;
  register long r_a6 __asm__("a6") = (long)out;
  register long r_a7 __asm__("a7") = GF_SYS_BLAKE3_COMPRESS;
  __asm__ volatile("ecall"
                   : "+r"(r_a0)
                   : "r"(r_a1), "r"(r_a2), "r"(r_a3), "r"(r_a4), "r"(r_a5), "r"(r_a6), "r"(r_a7)
                   : "memory");
}
static inline void gf_poseidon2_ecall(uint64_t state[8]) {
  register long r_a0 __asm__("a0") = (long)state;
  register long r_a7 __asm__("a7") = GF_SYS_POSEIDON2;
  __asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a7) : "memory");
}
static inline void gf_poseidon2_inline(uint64_t state[8]) {
  if (__builtin_expect(__gf_host_is_linux, 0)) gf_poseidon2_portable(state);
  else gf_poseidon2_ecall(state);
}
static inline void gf_fp3_horner_inline(const uint64_t x[3], const uint64_t* coeffs, uint32_t n, uint32_t kind,
                                        uint64_t out[3]) {
  if (__builtin_expect(__gf_host_is_linux, 0)) gf_fp3_horner_portable(x, coeffs, n, kind, out);
  else gf_fp3_horner_ecall(x, coeffs, n, kind, out);
}
static inline void gf_blake3_compress_inline(const uint32_t cv[8], const uint32_t block[16], uint64_t counter,
                                             uint32_t block_len, uint32_t flags, uint32_t out[16]) {
  if (__builtin_expect(__gf_host_is_linux, 0)) gf_blake3_compress_portable(cv, block, counter, block_len, flags, out);
  else gf_blake3_compress_ecall(cv, block, counter, block_len, flags, out);
}

/* Keccak sponge with rate 136 and a 32-byte digest on top of gf_keccakf: Keccak-256 (the
 * original padding 0x01, as Ethereum uses) or SHA3-256 (FIPS 202 padding 0x06). */
typedef struct GfKeccak {
  uint64_t state[25];
  uint32_t pos;     /* bytes absorbed into the current block */
  uint8_t pad;      /* domain byte: 0x01 or 0x06 */
  uint8_t portable; /* 0: gf_keccakf (the precompile); 1: gf_keccakf_portable */
} GfKeccak;
void gf_keccak256_init(GfKeccak* k);
void gf_sha3_256_init(GfKeccak* k);
void gf_keccak_update(GfKeccak* k, const void* data, size_t len);
void gf_keccak_final(GfKeccak* k, uint8_t out[32]); /* k must be re-initialised before reuse */
void gf_keccak256(const void* data, size_t len, uint8_t out[32]);
void gf_sha3_256(const void* data, size_t len, uint8_t out[32]);
/* The same sponge on gf_keccakf_portable: call after the init, before any update. */
void gf_keccak_use_portable(GfKeccak* k);
void gf_keccak256_portable(const void* data, size_t len, uint8_t out[32]);
void gf_sha3_256_portable(const void* data, size_t len, uint8_t out[32]);

/* BLAKE3 (unkeyed, 32-byte output) on top of gf_blake3_compress: 1024-byte chunks chained with
 * CHUNK_START/CHUNK_END, a binary tree of PARENT nodes, ROOT on the last compression. */
typedef struct GfBlake3 {
  uint32_t cv_stack[54][8]; /* one chaining value per tree level (2^54 chunks at most) */
  uint32_t chunk_cv[8];
  uint64_t chunk_counter;
  uint32_t block[16];
  uint32_t block_len;         /* bytes in `block` */
  uint32_t blocks_compressed; /* of the current chunk */
  uint32_t cv_stack_len;
  uint32_t portable; /* 0: the GF_BLAKE3_COMPRESS call; 1: gf_blake3_compress_portable (also outside Goldfinch) */
} GfBlake3;
void gf_blake3_init(GfBlake3* b);
void gf_blake3_update(GfBlake3* b, const void* data, size_t len);
void gf_blake3_final(const GfBlake3* b, uint8_t out[32]);
void gf_blake3(const void* data, size_t len, uint8_t out[32]);
/* The same hasher on gf_blake3_compress_portable: call after the init, before any update. */
void gf_blake3_use_portable(GfBlake3* b);
void gf_blake3_portable(const void* data, size_t len, uint8_t out[32]);

/* Profiler step marker: `addi x0, x0, N` is a no-op that `goldfinch profile` reads as
 * "from here on, count cycles to step N". N is a constant in [-2048, 2047], N != 0. */
#ifdef __cplusplus
#define GF_STATIC_ASSERT_ static_assert
#else
#define GF_STATIC_ASSERT_ _Static_assert
#endif
#define GF_STEP(N)                                                                       \
  do {                                                                                   \
    GF_STATIC_ASSERT_((N) != 0 && (N) >= -2048 && (N) <= 2047,                           \
                      "GF_STEP(N): N must be a nonzero constant in [-2048, 2047]");      \
    __asm__ volatile("addi x0, x0, %0" ::"i"(N));                                        \
  } while (0)

#ifdef __cplusplus
}  /* extern "C" */
#endif

#endif  /* GOLDFINCH_GUEST_H_ */
