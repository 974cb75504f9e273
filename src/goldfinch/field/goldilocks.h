// The Goldilocks prime field F_p, p = 2^64 - 2^32 + 1, Goldfinch's base field.
// Values are always kept canonical (< p), so equality, hashing and serialization are plain
// integer operations. p - 1 = 2^32 * (2^32 - 1): the field has two-adic subgroups up to 2^32,
// which the NTT and FRI use. Packed (SIMD) arithmetic lives in packed_*.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "goldfinch/base/check.h"
#include "goldfinch/base/error.h"

namespace goldfinch {

class Fp {
 public:
  static constexpr uint64_t kModulus = 0xFFFFFFFF00000001ull;
  static constexpr uint64_t kEpsilon = 0xFFFFFFFFull;  // 2^64 mod p = 2^32 - 1
  static constexpr unsigned kTwoAdicity = 32;
  static constexpr uint64_t kGenerator = 7;  // generates the multiplicative group
  // 7^((p-1)/2^32): a primitive 2^32-th root of unity.
  static constexpr uint64_t kTwoAdicGenerator = 1753635133440165772ull;
  static constexpr size_t kBytes = 8;

  constexpr Fp() = default;
  // Reduces any u64 into the field.
  static constexpr Fp from_u64(uint64_t x) { return Fp(x >= kModulus ? x - kModulus : x, Raw{}); }
  // Trusts that x < p (checked in debug builds only via tests); for internal constants.
  static constexpr Fp from_canonical(uint64_t x) { return Fp(x, Raw{}); }
  static constexpr Fp from_i64(int64_t x) {
    return x >= 0 ? from_u64(static_cast<uint64_t>(x)) : -from_u64(static_cast<uint64_t>(-(x + 1)) + 1);
  }
  static constexpr Fp zero() { return Fp(); }
  static constexpr Fp one() { return Fp(1, Raw{}); }

  constexpr uint64_t value() const { return v_; }
  constexpr bool is_zero() const { return v_ == 0; }

  // Branch-free (masks instead of conditionals): on random data the branches of a naive
  // reduction mispredict often; the NTT measured 3x from this in PackedScalar.
  GF_INLINE static constexpr uint64_t mask(bool c) { return uint64_t{0} - static_cast<uint64_t>(c); }
  GF_INLINE static constexpr uint64_t canonical(uint64_t x) {
    uint64_t r;
    const bool below = __builtin_sub_overflow(x, kModulus, &r);
    return below ? x : r;
  }

  GF_INLINE constexpr Fp operator+(Fp o) const {
    // v_ + o.v_ < 2p < 2^65: add, then fold the carry (2^64 = epsilon) and reduce once.
    uint64_t s;
    const bool carry = __builtin_add_overflow(v_, o.v_, &s);
    s += mask(carry) & kEpsilon;  // cannot overflow again: s < p - epsilon when carry
    return Fp(canonical(s), Raw{});
  }
  GF_INLINE constexpr Fp operator-(Fp o) const {
    uint64_t d;
    const bool borrow = __builtin_sub_overflow(v_, o.v_, &d);
    return Fp(d + (mask(borrow) & kModulus), Raw{});
  }
  GF_INLINE constexpr Fp operator-() const { return Fp(v_ == 0 ? 0 : kModulus - v_, Raw{}); }
  GF_INLINE constexpr Fp operator*(Fp o) const {
#if defined(__SIZEOF_INT128__)
    return Fp(reduce128(static_cast<unsigned __int128>(v_) * o.v_), Raw{});
#else
    uint64_t hi = 0;
    const uint64_t lo = mul_wide_portable(v_, o.v_, &hi);
    return Fp(reduce_wide(lo, hi), Raw{});
#endif
  }
  constexpr Fp& operator+=(Fp o) { return *this = *this + o; }
  constexpr Fp& operator-=(Fp o) { return *this = *this - o; }
  constexpr Fp& operator*=(Fp o) { return *this = *this * o; }
  constexpr bool operator==(const Fp&) const = default;

  GF_INLINE constexpr Fp square() const { return *this * *this; }
  GF_INLINE constexpr Fp dbl() const { return *this + *this; }

  constexpr Fp pow(uint64_t e) const {
    Fp base = *this, acc = one();
    while (e) {
      if (e & 1) acc *= base;
      base = base.square();
      e >>= 1;
    }
    return acc;
  }

  // Multiplicative inverse; the inverse of zero is defined as zero (callers that must not see
  // zero check for it). Uses an addition chain for p - 2.
  constexpr Fp inverse() const {
    // p - 2 = 2^64 - 2^32 - 1 = 0xFFFFFFFEFFFFFFFF: 31 ones, a zero, 32 ones.
    Fp t2 = square() * *this;            // x^(2^2-1)
    Fp t4 = t2.exp_pow2(2) * t2;         // 2^4-1
    Fp t8 = t4.exp_pow2(4) * t4;         // 2^8-1
    Fp t16 = t8.exp_pow2(8) * t8;        // 2^16-1
    Fp t32 = t16.exp_pow2(16) * t16;     // 2^32-1
    Fp t31 = t16.exp_pow2(15) * t8.exp_pow2(7) * t4.exp_pow2(3) * t2.exp_pow2(1) * *this;  // 2^31-1
    return t31.exp_pow2(33) * t32;       // (2^31-1)*2^33 + 2^32-1
  }

  // x^(2^k)
  constexpr Fp exp_pow2(unsigned k) const {
    Fp r = *this;
    for (unsigned i = 0; i < k; ++i) r = r.square();
    return r;
  }

  // A primitive 2^log_n-th root of unity (log_n <= 32): kTwoAdicGenerator^(2^(32 - log_n)), and
  // its inverse, from tables (the in-VM verifier asks for them per query and per FRI layer; a
  // table lookup instead of up to 32 squarings or an inversion). field_test recomputes both.
  static constexpr Fp two_adic_root(unsigned log_n) {
    GF_CHECK(log_n <= kTwoAdicity, "two-adic root of order above 2^32");
    return from_canonical(kTwoAdicRoots[log_n]);
  }
  static constexpr Fp two_adic_root_inverse(unsigned log_n) {
    GF_CHECK(log_n <= kTwoAdicity, "two-adic root of order above 2^32");
    return from_canonical(kTwoAdicRootInverses[log_n]);
  }
  static constexpr uint64_t kTwoAdicRoots[33] = {
      0x0000000000000001ull, 0xFFFFFFFF00000000ull, 0x0001000000000000ull,
      0xFFFFFFFEFF000001ull, 0xEFFFFFFF00000001ull, 0x00003FFFFFFFC000ull,
      0x0000008000000000ull, 0xF80007FF08000001ull, 0xBF79143CE60CA966ull,
      0x1905D02A5C411F4Eull, 0x9D8F2AD78BFED972ull, 0x0653B4801DA1C8CFull,
      0xF2C35199959DFCB6ull, 0x1544EF2335D17997ull, 0xE0EE099310BBA1E2ull,
      0xF6B2CFFE2306BAACull, 0x54DF9630BF79450Eull, 0xABD0A6E8AA3D8A0Eull,
      0x81281A7B05F9BEACull, 0xFBD41C6B8CAA3302ull, 0x30BA2ECD5E93E76Dull,
      0xF502AEF532322654ull, 0x4B2A18ADE67246B5ull, 0xEA9D5A1336FBC98Bull,
      0x86CDCC31C307E171ull, 0x4BBAF5976ECFEFD8ull, 0xED41D05B78D6E286ull,
      0x10D78DD8915A171Dull, 0x59049500004A4485ull, 0xDFA8C93BA46D2666ull,
      0x7E9BD009B86A0845ull, 0x400A7F755588E659ull, 0x185629DCDA58878Cull};
  static constexpr uint64_t kTwoAdicRootInverses[33] = {
      0x0000000000000001ull, 0xFFFFFFFF00000000ull, 0xFFFEFFFF00000001ull,
      0x000000FFFFFFFF00ull, 0x0000001000000000ull, 0xFFFFFFFEFFFC0001ull,
      0xFDFFFFFF00000001ull, 0xFFEFFFFF00000011ull, 0x1D62E30FA4A4EEB0ull,
      0x3DE19C67CF496A74ull, 0x3B9AE9D1D8D87589ull, 0x76A40E0866A8E50Dull,
      0x9AF01E431FBD6EA0ull, 0x3712791D9EB0314Aull, 0x409730A1895ADFB6ull,
      0x158EE068C8241329ull, 0x6D341B1C9A04ED19ull, 0xCC9E5A57B8343B3Full,
      0x22E1FBF03F8B95D6ull, 0x46A23C48234C7DF9ull, 0xEF8856969FE6ED7Bull,
      0xA52008AC564A2368ull, 0xD46E5A4C36458C11ull, 0x4BB9AEE372CF655Eull,
      0x10EB845263814DB7ull, 0xC01F93FC71BB0B9Bull, 0xEA52F593BB20759Aull,
      0x91F3853F38E675D9ull, 0x3EA7EAB8D8857184ull, 0xE4D14A114454645Dull,
      0xE2434909EEC4F00Bull, 0x95C0EC9A7AB50701ull, 0x76B6B635B6FC8719ull};

#if defined(__SIZEOF_INT128__)
  // Reduces a 128-bit value to a canonical field element.
  GF_INLINE static constexpr uint64_t reduce128(unsigned __int128 x) {
    return reduce_wide(static_cast<uint64_t>(x), static_cast<uint64_t>(x >> 64));
  }
#endif

  // 64 x 64 -> 128-bit product from four 32 x 32 -> 64 products, for targets without a 128-bit
  // integer type (RV32IM guests: each partial product is one mul + mulhu). Returns the low half.
  GF_INLINE static constexpr uint64_t mul_wide_portable(uint64_t a, uint64_t b, uint64_t* hi) {
    const uint64_t a0 = a & kEpsilon, a1 = a >> 32, b0 = b & kEpsilon, b1 = b >> 32;
    const uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    // middle = p01 + p10 + (p00 >> 32) can exceed 2^64: keep its carry.
    const uint64_t mid = (p00 >> 32) + (p01 & kEpsilon) + (p10 & kEpsilon);
    *hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
    return (mid << 32) | (p00 & kEpsilon);
  }

  // Reduces lo + hi * 2^64 to a canonical field element.
  GF_INLINE static constexpr uint64_t reduce_wide(uint64_t lo, uint64_t hi) {
    const uint64_t hi_hi = hi >> 32, hi_lo = hi & kEpsilon;
    // x = lo + hi_lo * 2^64 + hi_hi * 2^96 = lo + hi_lo * eps - hi_hi  (2^96 = -1 mod p)
    uint64_t t0;
    const bool borrow = __builtin_sub_overflow(lo, hi_hi, &t0);
    t0 -= mask(borrow) & kEpsilon;  // borrow of 2^64 = eps
    const uint64_t t1 = hi_lo * kEpsilon;
    uint64_t t2;
    const bool carry = __builtin_add_overflow(t0, t1, &t2);
    return canonical(t2 + (mask(carry) & kEpsilon));  // carry of 2^64 = eps; no 2nd carry
  }

  // Canonical little-endian encoding.
  void to_bytes(uint8_t out[8]) const {
    for (int i = 0; i < 8; ++i) out[i] = static_cast<uint8_t>(v_ >> (8 * i));
  }
  // Decodes 8 little-endian bytes; rejects values >= p.
  static Result<Fp> from_bytes(const uint8_t in[8]) {
    uint64_t x = 0;
    for (int i = 0; i < 8; ++i) x |= static_cast<uint64_t>(in[i]) << (8 * i);
    if (x >= kModulus) return Error{ErrorCode::kNonCanonical, "field element >= p", kModulus - 1, x};
    return Fp(x, Raw{});
  }

 private:
  struct Raw {};
  GF_INLINE constexpr Fp(uint64_t v, Raw) : v_(v) {}
  uint64_t v_ = 0;
};

static_assert(sizeof(Fp) == 8, "Fp must be a plain u64 so matrices of Fp are u64 arrays");

// Inverts every element of `v` in place with one field inversion (Montgomery's trick).
// Zeros stay zero. `scratch` must hold v.size() elements.
void batch_inverse(std::span<Fp> v, std::span<Fp> scratch);
void batch_inverse(std::span<Fp> v);

}  // namespace goldfinch
