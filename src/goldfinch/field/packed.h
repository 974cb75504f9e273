// Packed (SIMD) Goldilocks arithmetic: the PackedField concept every width shares, and the
// width-1 PackedScalar. AVX2 and AVX-512 packings live in packed_avx2.h / packed_avx512.h and are
// only included by translation units compiled with that ISA's flags (see docs/ntt.md, "ODR rule").
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>

#include "goldfinch/base/check.h"
#include "goldfinch/field/goldilocks.h"

namespace goldfinch {

// kWidth lanes of canonical field elements. Every operation returns canonical lanes (< p).
template <class P>
concept PackedField = requires(P a, P b, const Fp* src, Fp* dst, Fp x) {
  { P::kWidth } -> std::convertible_to<size_t>;
  { P::load(src) } -> std::same_as<P>;
  { a.store(dst) };
  { P::broadcast(x) } -> std::same_as<P>;
  { a + b } -> std::same_as<P>;
  { a - b } -> std::same_as<P>;
  { -a } -> std::same_as<P>;
  { a * b } -> std::same_as<P>;
  { a.square() } -> std::same_as<P>;
};

// A packing of width 1: the scalar path of every kernel written against PackedField, and the
// scalar tail inside ISA kernels. Its arithmetic works on the raw u64 (reinterpreted with
// __builtin_bit_cast) through always_inline code only, so using it in an ISA translation unit
// emits no shared out-of-line function even at -O0 (Fp's own operators call Fp's private
// constructor, which an unoptimized build emits as a weak symbol).
struct PackedScalar {
  static constexpr size_t kWidth = 1;
  Fp v;

  GF_INLINE static uint64_t raw(Fp x) { return __builtin_bit_cast(uint64_t, x); }
  GF_INLINE static PackedScalar make(uint64_t x) { return {__builtin_bit_cast(Fp, x)}; }

  // Branch-free helpers: on random data the branches of a naive reduction mispredict often.
  GF_INLINE static uint64_t mask(bool c) { return uint64_t{0} - static_cast<uint64_t>(c); }
  GF_INLINE static uint64_t canonical(uint64_t x) {
    uint64_t r;
    const bool below = __builtin_sub_overflow(x, Fp::kModulus, &r);
    return below ? x : r;
  }
  // hi * 2^64 + lo -> canonical, via 2^64 = 2^32 - 1 and 2^96 = -1 (as Fp::reduce128).
  GF_INLINE static uint64_t reduce128(uint64_t hi, uint64_t lo) {
    uint64_t t0;
    const bool borrow = __builtin_sub_overflow(lo, hi >> 32, &t0);
    t0 -= mask(borrow) & Fp::kEpsilon;
    const uint64_t t1 = (hi & Fp::kEpsilon) * Fp::kEpsilon;
    uint64_t t2;
    const bool carry = __builtin_add_overflow(t0, t1, &t2);
    return canonical(t2 + (mask(carry) & Fp::kEpsilon));
  }

  GF_INLINE static PackedScalar load(const Fp* p) { return {*p}; }
  GF_INLINE void store(Fp* p) const { *p = v; }
  GF_INLINE static PackedScalar broadcast(Fp x) { return {x}; }
  GF_INLINE friend PackedScalar operator+(PackedScalar a, PackedScalar b) {
    uint64_t s;
    const bool carry = __builtin_add_overflow(raw(a.v), raw(b.v), &s);
    s += mask(carry) & Fp::kEpsilon;  // cannot overflow again: s < p - eps after a carry
    return make(canonical(s));
  }
  GF_INLINE friend PackedScalar operator-(PackedScalar a, PackedScalar b) {
    uint64_t d;
    const bool borrow = __builtin_sub_overflow(raw(a.v), raw(b.v), &d);
    return make(d + (mask(borrow) & Fp::kModulus));
  }
  GF_INLINE friend PackedScalar operator*(PackedScalar a, PackedScalar b) {
    const unsigned __int128 x = static_cast<unsigned __int128>(raw(a.v)) * raw(b.v);
    return make(reduce128(static_cast<uint64_t>(x >> 64), static_cast<uint64_t>(x)));
  }
  GF_INLINE PackedScalar operator-() const {
    const uint64_t x = raw(v);
    return make(x == 0 ? 0 : Fp::kModulus - x);
  }
  GF_INLINE PackedScalar square() const { return *this * *this; }
};

static_assert(PackedField<PackedScalar>);

}  // namespace goldfinch
