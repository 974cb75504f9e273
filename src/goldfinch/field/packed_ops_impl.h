// Loop bodies of the elementwise kernels, written once against PackedField and instantiated in
// each ISA's translation unit (packed_ops_<isa>.cc) with that ISA's packing. Every name these
// templates pull in is either always_inline or mangled with the packing type, so the
// instantiations cannot collide across ISAs.
#pragma once

#include <cstddef>

#include "goldfinch/field/goldilocks.h"
#include "goldfinch/field/packed.h"

namespace goldfinch::packed::detail {

template <PackedField P, class Op>
GF_INLINE void binary_loop(Fp* out, const Fp* a, const Fp* b, size_t n, Op op) {
  constexpr size_t W = P::kWidth;
  size_t i = 0;
  for (; i + W <= n; i += W) op(P::load(a + i), P::load(b + i)).store(out + i);
  for (; i < n; ++i) op(PackedScalar::load(a + i), PackedScalar::load(b + i)).store(out + i);
}

template <PackedField P>
void add_slices(Fp* out, const Fp* a, const Fp* b, size_t n) {
  binary_loop<P>(out, a, b, n, [](auto x, auto y) { return x + y; });
}
template <PackedField P>
void sub_slices(Fp* out, const Fp* a, const Fp* b, size_t n) {
  binary_loop<P>(out, a, b, n, [](auto x, auto y) { return x - y; });
}
template <PackedField P>
void mul_slices(Fp* out, const Fp* a, const Fp* b, size_t n) {
  binary_loop<P>(out, a, b, n, [](auto x, auto y) { return x * y; });
}
template <PackedField P>
void neg_slice(Fp* out, const Fp* a, size_t n) {
  constexpr size_t W = P::kWidth;
  size_t i = 0;
  for (; i + W <= n; i += W) (-P::load(a + i)).store(out + i);
  for (; i < n; ++i) (-PackedScalar::load(a + i)).store(out + i);
}
template <PackedField P>
void square_slice(Fp* out, const Fp* a, size_t n) {
  constexpr size_t W = P::kWidth;
  size_t i = 0;
  for (; i + W <= n; i += W) P::load(a + i).square().store(out + i);
  for (; i < n; ++i) PackedScalar::load(a + i).square().store(out + i);
}
template <PackedField P>
void scale_slice(Fp* out, const Fp* a, Fp s, size_t n) {
  constexpr size_t W = P::kWidth;
  const P sv = P::broadcast(s);
  size_t i = 0;
  for (; i + W <= n; i += W) (P::load(a + i) * sv).store(out + i);
  for (; i < n; ++i) (PackedScalar::load(a + i) * PackedScalar{s}).store(out + i);
}

template <PackedField P>
void mul_add_slice(Fp* out, const Fp* a, Fp s, const Fp* b, size_t n) {
  constexpr size_t W = P::kWidth;
  const P sv = P::broadcast(s);
  size_t i = 0;
  for (; i + W <= n; i += W) (P::load(a + i) * sv + P::load(b + i)).store(out + i);
  for (; i < n; ++i) (PackedScalar::load(a + i) * PackedScalar{s} + PackedScalar::load(b + i)).store(out + i);
}

}  // namespace goldfinch::packed::detail
