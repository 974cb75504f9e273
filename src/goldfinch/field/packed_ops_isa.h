// Raw entry points of the per-ISA elementwise kernels (internal to packed_ops.cc and tests of the
// ODR rule). Each is defined in the translation unit compiled for its ISA.
#pragma once

#include <cstddef>

#include "goldfinch/field/goldilocks.h"

#define GF_DECLARE_PACKED_OPS(ns)                                     \
  namespace goldfinch::ns {                                           \
  void add_slices(Fp* out, const Fp* a, const Fp* b, size_t n);       \
  void sub_slices(Fp* out, const Fp* a, const Fp* b, size_t n);       \
  void mul_slices(Fp* out, const Fp* a, const Fp* b, size_t n);       \
  void neg_slice(Fp* out, const Fp* a, size_t n);                     \
  void square_slice(Fp* out, const Fp* a, size_t n);                  \
  void scale_slice(Fp* out, const Fp* a, Fp s, size_t n);             \
  void mul_add_slice(Fp* out, const Fp* a, Fp s, const Fp* b, size_t n); \
  }

GF_DECLARE_PACKED_OPS(scalar)
GF_DECLARE_PACKED_OPS(avx2)
GF_DECLARE_PACKED_OPS(avx512)

#undef GF_DECLARE_PACKED_OPS
