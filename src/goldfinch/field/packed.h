// Packed (SIMD) Goldilocks arithmetic: the PackedField concept every width shares, and the
// width-1 PackedScalar. AVX2 and AVX-512 packings live in packed_avx2.h / packed_avx512.h and are
// only included by translation units compiled with that ISA's flags (see docs/ntt.md, "ODR rule").
#pragma once

#include <concepts>
#include <cstddef>

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

// A packing of width 1: the scalar path of every kernel written against PackedField.
struct PackedScalar {
  static constexpr size_t kWidth = 1;
  Fp v;

  GF_INLINE static PackedScalar load(const Fp* p) { return {*p}; }
  GF_INLINE void store(Fp* p) const { *p = v; }
  GF_INLINE static PackedScalar broadcast(Fp x) { return {x}; }
  GF_INLINE friend PackedScalar operator+(PackedScalar a, PackedScalar b) { return {a.v + b.v}; }
  GF_INLINE friend PackedScalar operator-(PackedScalar a, PackedScalar b) { return {a.v - b.v}; }
  GF_INLINE friend PackedScalar operator*(PackedScalar a, PackedScalar b) { return {a.v * b.v}; }
  GF_INLINE PackedScalar operator-() const { return {-v}; }
  GF_INLINE PackedScalar square() const { return {v * v}; }
};

static_assert(PackedField<PackedScalar>);

}  // namespace goldfinch
