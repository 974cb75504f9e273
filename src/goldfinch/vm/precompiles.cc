#include "goldfinch/vm/precompiles.h"

#include <cstddef>

namespace goldfinch::vm {
namespace {

constexpr uint64_t kKeccakRoundConstants[24] = {
    0x0000000000000001ull, 0x0000000000008082ull, 0x800000000000808aull, 0x8000000080008000ull, 0x000000000000808bull,
    0x0000000080000001ull, 0x8000000080008081ull, 0x8000000000008009ull, 0x000000000000008aull, 0x0000000000000088ull,
    0x0000000080008009ull, 0x000000008000000aull, 0x000000008000808bull, 0x800000000000008bull, 0x8000000000008089ull,
    0x8000000000008003ull, 0x8000000000008002ull, 0x8000000000000080ull, 0x000000000000800aull, 0x800000008000000aull,
    0x8000000080008081ull, 0x8000000000008080ull, 0x0000000080000001ull, 0x8000000080008008ull};

// rho offsets r[x, y], indexed x + 5y.
constexpr unsigned kKeccakRho[25] = {0,  1,  62, 28, 27, 36, 44, 6,  55, 20, 3,  10, 43,
                                     25, 39, 41, 45, 15, 21, 8,  18, 2,  61, 56, 14};

constexpr uint64_t rotl64(uint64_t v, unsigned n) { return n == 0 ? v : (v << n) | (v >> (64 - n)); }
constexpr uint32_t rotr32(uint32_t v, unsigned n) { return (v >> n) | (v << (32 - n)); }

constexpr uint32_t kBlake3Iv[8] = {0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A,
                                   0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19};
constexpr unsigned kBlake3Permutation[16] = {2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8};

void g(uint32_t v[16], unsigned a, unsigned b, unsigned c, unsigned d, uint32_t mx, uint32_t my) {
  v[a] = v[a] + v[b] + mx;
  v[d] = rotr32(v[d] ^ v[a], 16);
  v[c] = v[c] + v[d];
  v[b] = rotr32(v[b] ^ v[c], 12);
  v[a] = v[a] + v[b] + my;
  v[d] = rotr32(v[d] ^ v[a], 8);
  v[c] = v[c] + v[d];
  v[b] = rotr32(v[b] ^ v[c], 7);
}

}  // namespace

void keccak_f1600(uint64_t a[25]) {
  for (const uint64_t rc : kKeccakRoundConstants) {
    uint64_t c[5], b[25];
    for (unsigned x = 0; x < 5; ++x) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
    for (unsigned x = 0; x < 5; ++x) {
      const uint64_t d = c[(x + 4) % 5] ^ rotl64(c[(x + 1) % 5], 1);
      for (unsigned y = 0; y < 5; ++y) a[x + 5 * y] ^= d;
    }
    // rho and pi: B[y, 2x + 3y] = rot(A[x, y], r[x, y]).
    for (unsigned x = 0; x < 5; ++x)
      for (unsigned y = 0; y < 5; ++y) b[y + 5 * ((2 * x + 3 * y) % 5)] = rotl64(a[x + 5 * y], kKeccakRho[x + 5 * y]);
    // chi, then iota.
    for (unsigned y = 0; y < 5; ++y)
      for (unsigned x = 0; x < 5; ++x) a[x + 5 * y] = b[x + 5 * y] ^ (~b[(x + 1) % 5 + 5 * y] & b[(x + 2) % 5 + 5 * y]);
    a[0] ^= rc;
  }
}

void blake3_compress_xof(const uint32_t cv[8], const uint32_t block[16], uint64_t counter, uint32_t block_len,
                         uint32_t flags, uint32_t out[16]) {
  uint32_t v[16], m[16];
  for (unsigned i = 0; i < 8; ++i) v[i] = cv[i];
  for (unsigned i = 0; i < 4; ++i) v[8 + i] = kBlake3Iv[i];
  v[12] = static_cast<uint32_t>(counter);
  v[13] = static_cast<uint32_t>(counter >> 32);
  v[14] = block_len;
  v[15] = flags;
  for (unsigned i = 0; i < 16; ++i) m[i] = block[i];
  for (unsigned round = 0; round < 7; ++round) {
    g(v, 0, 4, 8, 12, m[0], m[1]);
    g(v, 1, 5, 9, 13, m[2], m[3]);
    g(v, 2, 6, 10, 14, m[4], m[5]);
    g(v, 3, 7, 11, 15, m[6], m[7]);
    g(v, 0, 5, 10, 15, m[8], m[9]);
    g(v, 1, 6, 11, 12, m[10], m[11]);
    g(v, 2, 7, 8, 13, m[12], m[13]);
    g(v, 3, 4, 9, 14, m[14], m[15]);
    if (round < 6) {
      uint32_t p[16];
      for (unsigned i = 0; i < 16; ++i) p[i] = m[kBlake3Permutation[i]];
      for (unsigned i = 0; i < 16; ++i) m[i] = p[i];
    }
  }
  for (unsigned i = 0; i < 8; ++i) {
    out[i] = v[i] ^ v[i + 8];
    out[i + 8] = v[i + 8] ^ cv[i];
  }
}

// F_p^3 by plain 128-bit remainders (p = 2^64 - 2^32 + 1), apart from src/goldfinch/field (the
// tests' oracle): a product of two residues is below p^2 < 2^128.
namespace {
constexpr uint64_t kGoldilocks = 0xFFFFFFFF00000001ull;
uint64_t mod_p(unsigned __int128 v) { return static_cast<uint64_t>(v % kGoldilocks); }
}  // namespace

void fp3_horner(const uint64_t x[3], const uint64_t* coeffs, uint32_t n, uint32_t kind, uint64_t out[3]) {
  const uint64_t x0 = mod_p(x[0]), x1 = mod_p(x[1]), x2 = mod_p(x[2]);
  uint64_t a[3] = {0, 0, 0};
  for (uint32_t i = 0; i < n; ++i) {
    for (uint32_t j = 0; j < 3; ++j) {
      const uint64_t c = j < kind ? mod_p(coeffs[std::size_t{i} * kind + j]) : 0;
      a[j] = mod_p(static_cast<unsigned __int128>(a[j]) + c);
    }
    // (a0 + a1 t + a2 t^2)(x0 + x1 t + x2 t^2), then t^3 = t + 1 and t^4 = t^2 + t.
    auto mul = [](uint64_t u, uint64_t v) { return static_cast<unsigned __int128>(mod_p(static_cast<unsigned __int128>(u) * v)); };
    const unsigned __int128 d0 = mul(a[0], x0);
    const unsigned __int128 d1 = mul(a[0], x1) + mul(a[1], x0);
    const unsigned __int128 d2 = mul(a[0], x2) + mul(a[1], x1) + mul(a[2], x0);
    const unsigned __int128 d3 = mul(a[1], x2) + mul(a[2], x1);
    const unsigned __int128 d4 = mul(a[2], x2);
    a[0] = mod_p(d0 + d3);
    a[1] = mod_p(d1 + d3 + d4);
    a[2] = mod_p(d2 + d4);
  }
  out[0] = a[0];
  out[1] = a[1];
  out[2] = a[2];
}

}  // namespace goldfinch::vm
