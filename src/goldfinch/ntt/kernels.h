// The NTT's inner kernels, one set per ISA (kernels_scalar.cc, kernels_avx2.cc,
// kernels_avx512.cc), all working on raw pointers, and the run-time choice among them. The
// orchestration (four-step, cache blocking, threads, orders) lives in ntt.cc and only calls these.
#pragma once

#include <cstddef>

#include "goldfinch/base/cpu_features.h"
#include "goldfinch/field/goldilocks.h"

namespace goldfinch::ntt {

struct Kernels {
  // Full DIF (natural -> bit-reversed) / DIT (bit-reversed -> natural) of a contiguous column,
  // n a power of two >= kMinColumn. tw: twiddle table of at least n entries (twiddles.h).
  void (*dif_column)(Fp* x, size_t n, const Fp* tw);
  void (*dit_column)(Fp* x, size_t n, const Fp* tw);
  // Full DIF / DIT of each of the w columns of an h-row block whose rows start stride apart.
  void (*dif_rows)(Fp* x, size_t h, size_t w, size_t stride, const Fp* tw);
  void (*dit_rows)(Fp* x, size_t h, size_t w, size_t stride, const Fp* tw);
  // The two outermost DIF layers (half-sizes h/2, h/4) of an h-row block; the DIT version does the
  // same two layers in DIT order (h/4 then h/2). h >= 4.
  void (*dif_rows_radix4)(Fp* x, size_t h, size_t w, size_t stride, const Fp* tw);
  void (*dit_rows_radix4)(Fp* x, size_t h, size_t w, size_t stride, const Fp* tw);
  // x[c] *= scale * base^c for c < n.
  void (*twiddle_row)(Fp* x, size_t n, Fp base, Fp scale);
};

// Shortest column the column kernels accept (two AVX-512 vectors); shorter ones run dif_rows
// with w = 1.
inline constexpr size_t kMinColumn = 16;

// The kernel set for `isa`, which must be available (isa_available).
const Kernels& kernels_for(Isa isa);

#define GF_DECLARE_NTT_KERNELS(ns)                                                      \
  namespace goldfinch::ntt::ns {                                                        \
  void dif_column(Fp* x, size_t n, const Fp* tw);                                       \
  void dit_column(Fp* x, size_t n, const Fp* tw);                                       \
  void dif_rows(Fp* x, size_t h, size_t w, size_t stride, const Fp* tw);                \
  void dit_rows(Fp* x, size_t h, size_t w, size_t stride, const Fp* tw);                \
  void dif_rows_radix4(Fp* x, size_t h, size_t w, size_t stride, const Fp* tw);         \
  void dit_rows_radix4(Fp* x, size_t h, size_t w, size_t stride, const Fp* tw);         \
  void twiddle_row(Fp* x, size_t n, Fp base, Fp scale);                                 \
  }

}  // namespace goldfinch::ntt

GF_DECLARE_NTT_KERNELS(scalar)
GF_DECLARE_NTT_KERNELS(avx2)
GF_DECLARE_NTT_KERNELS(avx512)

// Defines the entry points of namespace goldfinch::ntt::<ns> from the templates in
// kernels_impl.h for packing P (used once in each kernels_<isa>.cc).
#define GF_DEFINE_NTT_KERNELS(P)                                                                                   \
  void dif_column(Fp* x, size_t n, const Fp* tw) { detail::dif_column<P>(x, n, tw); }                             \
  void dit_column(Fp* x, size_t n, const Fp* tw) { detail::dit_column<P>(x, n, tw); }                             \
  void dif_rows(Fp* x, size_t h, size_t w, size_t stride, const Fp* tw) { detail::dif_rows<P>(x, h, w, stride, tw); } \
  void dit_rows(Fp* x, size_t h, size_t w, size_t stride, const Fp* tw) { detail::dit_rows<P>(x, h, w, stride, tw); } \
  void dif_rows_radix4(Fp* x, size_t h, size_t w, size_t stride, const Fp* tw) {                                   \
    detail::rows_radix4<P, true>(x, h, w, stride, tw);                                                             \
  }                                                                                                                \
  void dit_rows_radix4(Fp* x, size_t h, size_t w, size_t stride, const Fp* tw) {                                   \
    detail::rows_radix4<P, false>(x, h, w, stride, tw);                                                            \
  }                                                                                                                \
  void twiddle_row(Fp* x, size_t n, Fp base, Fp scale) { detail::twiddle_row<P>(x, n, base, scale); }
